import { firmDetails, registerFirm, validVatNumber } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('firms: registration, members, sites and access (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('lets a firm user register their firm once, and become its owner', async () => {
    const user = await testApp.signIn('firm');
    const before = await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    expect(before.body.firmId).toBeNull();

    const created = await testApp.http
      .post('/api/v1/firms')
      .set(user.auth)
      .send(firmDetails({ vatNumber: 'IT 00488410010', taxCode: '00488410010', registeredOffice: { address: ' Via Gaetano Negri 1 ', city: 'Milano', province: 'mi' }, pecAddress: 'Telecom@PEC.it' }))
      .expect(201);
    expect(created.body).toMatchObject({
      vatNumber: '00488410010',
      registeredOffice: { address: 'Via Gaetano Negri 1', city: 'Milano', province: 'MI' },
      pecAddress: 'telecom@pec.it',
      serviceKind: 'both',
    });

    const after = await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    expect(after.body.firmId).toBe(created.body.id);
    const members = await testApp.http.get(`/api/v1/firms/${created.body.id}/members`).set(user.auth).expect(200);
    expect(members.body).toEqual([expect.objectContaining({ userId: user.id, isOwner: true })]);

    const again = await testApp.http.post('/api/v1/firms').set(user.auth).send(firmDetails()).expect(409);
    expect(again.body.code).toBe('already_in_firm');
    const other = await testApp.signIn('firm');
    const sameVat = await testApp.http.post('/api/v1/firms').set(other.auth).send(firmDetails({ vatNumber: '00488410010' })).expect(409);
    expect(sameVat.body).toMatchObject({ code: 'vat_number_taken', message: 'A firm with this VAT number is already registered' });
  });

  it('refuses a VAT number with a wrong check digit, saying so', async () => {
    const user = await testApp.signIn('firm');
    const wrong = await testApp.http.post('/api/v1/firms').set(user.auth).send(firmDetails({ vatNumber: '00488410011' })).expect(400);
    expect(wrong.body).toMatchObject({ code: 'invalid_vat_number', message: expect.stringMatching(/00488410011 fails its check digit/) });
    expect(wrong.body.details.fields.vatNumber).toHaveLength(1);
    const short = await testApp.http.post('/api/v1/firms').set(user.auth).send(firmDetails({ vatNumber: '0048841001' })).expect(400);
    expect(short.body.message).toBe('vatNumber must have exactly 11 digits, not 10');
    const me = await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    expect(me.body.firmId).toBeNull();
  });

  it('validates every field of the registration by name', async () => {
    const user = await testApp.signIn('firm');
    const response = await testApp.http
      .post('/api/v1/firms')
      .set(user.auth)
      .send(firmDetails({ rocNumber: 'ROC-1', registeredOffice: { address: 'Via Roma 1', city: 'Roma', province: 'Roma' }, pecAddress: 'not-an-address', serviceKind: 'telepathy', website: 'ftp://x' }))
      .expect(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['pecAddress', 'registeredOffice.province', 'rocNumber', 'serviceKind', 'website']);
  });

  it('lets staff read firms but not register or change them', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Staff Visible S.p.A.' });
    const auditor = await testApp.signIn('auditor');
    await testApp.http.get(`/api/v1/firms/${firm.id}`).set(auditor.auth).expect(200);
    const list = await testApp.http.get('/api/v1/firms?search=staff%20visible').set(auditor.auth).expect(200);
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([firm.id]);
    const byVat = await testApp.http.get(`/api/v1/firms?search=IT${firm.vatNumber}`).set(auditor.auth).expect(200);
    expect(byVat.body.total).toBe(1);
    await testApp.http.patch(`/api/v1/firms/${firm.id}`).set(auditor.auth).send({ legalName: 'Hijacked' }).expect(403);
    await testApp.http.post('/api/v1/firms').set(auditor.auth).send(firmDetails()).expect(403);
    await testApp.http.get('/api/v1/firms').set(firm.owner.auth).expect(403);
  });

  it("gives a firm user nothing of another firm's data: 404 on every read and write", async () => {
    const mine = await registerFirm(testApp);
    const theirs = await registerFirm(testApp);
    const auth = mine.owner.auth;
    const base = `/api/v1/firms/${theirs.id}`;
    const site = await testApp.http.post(`${base}/sites`).set(theirs.owner.auth).send({ name: 'HQ', address: 'Via Roma 1', city: 'Roma', country: 'IT' }).expect(201);
    const number = await testApp.http.post(`${base}/numbers`).set(theirs.owner.auth).send({ number: '02 12345678' }).expect(201);

    const attempts: [string, () => PromiseLike<{ status: number; body: { code?: string } }>][] = [
      ['read the firm', () => testApp.http.get(base).set(auth)],
      ['change the firm', () => testApp.http.patch(base).set(auth).send({ legalName: 'Mine now' })],
      ['list members', () => testApp.http.get(`${base}/members`).set(auth)],
      ['add a member', () => testApp.http.post(`${base}/members`).set(auth).send({ email: 'intruder@example.it', displayName: 'I', password: 'password password' })],
      ['list sites', () => testApp.http.get(`${base}/sites`).set(auth)],
      ['declare a site', () => testApp.http.post(`${base}/sites`).set(auth).send({ name: 'X', address: 'X', city: 'X', country: 'IT' })],
      ['close a site', () => testApp.http.post(`${base}/sites/${site.body.id}/close`).set(auth)],
      ['list numbers', () => testApp.http.get(`${base}/numbers`).set(auth)],
      ['declare a number', () => testApp.http.post(`${base}/numbers`).set(auth).send({ number: '06 7654321' })],
      ['retire a number', () => testApp.http.post(`${base}/numbers/${number.body.id}/retire`).set(auth)],
      ['import numbers', () => testApp.http.post(`${base}/numbers/import`).set(auth).attach('file', Buffer.from('06 7654321\n'), 'numbers.csv')],
    ];
    for (const [attempt, call] of attempts) {
      const response = await call();
      expect({ attempt, status: response.status, code: response.body.code }).toEqual({ attempt, status: 404, code: 'not_found' });
    }
    // Their own number of the other firm, through their own firm's path, is not found either.
    await testApp.http.post(`/api/v1/firms/${mine.id}/numbers/${number.body.id}/retire`).set(auth).expect(404);
    const unchanged = await testApp.http.get(base).set(theirs.owner.auth).expect(200);
    expect(unchanged.body.legalName).toBe('Contact Center Esempio S.r.l.');
  });

  it('lets its owner change the firm, with the change in the history', async () => {
    const firm = await registerFirm(testApp);
    const newVat = validVatNumber();
    const updated = await testApp.http.patch(`/api/v1/firms/${firm.id}`).set(firm.owner.auth).send({ legalName: 'Nuovo Nome S.r.l.', vatNumber: newVat, website: null }).expect(200);
    expect(updated.body).toMatchObject({ legalName: 'Nuovo Nome S.r.l.', vatNumber: newVat, website: null, rocNumber: '12345' });
    const wrong = await testApp.http.patch(`/api/v1/firms/${firm.id}`).set(firm.owner.auth).send({ vatNumber: `${newVat.slice(0, 10)}${(Number(newVat[10]) + 1) % 10}` }).expect(400);
    expect(wrong.body.code).toBe('invalid_vat_number');

    const admin = await testApp.signIn('admin');
    const events = await testApp.http.get(`/api/v1/history?entityType=firm&entityId=${firm.id}`).set(admin.auth).expect(200);
    expect(events.body.map((e: { action: string }) => e.action)).toEqual(['firm.registered', 'firm.updated']);
    expect(events.body[1]).toMatchObject({ before: { legalName: 'Contact Center Esempio S.r.l.' }, after: { legalName: 'Nuovo Nome S.r.l.' } });
  });

  it('lets the owner add users to the firm, in one transaction; other members cannot', async () => {
    const firm = await registerFirm(testApp);
    const added = await testApp.http
      .post(`/api/v1/firms/${firm.id}/members`)
      .set(firm.owner.auth)
      .send({ email: 'Operatore@Esempio.it', displayName: 'Luca Bianchi', password: 'una password lunga' })
      .expect(201);
    expect(added.body).toMatchObject({ email: 'operatore@esempio.it', isOwner: false });

    const login = await testApp.http.post('/api/v1/auth/login').send({ email: 'operatore@esempio.it', password: 'una password lunga' }).expect(200);
    const memberAuth = { Authorization: `Bearer ${login.body.token}` };
    const me = await testApp.http.get('/api/v1/auth/me').set(memberAuth).expect(200);
    expect(me.body).toMatchObject({ role: 'firm', firmId: firm.id });
    await testApp.http.get(`/api/v1/firms/${firm.id}`).set(memberAuth).expect(200);

    const notOwner = await testApp.http.post(`/api/v1/firms/${firm.id}/members`).set(memberAuth).send({ email: 'x@esempio.it', displayName: 'X', password: 'una password lunga' }).expect(403);
    expect(notOwner.body.code).toBe('not_firm_owner');
    const taken = await testApp.http.post(`/api/v1/firms/${firm.id}/members`).set(firm.owner.auth).send({ email: firm.owner.email, displayName: 'Again', password: 'una password lunga' }).expect(409);
    expect(taken.body.code).toBe('email_taken');

    const members = await testApp.http.get(`/api/v1/firms/${firm.id}/members`).set(firm.owner.auth).expect(200);
    expect(members.body.map((m: { email: string }) => m.email).sort()).toEqual([firm.owner.email, 'operatore@esempio.it'].sort());
    const signUp = await testApp.http.post('/api/v1/auth/signup').send({ email: 'x@esempio.it', displayName: 'X', password: 'una password lunga' }).expect(201);
    expect(signUp.body.user.email).toBe('x@esempio.it');
  });

  it('flags operating sites outside the EU and keeps closed ones', async () => {
    const firm = await registerFirm(testApp);
    const base = `/api/v1/firms/${firm.id}/sites`;
    const rome = await testApp.http.post(base).set(firm.owner.auth).send({ name: 'Sede di Roma', address: 'Via Roma 1', city: 'Roma', country: 'it' }).expect(201);
    expect(rome.body).toMatchObject({ country: 'IT', outsideEu: false, closedAt: null });
    const tirana = await testApp.http.post(base).set(firm.owner.auth).send({ name: 'Sede di Tirana', address: 'Rruga e Durrësit 10', city: 'Tirana', country: 'AL' }).expect(201);
    expect(tirana.body.outsideEu).toBe(true);
    const unknown = await testApp.http.post(base).set(firm.owner.auth).send({ name: 'Nowhere', address: 'X', city: 'X', country: 'XX' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'invalid_country', details: { fields: { country: ['XX is not an ISO 3166-1 country code'] } } });

    const closed = await testApp.http.post(`${base}/${rome.body.id}/close`).set(firm.owner.auth).expect(200);
    expect(closed.body.closedAt).not.toBeNull();
    const again = await testApp.http.post(`${base}/${rome.body.id}/close`).set(firm.owner.auth).expect(409);
    expect(again.body.code).toBe('site_already_closed');

    const auditor = await testApp.signIn('auditor');
    const seen = await testApp.http.get(base).set(auditor.auth).expect(200);
    expect(seen.body.map((s: { name: string; outsideEu: boolean; closedAt: string | null }) => [s.name, s.outsideEu, s.closedAt !== null])).toEqual([
      ['Sede di Roma', false, true],
      ['Sede di Tirana', true, false],
    ]);
  });
});
