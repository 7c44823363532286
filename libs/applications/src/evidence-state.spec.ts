import { evidenceState, evidenceVersionNumbers } from './evidence-state';

describe('evidenceState', () => {
  const today = '2026-12-01';

  it('is in force through its expiry day, and without an expiry', () => {
    expect(evidenceState({ supersededById: null, expiresOn: '2026-12-01' }, today)).toBe('in_force');
    expect(evidenceState({ supersededById: null, expiresOn: null }, today)).toBe('in_force');
  });

  it('is expired from the day after its expiry (a document that expired on 30/11 is not in force on 1/12)', () => {
    expect(evidenceState({ supersededById: null, expiresOn: '2026-11-30' }, today)).toBe('expired');
  });

  it('is superseded once a newer version replaces it, whatever its dates', () => {
    expect(evidenceState({ supersededById: 'newer', expiresOn: null }, today)).toBe('superseded');
    expect(evidenceState({ supersededById: 'newer', expiresOn: '2026-11-30' }, today)).toBe('superseded');
  });
});

describe('evidenceVersionNumbers', () => {
  it('numbers each replacement one more than the version it replaces, first uploads 1', () => {
    const numbers = evidenceVersionNumbers([
      { id: 'c', supersedesId: 'b' },
      { id: 'a', supersedesId: null },
      { id: 'b', supersedesId: 'a' },
      { id: 'other', supersedesId: null },
    ]);
    expect(Object.fromEntries(numbers)).toEqual({ a: 1, b: 2, c: 3, other: 1 });
  });

  it('counts from the first document it knows when the chain leads elsewhere, and never loops', () => {
    expect(Object.fromEntries(evidenceVersionNumbers([{ id: 'b', supersedesId: 'missing' }]))).toEqual({ b: 1 });
    expect(evidenceVersionNumbers([{ id: 'x', supersedesId: 'y' }, { id: 'y', supersedesId: 'x' }]).size).toBe(2);
  });
});
