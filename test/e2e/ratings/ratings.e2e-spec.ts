import { romeCalendarDate } from '@app/core';
import { RatingsService } from '@app/ratings';
import { DataSource } from 'typeorm';
import { registerFirm } from '../../factories/firm.factory';
import { issueRating, ratedFirm } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('rating lifecycle (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const events = async (ratingId: string) =>
    (await dataSource.query<{ kind: string }[]>(`SELECT kind FROM rating_event WHERE rating_id = $1 ORDER BY occurred_at, id`, [ratingId])).map((e) => e.kind);

  it('issues an active rating valid twelve months, with a certificate number, public event, history and render job', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const { rating } = await ratedFirm(testApp);
    expect(rating).toMatchObject({ status: 'active', certificateNumber: expect.stringMatching(/^AQ-2026-\d{6}$/), certificateSha256: null });
    expect(rating.validUntil.toISOString()).toBe('2027-11-24T10:00:00.000Z');
    expect(await events(rating.id)).toEqual(['issued']);
    const [{ count }] = await dataSource.query<{ count: string }[]>(`SELECT count(*) FROM pgboss.job WHERE name = 'certificates.render' AND data->>'ratingId' = $1`, [rating.id]);
    expect(count).toBe('1');
    const admin = await testApp.signIn('admin');
    const history = await testApp.http.get(`/api/v1/history?entityType=rating&entityId=${rating.id}`).set(admin.auth).expect(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['rating.issued']);
  });

  it('suspends, reinstates and revokes through the API; revoked is final', async () => {
    const { firm, rating } = await ratedFirm(testApp);
    const reviewer = await testApp.signIn('reviewer');
    const suspended = await testApp.http
      .post(`/api/v1/ratings/${rating.id}/suspend`)
      .set(reviewer.auth)
      .send({ reason: 'irregularities', publicNote: 'Verifica in corso su segnalazioni' })
      .expect(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', suspensionReason: 'irregularities', publicNote: 'Verifica in corso su segnalazioni' });
    await testApp.http.post(`/api/v1/ratings/${rating.id}/reinstate`).set(reviewer.auth).send({}).expect(200);
    const revoked = await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(reviewer.auth).send({ reason: 'false_declarations', publicNote: 'Dichiarazioni non veritiere' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'false_declarations' });
    const again = await testApp.http.post(`/api/v1/ratings/${rating.id}/reinstate`).set(reviewer.auth).send({}).expect(409);
    expect(again.body).toMatchObject({ code: 'invalid_transition', message: 'Rating cannot go from revoked to active' });
    expect(await events(rating.id)).toEqual(['issued', 'suspended', 'reinstated', 'revoked']);

    const own = await testApp.http.get(`/api/v1/ratings?firmId=${firm.id}`).set(firm.owner.auth).expect(200);
    expect(own.body.map((r: { status: string }) => r.status)).toEqual(['revoked']);
  });

  it('lets only reviewers and admins suspend or revoke, and refuses bad input', async () => {
    const { firm, rating } = await ratedFirm(testApp);
    const auditor = await testApp.signIn('auditor');
    await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(auditor.auth).send({ reason: 'irregularities', publicNote: 'x'.repeat(10) }).expect(403);
    await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(firm.owner.auth).send({ reason: 'irregularities', publicNote: 'x'.repeat(10) }).expect(403);
    const admin = await testApp.signIn('admin');
    const bad = await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(admin.auth).send({ reason: 'because', publicNote: '' }).expect(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['publicNote', 'reason']);
    await testApp.http.post(`/api/v1/ratings/00000000-0000-4000-8000-000000000000/revoke`).set(admin.auth).send({ reason: 'irregularities', publicNote: 'nota pubblica' }).expect(404);
  });

  it("hides another firm's ratings from a firm user", async () => {
    const { rating } = await ratedFirm(testApp);
    const other = await registerFirm(testApp);
    await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(other.owner.auth).expect(404);
    const list = await testApp.http.get(`/api/v1/ratings?firmId=${rating.firmId}`).set(other.owner.auth).expect(200);
    expect(list.body).toEqual([]);
  });

  it('supersedes the current rating on renewal, in the same transaction', async () => {
    const { firm, rating: first, reviewer } = await ratedFirm(testApp);
    const second = await issueRating(testApp, firm.id, reviewer);
    const reviewerView = await testApp.http.get(`/api/v1/ratings/${first.id}`).set(reviewer.auth).expect(200);
    expect(reviewerView.body).toMatchObject({ status: 'expired', supersededById: second.id });
    expect(second.status).toBe('active');
    expect(await events(first.id)).toEqual(['issued', 'superseded']);
  });

  it('reads as expired the moment validity ends, before any job, and the job then records it', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const { rating } = await ratedFirm(testApp);
    testApp.clock.set(new Date('2027-11-24T10:00:00Z'));
    const reviewer = await testApp.signIn('reviewer');
    const read = await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200);
    expect(read.body.status).toBe('expired');
    const [{ status }] = await dataSource.query<{ status: string }[]>(`SELECT status FROM rating WHERE id = $1`, [rating.id]);
    expect(status).toBe('active');

    await testApp.app.get(RatingsService).recordLapses();
    const [recorded] = await dataSource.query<{ status: string; ended_at: Date }[]>(`SELECT status, ended_at FROM rating WHERE id = $1`, [rating.id]);
    expect(recorded).toMatchObject({ status: 'expired', ended_at: new Date('2027-11-24T10:00:00Z') });
    expect(await events(rating.id)).toEqual(['issued', 'expired']);
    testApp.clock.set(new Date());
  });

  it('turns a suspension not lifted in time into a revocation', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const { rating, reviewer } = await ratedFirm(testApp);
    await testApp.http.post(`/api/v1/ratings/${rating.id}/suspend`).set(reviewer.auth).send({ reason: 'failed_surveillance', publicNote: 'Sorveglianza non superata' }).expect(200);
    testApp.clock.set(new Date('2027-02-22T10:00:00Z'));
    const later = await testApp.signIn('reviewer');
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(later.auth).expect(200)).body.status).toBe('revoked');
    await testApp.app.get(RatingsService).recordLapses();
    const [recorded] = await dataSource.query<{ status: string; revocation_reason: string }[]>(`SELECT status, revocation_reason FROM rating WHERE id = $1`, [rating.id]);
    expect(recorded).toEqual({ status: 'revoked', revocation_reason: 'failed_surveillance' });
    testApp.clock.set(new Date());
  });

  it('numbers certificates without gaps under concurrent issues', async () => {
    const year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    const reviewer = await testApp.signIn('reviewer');
    const firms = await Promise.all(Array.from({ length: 10 }, () => registerFirm(testApp)));
    const [{ before }] = await dataSource.query<{ before: number | null }[]>(`SELECT max(certificate_sequence) AS before FROM rating WHERE certificate_year = $1`, [year]);
    const ratings = await Promise.all(firms.map((firm) => issueRating(testApp, firm.id, reviewer)));
    const sequences = ratings.map((r) => Number(r.certificateNumber.slice(-6))).sort((a, b) => a - b);
    const start = (before ?? 0) + 1;
    expect(sequences).toEqual(Array.from({ length: 10 }, (_, i) => start + i));
  });

  it('gives back the number of an issue that rolls back', async () => {
    const reviewer = await testApp.signIn('reviewer');
    const firm = await registerFirm(testApp);
    const [{ last }] = await dataSource.query<{ last: number }[]>(`SELECT coalesce(max(last_sequence), 0) AS last FROM certificate_counter`);
    await expect(issueRating(testApp, '00000000-0000-4000-8000-000000000000', reviewer)).rejects.toThrow();
    const next = await issueRating(testApp, firm.id, reviewer);
    expect(Number(next.certificateNumber.slice(-6))).toBe(last + 1);
  });

  it('is guarded by the database: one current rating per firm, legal transitions, immutable facts, no deletes', async () => {
    const { firm, rating } = await ratedFirm(testApp);
    await expect(dataSource.query(`UPDATE rating SET certificate_number = 'AQ-2026-999999' WHERE id = $1`, [rating.id])).rejects.toThrow(/never change/);
    await expect(dataSource.query(`DELETE FROM rating WHERE id = $1`, [rating.id])).rejects.toThrow(/never deleted/);
    await expect(
      dataSource.query(
        `INSERT INTO rating (id, firm_id, application_id, decided_by_id, certificate_number, certificate_year, certificate_sequence, checklist_version, status, issued_at, valid_from, valid_until)
         SELECT gen_random_uuid(), firm_id, (SELECT id FROM application WHERE firm_id = $1 LIMIT 1), decided_by_id, 'AQ-1999-000001', 1999, 1, '2026.1', 'active', now(), now(), now() + interval '1 year' FROM rating WHERE id = $2`,
        [firm.id, rating.id],
      ),
    ).rejects.toThrow(/uq_rating_firm_current|uq_rating_application_id/);
    await dataSource.query(`UPDATE rating SET status = 'revoked', revocation_reason = 'irregularities', ended_at = now() WHERE id = $1`, [rating.id]);
    await expect(dataSource.query(`UPDATE rating SET status = 'active', revocation_reason = NULL, ended_at = NULL WHERE id = $1`, [rating.id])).rejects.toThrow(/illegal transition/);
  });

  it('keeps the first certificate hash for good', async () => {
    const { rating } = await ratedFirm(testApp);
    const service = testApp.app.get(RatingsService);
    const sha = 'a'.repeat(64);
    await dataSource.query(`INSERT INTO stored_blob (sha256, content_type, size, bytes) VALUES ($1, 'application/pdf', 1, '\\x00') ON CONFLICT DO NOTHING`, [sha]);
    await expect(service.attachCertificate(rating.id, sha)).resolves.toBe(true);
    await expect(service.attachCertificate(rating.id, sha)).resolves.toBe(false);
    await expect(dataSource.query(`UPDATE rating SET certificate_sha256 = NULL WHERE id = $1`, [rating.id])).rejects.toThrow(/never changes/);
  });

  it('opens one revocation review when a sanction that counts becomes definitive', async () => {
    const { firm, rating } = await ratedFirm(testApp);
    const admin = await testApp.signIn('admin');
    const today = romeCalendarDate(new Date());
    const sanction = await testApp.http
      .post('/api/v1/sanctions')
      .set(admin.auth)
      .send({ firmId: firm.id, authority: 'garante_privacy', reference: `doc. web n. ${Date.now()}`, conductCategory: 'data_protection', imposedOn: today, sourceUrl: 'https://www.garanteprivacy.it/' })
      .expect(201);
    const reviewer = await testApp.signIn('reviewer');
    const before = await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200);
    expect(before.body.filter((t: { ratingId: string }) => t.ratingId === rating.id)).toEqual([]);

    await testApp.http.patch(`/api/v1/sanctions/${sanction.body.id}`).set(admin.auth).send({ definitiveOn: today }).expect(200);
    const tasks = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body.filter((t: { ratingId: string }) => t.ratingId === rating.id);
    expect(tasks).toEqual([expect.objectContaining({ kind: 'sanction', sourceRef: sanction.body.id, firmId: firm.id })]);

    await testApp.http.post(`/api/v1/review-tasks/${tasks[0].id}/close`).set(reviewer.auth).send({ outcome: 'no_action', note: 'Sanzione già valutata' }).expect(200);
    await testApp.http.post(`/api/v1/review-tasks/${tasks[0].id}/close`).set(reviewer.auth).send({ outcome: 'no_action', note: 'di nuovo' }).expect(404);
  });
});
