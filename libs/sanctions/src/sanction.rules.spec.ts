import { canTransition } from '@app/core';
import { countsAgainstSeal, SANCTION_TRANSITIONS, sanctionDateProblems } from './sanction.rules';

describe('sanction rules', () => {
  it('moves a sanction from appeal to definitive, and to annulled from either; never back', () => {
    expect(canTransition(SANCTION_TRANSITIONS, 'under_appeal', 'definitive')).toBe(true);
    expect(canTransition(SANCTION_TRANSITIONS, 'under_appeal', 'annulled')).toBe(true);
    expect(canTransition(SANCTION_TRANSITIONS, 'definitive', 'annulled')).toBe(true);
    expect(canTransition(SANCTION_TRANSITIONS, 'definitive', 'under_appeal')).toBe(false);
    expect(canTransition(SANCTION_TRANSITIONS, 'annulled', 'definitive')).toBe(false);
    expect(canTransition(SANCTION_TRANSITIONS, 'annulled', 'under_appeal')).toBe(false);
  });

  it('counts a definitive, not annulled sanction for data violations or consumer harm', () => {
    expect(countsAgainstSeal({ conductCategory: 'data_protection', definitiveOn: '2026-01-01', annulled: false })).toBe(true);
    expect(countsAgainstSeal({ conductCategory: 'consumer_harm', definitiveOn: '2026-01-01', annulled: false })).toBe(true);
    expect(countsAgainstSeal({ conductCategory: 'other', definitiveOn: '2026-01-01', annulled: false })).toBe(false);
    expect(countsAgainstSeal({ conductCategory: 'data_protection', definitiveOn: null, annulled: false })).toBe(false);
    expect(countsAgainstSeal({ conductCategory: 'data_protection', definitiveOn: '2026-01-01', annulled: true })).toBe(false);
  });

  it('accepts dates up to today, definitive on or after the imposition', () => {
    expect(sanctionDateProblems('2026-01-10', null, '2026-06-15')).toEqual({});
    expect(sanctionDateProblems('2026-01-10', '2026-01-10', '2026-06-15')).toEqual({});
    expect(sanctionDateProblems('2026-06-15', '2026-06-15', '2026-06-15')).toEqual({});
  });

  it('names the wrong date', () => {
    expect(sanctionDateProblems('2026-02-30', '2026-03-01', '2026-06-15')).toEqual({ imposedOn: ['imposedOn must be a calendar date (YYYY-MM-DD)'] });
    expect(sanctionDateProblems('2026-06-16', null, '2026-06-15')).toEqual({ imposedOn: ['imposedOn must not be after today (2026-06-15)'] });
    expect(sanctionDateProblems('2026-01-10', '2026-06-16', '2026-06-15')).toEqual({ definitiveOn: ['definitiveOn must not be after today (2026-06-15)'] });
    expect(sanctionDateProblems('2026-01-10', '2026-01-09', '2026-06-15')).toEqual({ definitiveOn: ['definitiveOn must not be before imposedOn'] });
  });
});
