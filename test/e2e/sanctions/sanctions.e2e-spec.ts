import { ConflictError } from '@app/core';
import { FirmsService, vatCheckDigit } from '@app/firms';
import { SanctionBecameDefinitive, SanctionEvents } from '@app/sanctions';
import { DataSource } from 'typeorm';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const TODAY = new Date('2026-06-15T10:00:00Z');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
let firmCounter = 0;

const sanctionInput = (firmId: string, overrides: Record<string, unknown> = {}) => ({
  firmId,
  authority: 'garante_privacy',
  reference: `Provvedimento n. ${++firmCounter} del 15 gennaio 2026`,
  conductCategory: 'data_protection',
  amountCents: 150_000_00,
  imposedOn: '2026-01-15',
  definitiveOn: null,
  sourceUrl: 'https://www.garanteprivacy.it/home/docweb/-/docweb-display/docweb/10000000',
  notes: 'Chiamate promozionali a numeri iscritti al Registro delle opposizioni',
  ...overrides,
});

describe('sanctions register (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let admin: SignedInUser;
  let auditor: SignedInUser;
  let firmUser: SignedInUser;

  /** A firm registered by its own user, as the firms domain does it. */
  const registerFirm = async (): Promise<string> => {
    const owner = await testApp.signIn('firm');
    firmCounter += 1;
    const firstTen = String(1_234_500_000 + firmCounter);
    const firm = await testApp.app.get(FirmsService).register(
      { userId: owner.id, email: owner.email, role: 'firm', firmId: null },
      {
        legalName: `Contact Center ${firmCounter} S.r.l.`,
        vatNumber: `${firstTen}${vatCheckDigit(firstTen)}`,
        rocNumber: `${30000 + firmCounter}`,
        registeredOffice: { address: 'Via Roma 1', city: 'Milano', province: 'MI' },
        pecAddress: `cc${firmCounter}@pec.example.it`,
        serviceKind: 'outbound',
      },
    );
    return firm.id;
  };

  const record = (firmId: string, overrides: Record<string, unknown> = {}) =>
    testApp.http.post('/api/v1/sanctions').set(admin.auth).send(sanctionInput(firmId, overrides));

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(TODAY);
    admin = await testApp.signIn('admin');
    auditor = await testApp.signIn('auditor');
    firmUser = await testApp.signIn('firm');
  });
  afterAll(() => testApp.close());

  it('lets an admin record a sanction that staff can read, and writes it to the history', async () => {
    const firmId = await registerFirm();
    const created = await record(firmId).expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      firmId,
      authority: 'garante_privacy',
      conductCategory: 'data_protection',
      amountCents: 150_000_00,
      imposedOn: '2026-01-15',
      definitiveOn: null,
      status: 'under_appeal',
      annulledAt: null,
    });
    const reviewer = await testApp.signIn('reviewer');
    for (const reader of [auditor, reviewer, admin]) {
      const got = await testApp.http.get(`/api/v1/sanctions/${created.body.id}`).set(reader.auth).expect(200);
      expect(got.body).toEqual(created.body);
      const listed = await testApp.http.get('/api/v1/sanctions').query({ firmId }).set(reader.auth).expect(200);
      expect(listed.body).toMatchObject({ total: 1, items: [created.body] });
    }
    const history = await testApp.http.get('/api/v1/history').query({ entityType: 'sanction', entityId: created.body.id }).set(admin.auth).expect(200);
    expect(history.body).toEqual([expect.objectContaining({ action: 'sanction.recorded', actorLabel: admin.email, after: created.body })]);
  });

  it('keeps firm users and anonymous callers out', async () => {
    const firmId = await registerFirm();
    const created = await record(firmId).expect(201);
    await testApp.http.get('/api/v1/sanctions').set(firmUser.auth).expect(403);
    await testApp.http.get(`/api/v1/sanctions/${created.body.id}`).set(firmUser.auth).expect(403);
    await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId }).set(firmUser.auth).expect(403);
    await testApp.http.post('/api/v1/sanctions').set(firmUser.auth).send(sanctionInput(firmId)).expect(403);
    await testApp.http.post('/api/v1/sanctions').set(auditor.auth).send(sanctionInput(firmId)).expect(403);
    await testApp.http.patch(`/api/v1/sanctions/${created.body.id}`).set(auditor.auth).send({ notes: 'x' }).expect(403);
    await testApp.http.post(`/api/v1/sanctions/${created.body.id}/annulment`).set(auditor.auth).send({ reason: 'x' }).expect(403);
    await testApp.http.get('/api/v1/sanctions').expect(401);
  });

  it('refuses bad input with a message per field, writing nothing', async () => {
    const firmId = await registerFirm();
    const bad = await testApp.http
      .post('/api/v1/sanctions')
      .set(admin.auth)
      .send({ firmId: 'acme', authority: 'police', reference: '', conductCategory: 'tax', amountCents: 0, imposedOn: '2026-02-30', definitiveOn: '15/01/2026', sourceUrl: 'http://example.it/x', extra: 1 })
      .expect(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.details.fields).toEqual({
      extra: ['property extra should not exist'],
      firmId: ['firmId must be a UUID'],
      authority: ['authority must be one of: garante_privacy, agcom, agcm, judicial'],
      reference: ['reference must be longer than or equal to 1 characters'],
      conductCategory: ['conductCategory must be one of: data_protection, consumer_harm, other'],
      amountCents: ['amountCents must not be less than 1'],
      imposedOn: ['imposedOn must be a calendar date (YYYY-MM-DD)'],
      definitiveOn: ['definitiveOn must be a calendar date (YYYY-MM-DD)'],
      sourceUrl: ['sourceUrl must be an https:// address'],
    });

    const future = await record(firmId, { imposedOn: '2026-06-10', definitiveOn: '2026-06-16' }).expect(400);
    expect(future.body).toMatchObject({ code: 'invalid_sanction', details: { fields: { definitiveOn: ['definitiveOn must not be after today (2026-06-15)'] } } });
    const backwards = await record(firmId, { imposedOn: '2026-03-10', definitiveOn: '2026-03-09' }).expect(400);
    expect(backwards.body.details.fields).toEqual({ definitiveOn: ['definitiveOn must not be before imposedOn'] });

    const created = await record(firmId).expect(201);
    const nulls = await testApp.http.patch(`/api/v1/sanctions/${created.body.id}`).set(admin.auth).send({ authority: null, imposedOn: null }).expect(400);
    expect(nulls.body.details.fields).toEqual({
      authority: ['authority must be one of: garante_privacy, agcom, agcm, judicial'],
      imposedOn: ['imposedOn must be a calendar date (YYYY-MM-DD)'],
    });
    await testApp.http.get('/api/v1/sanctions/not-a-uuid').set(admin.auth).expect(400);
    const listed = await testApp.http.get('/api/v1/sanctions').query({ firmId }).set(admin.auth).expect(200);
    expect(listed.body.total).toBe(1);
  });

  it('answers an unknown firm with 422 in a body and 404 in a query, an unknown sanction with 404', async () => {
    const unknownFirm = await record(UNKNOWN_ID).expect(422);
    expect(unknownFirm.body).toMatchObject({ code: 'unknown_firm', details: { firmId: UNKNOWN_ID } });
    await testApp.http.get('/api/v1/sanctions').query({ firmId: UNKNOWN_ID }).set(auditor.auth).expect(404);
    await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId: UNKNOWN_ID }).set(auditor.auth).expect(404);
    await testApp.http.get(`/api/v1/sanctions/${UNKNOWN_ID}`).set(auditor.auth).expect(404);
    await testApp.http.patch(`/api/v1/sanctions/${UNKNOWN_ID}`).set(admin.auth).send({ notes: 'x' }).expect(404);
  });

  it('refuses recording the same sanction twice (409)', async () => {
    const firmId = await registerFirm();
    await record(firmId, { reference: 'Provv. 77/2026' }).expect(201);
    const duplicate = await record(firmId, { reference: 'Provv. 77/2026' }).expect(409);
    expect(duplicate.body.code).toBe('sanction_exists');
  });

  it('records that a sanction became definitive, never back under appeal, and annuls without deleting', async () => {
    const firmId = await registerFirm();
    const created = await record(firmId).expect(201);
    const id = created.body.id as string;

    const definitive = await testApp.http.patch(`/api/v1/sanctions/${id}`).set(admin.auth).send({ definitiveOn: '2026-05-20' }).expect(200);
    expect(definitive.body).toMatchObject({ status: 'definitive', definitiveOn: '2026-05-20' });
    const back = await testApp.http.patch(`/api/v1/sanctions/${id}`).set(admin.auth).send({ definitiveOn: null }).expect(409);
    expect(back.body).toMatchObject({ code: 'invalid_transition', details: { from: 'definitive', to: 'under_appeal' } });
    const corrected = await testApp.http.patch(`/api/v1/sanctions/${id}`).set(admin.auth).send({ amountCents: null, notes: null }).expect(200);
    expect(corrected.body).toMatchObject({ amountCents: null, notes: null, status: 'definitive' });

    const annulled = await testApp.http.post(`/api/v1/sanctions/${id}/annulment`).set(admin.auth).send({ reason: 'Annullata dal TAR Lazio, sentenza n. 1234/2026' }).expect(200);
    expect(annulled.body).toMatchObject({ status: 'annulled', annulledAt: TODAY.toISOString(), annulmentReason: 'Annullata dal TAR Lazio, sentenza n. 1234/2026' });
    const frozen = await testApp.http.patch(`/api/v1/sanctions/${id}`).set(admin.auth).send({ notes: 'again' }).expect(409);
    expect(frozen.body.code).toBe('sanction_annulled');
    await testApp.http.post(`/api/v1/sanctions/${id}/annulment`).set(admin.auth).send({ reason: 'twice' }).expect(409);
    const emptyReason = await testApp.http.post(`/api/v1/sanctions/${id}/annulment`).set(admin.auth).send({ reason: '' }).expect(400);
    expect(emptyReason.body.details.fields).toEqual({ reason: ['reason must be longer than or equal to 1 characters'] });

    const history = await testApp.http.get('/api/v1/history').query({ entityType: 'sanction', entityId: id }).set(admin.auth).expect(200);
    expect(history.body.map((event: { action: string }) => event.action)).toEqual(['sanction.recorded', 'sanction.became_definitive', 'sanction.updated', 'sanction.annulled']);
    expect(history.body[1]).toMatchObject({ before: { status: 'under_appeal' }, after: { status: 'definitive' } });

    await expect(testApp.app.get(DataSource).query(`DELETE FROM sanction WHERE id = $1`, [id])).rejects.toThrow(/never deleted/);
    const listed = await testApp.http.get('/api/v1/sanctions').query({ firmId, status: 'annulled' }).set(auditor.auth).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('filters the register by status, authority and conduct, newest first, in pages', async () => {
    const firmId = await registerFirm();
    const older = await record(firmId, { imposedOn: '2025-01-10', definitiveOn: '2025-03-01', authority: 'agcm', conductCategory: 'consumer_harm' }).expect(201);
    const newer = await record(firmId, { imposedOn: '2026-02-01', authority: 'agcom' }).expect(201);
    const tax = await record(firmId, { imposedOn: '2025-06-01', definitiveOn: '2025-07-01', authority: 'judicial', conductCategory: 'other' }).expect(201);
    const list = (query: Record<string, string | number>) => testApp.http.get('/api/v1/sanctions').query({ firmId, ...query }).set(auditor.auth).expect(200);
    const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((s) => s.id);

    expect(ids(await list({}))).toEqual([newer.body.id, tax.body.id, older.body.id]);
    expect(ids(await list({ status: 'definitive' }))).toEqual([tax.body.id, older.body.id]);
    expect(ids(await list({ status: 'under_appeal' }))).toEqual([newer.body.id]);
    expect(ids(await list({ authority: 'agcm' }))).toEqual([older.body.id]);
    expect(ids(await list({ conductCategory: 'other' }))).toEqual([tax.body.id]);
    const page2 = await list({ page: 2, pageSize: 2 });
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(ids(page2)).toEqual([older.body.id]);
    const badFilter = await testApp.http.get('/api/v1/sanctions').query({ status: 'pending', pageSize: 500 }).set(auditor.auth).expect(400);
    expect(badFilter.body.details.fields).toEqual({ status: ['status must be one of: under_appeal, definitive, annulled'], pageSize: ['pageSize must not be greater than 200'] });
  });

  it('evaluates criterion 3 for a firm on a decision day, showing what does not count', async () => {
    const firmId = await registerFirm();
    const onLimit = await record(firmId, { imposedOn: '2024-01-10', definitiveOn: '2024-06-15' }).expect(201);
    const appealed = await record(firmId, { imposedOn: '2026-03-01', conductCategory: 'consumer_harm' }).expect(201);
    const tax = await record(firmId, { imposedOn: '2025-06-01', definitiveOn: '2025-07-01', authority: 'judicial', conductCategory: 'other' }).expect(201);

    const clean = await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId }).set(auditor.auth).expect(200);
    expect(clean.body).toEqual({
      firmId,
      passed: true,
      decisionDay: '2026-06-15',
      window: { after: '2024-06-15', through: '2026-06-15' },
      counting: [],
      warnings: [
        { sanction: tax.body, reason: 'unrelated_conduct' },
        { sanction: appealed.body, reason: 'under_appeal' },
      ],
    });

    const dayEarlier = await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId, date: '2026-06-14' }).set(auditor.auth).expect(200);
    expect(dayEarlier.body).toMatchObject({ passed: false, decisionDay: '2026-06-14', counting: [onLimit.body] });

    const beforeTax = await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId, date: '2025-06-20' }).set(auditor.auth).expect(200);
    expect(beforeTax.body.warnings).toEqual([
      { sanction: tax.body, reason: 'unrelated_conduct' },
      { sanction: appealed.body, reason: 'under_appeal' },
    ]);

    const bad = await testApp.http.get('/api/v1/sanctions/criterion').query({ firmId, date: '2026-02-29' }).set(auditor.auth).expect(400);
    expect(bad.body.details.fields).toEqual({ date: ['date must be a calendar date (YYYY-MM-DD)'] });
    const missing = await testApp.http.get('/api/v1/sanctions/criterion').set(auditor.auth).expect(400);
    expect(missing.body.details.fields).toEqual({ firmId: ['firmId must be a UUID'] });
  });

  it('tells SanctionEvents listeners, in the same transaction, when a sanction comes to count', async () => {
    const events = testApp.app.get(SanctionEvents);
    const heard: SanctionBecameDefinitive[] = [];
    const unsubscribe = events.subscribe({
      sanctionBecameDefinitive: (_actor, event) => {
        heard.push(event);
        return Promise.resolve();
      },
    });
    try {
      const firmId = await registerFirm();
      const definitive = await record(firmId, { reference: 'A-1', definitiveOn: '2026-05-01' }).expect(201);
      const appealed = await record(firmId, { reference: 'A-2' }).expect(201);
      const tax = await record(firmId, { reference: 'A-3', definitiveOn: '2026-05-01', conductCategory: 'other' }).expect(201);
      expect(heard).toEqual([{ sanctionId: definitive.body.id, firmId, authority: 'garante_privacy', conductCategory: 'data_protection', reference: 'A-1', definitiveOn: '2026-05-01' }]);

      await testApp.http.patch(`/api/v1/sanctions/${appealed.body.id}`).set(admin.auth).send({ definitiveOn: '2026-06-01' }).expect(200);
      await testApp.http.patch(`/api/v1/sanctions/${tax.body.id}`).set(admin.auth).send({ conductCategory: 'consumer_harm' }).expect(200);
      await testApp.http.patch(`/api/v1/sanctions/${definitive.body.id}`).set(admin.auth).send({ notes: 'already counting: no new event' }).expect(200);
      expect(heard.map((event) => [event.reference, event.definitiveOn])).toEqual([
        ['A-1', '2026-05-01'],
        ['A-2', '2026-06-01'],
        ['A-3', '2026-05-01'],
      ]);
    } finally {
      unsubscribe();
    }

    const refusing = events.subscribe({
      sanctionBecameDefinitive: () => Promise.reject(new ConflictError('review_refused', 'The listener refused')),
    });
    try {
      const firmId = await registerFirm();
      const refused = await record(firmId, { definitiveOn: '2026-05-01' }).expect(409);
      expect(refused.body.code).toBe('review_refused');
      const listed = await testApp.http.get('/api/v1/sanctions').query({ firmId }).set(admin.auth).expect(200);
      expect(listed.body.total).toBe(0);
      const [{ count }] = await testApp.app.get(DataSource).query(`SELECT count(*)::int AS count FROM history WHERE entity_type = 'sanction' AND after->>'firmId' = $1`, [firmId]);
      expect(count).toBe(0);
    } finally {
      refusing();
    }
  });
});
