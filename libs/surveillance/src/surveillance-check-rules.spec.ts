import fc from 'fast-check';
import { CHECK_OUTCOMES, itemsWithoutResult, REVIEW_OUTCOME_OF } from './surveillance-check-rules';

const code = fc.stringMatching(/^[A-Z]{3}-[0-9]{2}$/);

describe('surveillance check rules', () => {
  it('names exactly the items of the check that have no result, in the check order', () => {
    expect(itemsWithoutResult(['COD-01', 'TUT-02', 'SAN-03'], ['TUT-02', 'XYZ-99'])).toEqual(['COD-01', 'SAN-03']);
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 20 }), fc.array(code, { maxLength: 20 }), (items, recorded) => {
        const missing = itemsWithoutResult(items, recorded);
        expect(missing).toEqual(items.filter((item) => !recorded.includes(item)));
        expect(itemsWithoutResult(items, [...recorded, ...missing])).toEqual([]);
      }),
    );
  });

  it('closes a review task with the outcome the check decided', () => {
    expect(CHECK_OUTCOMES.map((outcome) => REVIEW_OUTCOME_OF[outcome])).toEqual(['no_action', 'suspended', 'revoked']);
  });
});
