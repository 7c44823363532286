import { InvalidTransitionError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { RatingsService, SuspensionLengthError } from '@app/ratings';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { registerFirm } from '../../factories/firm.factory';
import { issueRating, ratedFirm, reviewerActor } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The rating aggregate at the service level, on a real database: each change in one transaction
 * with its history event and its public event, transitions the lifecycle forbids refused with
 * nothing written, the database's own guard against a status written around the service, and
 * renewals that keep one current rating per firm even when two are issued at once.
 */
describe('RatingsService (PostgreSQL server)', () => {
  let testApp: TestApp;
  let ratings: RatingsService;
  let history: HistoryService;
  let db: DataSource;
  let txHost: TransactionHost<TransactionAdapter>;

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(new Date('2026-06-15T10:00:00Z'));
    ratings = testApp.app.get(RatingsService);
    history = testApp.app.get(HistoryService);
    db = testApp.app.get(DataSource);
    txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
  });
  afterAll(() => testApp.close());

  const actions = async (ratingId: string) => (await history.forEntity('rating', ratingId)).map((event) => event.action);
  const publicEvents = async (ratingId: string) =>
    (await db.query<{ kind: string }[]>(`SELECT kind FROM rating_event WHERE rating_id = $1 ORDER BY occurred_at, kind`, [ratingId])).map((row) => row.kind);

  it('issues with the next certificate number of the year, its history event and its public event', async () => {
    const { rating } = await ratedFirm(testApp);
    const { rating: next } = await ratedFirm(testApp);
    expect(rating.status).toBe('active');
    const [year, sequence] = rating.certificateNumber.split('-').slice(1).map(Number);
    expect(next.certificateNumber).toBe(`AQ-${year}-${String(sequence + 1).padStart(6, '0')}`);
    expect(await actions(rating.id)).toEqual(['rating.issued']);
    expect(await publicEvents(rating.id)).toEqual(['issued']);
  });

  it('suspends, reinstates and revokes through the lifecycle, each with its history and public event', async () => {
    const { rating, reviewer } = await ratedFirm(testApp);
    const actor = reviewerActor(reviewer);
    const suspended = await ratings.suspend(actor, rating.id, { reason: 'irregularities', publicNote: 'Verifiche in corso', days: 30 });
    expect(suspended).toMatchObject({ status: 'suspended', suspensionReason: 'irregularities' });
    expect(suspended.suspensionDeadline?.toISOString()).toBe('2026-07-15T10:00:00.000Z');
    expect((await ratings.reinstate(actor, rating.id, 'Verifiche concluse')).status).toBe('active');
    expect((await ratings.revoke(actor, rating.id, { reason: 'irregularities', publicNote: 'Chiamate senza consenso' })).status).toBe('revoked');
    expect(await actions(rating.id)).toEqual(['rating.issued', 'rating.suspended', 'rating.reinstated', 'rating.revoked']);
    expect(await publicEvents(rating.id)).toEqual(expect.arrayContaining(['issued', 'suspended', 'reinstated', 'revoked']));
  });

  it('refuses what the lifecycle forbids and writes nothing', async () => {
    const { rating, reviewer } = await ratedFirm(testApp);
    const actor = reviewerActor(reviewer);
    await expect(ratings.reinstate(actor, rating.id, 'Non sospesa')).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(ratings.suspend(actor, rating.id, { reason: 'irregularities', publicNote: 'Troppo lunga', days: 10_000 })).rejects.toBeInstanceOf(SuspensionLengthError);
    await ratings.revoke(actor, rating.id, { reason: 'irregularities', publicNote: 'Revocata' });
    await expect(ratings.suspend(actor, rating.id, { reason: 'irregularities', publicNote: 'Dopo la revoca' })).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await actions(rating.id)).toEqual(['rating.issued', 'rating.revoked']);
  });

  it('lets exactly one of two concurrent revocations through', async () => {
    const { rating, reviewer } = await ratedFirm(testApp);
    const actor = reviewerActor(reviewer);
    const outcomes = await Promise.allSettled([1, 2].map((n) => ratings.revoke(actor, rating.id, { reason: 'irregularities', publicNote: `Revoca ${n}` })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(InvalidTransitionError) });
    expect(await actions(rating.id)).toEqual(['rating.issued', 'rating.revoked']);
  });

  it('is guarded by the database too: a status written around the service is refused', async () => {
    const { rating, reviewer } = await ratedFirm(testApp);
    await ratings.revoke(reviewerActor(reviewer), rating.id, { reason: 'irregularities', publicNote: 'Revocata' });
    await expect(db.query(`UPDATE rating SET status = 'active', ended_at = NULL, revocation_reason = NULL WHERE id = $1`, [rating.id])).rejects.toThrow(/illegal transition/);
    await expect(db.query(`UPDATE rating SET certificate_number = 'AQ-2026-999999' WHERE id = $1`, [rating.id])).rejects.toThrow(/never change/);
  });

  it('renews without a gap: the old rating ends, points at the new one, and the new one starts the day after', async () => {
    const { firm, rating, reviewer } = await ratedFirm(testApp);
    const renewal = await issueRating(testApp, firm.id, reviewer);
    expect(renewal.validFrom.getTime()).toBeGreaterThan(rating.validUntil.getTime());
    expect(renewal.validFrom.getTime() - rating.validUntil.getTime()).toBeLessThanOrEqual(86_400_000);
    const [old] = await db.query<{ status: string; superseded_by_id: string }[]>(`SELECT status, superseded_by_id FROM rating WHERE id = $1`, [rating.id]);
    expect(old).toEqual({ status: 'expired', superseded_by_id: renewal.id });
    expect(await actions(rating.id)).toEqual(['rating.issued', 'rating.superseded']);
    expect(await actions(renewal.id)).toEqual(['rating.renewed']);
  });

  it('keeps one current rating per firm when two are issued at once: the second renews the first', async () => {
    const firm = await registerFirm(testApp);
    const reviewer = await testApp.signIn('reviewer');
    const issued = await Promise.all([issueRating(testApp, firm.id, reviewer), issueRating(testApp, firm.id, reviewer)]);
    const current = await db.query<{ id: string }[]>(`SELECT id FROM rating WHERE firm_id = $1 AND status IN ('active', 'suspended')`, [firm.id]);
    expect(current).toHaveLength(1);
    const renewal = issued.find((rating) => rating.id === current[0].id);
    expect(renewal).toBeDefined();
    expect((await history.forEntity('rating', current[0].id)).map((event) => event.action)).toEqual(['rating.renewed']);
  });

  it('rolls the whole issue back when the caller fails after it: no number is used up, no history kept', async () => {
    const firm = await registerFirm(testApp);
    const reviewer = await testApp.signIn('reviewer');
    const before = await db.query<{ last_sequence: number }[]>(`SELECT last_sequence FROM certificate_counter WHERE year = 2026`);
    await expect(
      txHost.withTransaction(async () => {
        await issueRating(testApp, firm.id, reviewer);
        throw new Error('the decision failed after the issue');
      }),
    ).rejects.toThrow('the decision failed');
    expect(await db.query(`SELECT 1 FROM rating WHERE firm_id = $1`, [firm.id])).toHaveLength(0);
    expect(await db.query<{ last_sequence: number }[]>(`SELECT last_sequence FROM certificate_counter WHERE year = 2026`)).toEqual(before);
  });
});
