import { registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

function numbersApi(testApp: TestApp, firm: RegisteredFirm) {
  const base = `/api/v1/firms/${firm.id}/numbers`;
  return {
    declare: (number: string) => testApp.http.post(base).set(firm.owner.auth).send({ number }),
    list: (status = 'active') => testApp.http.get(`${base}?status=${status}&pageSize=1000`).set(firm.owner.auth).expect(200),
    import: (file: Buffer, name = 'numbers.csv') => testApp.http.post(`${base}/import`).set(firm.owner.auth).attach('file', file, name),
    retire: (numberId: string) => testApp.http.post(`${base}/${numberId}/retire`).set(firm.owner.auth),
  };
}

describe('declared calling numbers (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('stores any common writing as E.164 and refuses invalid numbers with the reason', async () => {
    const firm = await registerFirm(testApp);
    const numbers = numbersApi(testApp, firm);
    expect((await numbers.declare('06 4567890').expect(201)).body).toMatchObject({ e164: '+39064567890', retiredAt: null });
    expect((await numbers.declare('0039 347 7654321').expect(201)).body.e164).toBe('+393477654321');
    expect((await numbers.declare('+44 20 7946 0958').expect(201)).body.e164).toBe('+442079460958');

    const invalid = await numbers.declare('123').expect(400);
    expect(invalid.body).toMatchObject({ code: 'invalid_phone_number', details: { fields: { number: ['too short for a phone number of its country'] } } });
    const again = await numbers.declare('+39 06 4567890').expect(409);
    expect(again.body.code).toBe('number_already_declared');
    expect((await numbers.list()).body.items.map((n: { e164: string }) => n.e164)).toEqual(['+39064567890', '+393477654321', '+442079460958']);
  });

  it('refuses a number another firm declared, without saying which firm', async () => {
    const first = await registerFirm(testApp, { legalName: 'Prima Chiamata S.r.l.' });
    const second = await registerFirm(testApp);
    await numbersApi(testApp, first).declare('+39 02 9876543').expect(201);
    const taken = await numbersApi(testApp, second).declare('02/9876543').expect(409);
    expect(taken.body).toMatchObject({ code: 'number_taken', message: 'This number is already declared by another firm' });
    expect(JSON.stringify(taken.body)).not.toMatch(new RegExp(`${first.id}|Prima Chiamata|${first.vatNumber}`));
  });

  it('retires a number, keeps it on record, and frees it for another firm', async () => {
    const first = await registerFirm(testApp);
    const second = await registerFirm(testApp);
    const declared = await numbersApi(testApp, first).declare('011 5556677').expect(201);
    const retired = await numbersApi(testApp, first).retire(declared.body.id).expect(200);
    expect(retired.body.retiredAt).not.toBeNull();
    expect((await numbersApi(testApp, first).retire(declared.body.id).expect(409)).body.code).toBe('number_already_retired');

    await numbersApi(testApp, second).declare('+39 011 5556677').expect(201);
    expect((await numbersApi(testApp, first).list('active')).body.total).toBe(0);
    expect((await numbersApi(testApp, first).list('retired')).body.items).toEqual([expect.objectContaining({ e164: '+390115556677', retiredAt: expect.any(String) })]);

    const admin = await testApp.signIn('admin');
    const events = await testApp.http.get(`/api/v1/history?entityType=calling_number&entityId=${declared.body.id}`).set(admin.auth).expect(200);
    expect(events.body.map((e: { action: string }) => e.action)).toEqual(['calling_number.declared', 'calling_number.retired']);
  });

  it('imports a CSV list, skipping the header, blank lines, duplicates and numbers already declared', async () => {
    const firm = await registerFirm(testApp);
    const numbers = numbersApi(testApp, firm);
    await numbers.declare('06 1112233').expect(201);
    const result = await numbers.import(csv('numero;sede', '06 1112233;Roma', '', '+39 347 0001111;Milano', '0039 347 0001111', '"02 3334455";"Milano, centro"', '800 123456')).expect(200);
    expect(result.body).toEqual({ linesRead: 5, imported: 3, alreadyDeclared: 1, duplicatesInFile: 1 });
    expect((await numbers.list()).body.items.map((n: { e164: string }) => n.e164)).toEqual(['+39023334455', '+39061112233', '+393470001111', '+39800123456']);

    const admin = await testApp.signIn('admin');
    const events = await testApp.http.get(`/api/v1/history?entityType=firm&entityId=${firm.id}`).set(admin.auth).expect(200);
    expect(events.body.at(-1)).toMatchObject({ action: 'calling_number.imported', after: result.body });
  });

  it('imports nothing when any line is at fault, and names every bad line with the reason', async () => {
    const other = await registerFirm(testApp);
    await numbersApi(testApp, other).declare('06 9990001').expect(201);
    const firm = await registerFirm(testApp);
    const numbers = numbersApi(testApp, firm);

    const refused = await numbers.import(csv('06 5550001', 'abc', '06 9990001', '"06 5550002', '06 5550003', '12', ';note only')).expect(422);
    expect(refused.body).toMatchObject({ code: 'number_import_refused', details: { errorCount: 5 } });
    expect(refused.body.message).toMatch(/5 lines of the file cannot be imported, so nothing was imported/);
    expect(refused.body.details.errors).toEqual([
      { line: 2, value: 'abc', reason: 'not a phone number' },
      { line: 3, value: '+39069990001', reason: 'already declared by another firm' },
      { line: 4, value: '"06 5550002', reason: 'a quote is opened but never closed' },
      { line: 6, value: '12', reason: 'too short for a phone number of its country' },
      { line: 7, value: ';note only', reason: 'the first column is empty' },
    ]);
    expect((await numbers.list()).body.total).toBe(0);
  });

  it('refuses an empty list, a body that is not multipart, and a missing file, clearly', async () => {
    const firm = await registerFirm(testApp);
    const numbers = numbersApi(testApp, firm);
    expect((await numbers.import(csv('numero', '', '')).expect(422)).body.code).toBe('number_import_empty');
    const json = await testApp.http.post(`/api/v1/firms/${firm.id}/numbers/import`).set(firm.owner.auth).send({ file: '06 1234567' }).expect(415);
    expect(json.body.code).toBe('multipart_required');
    const noFile = await testApp.http.post(`/api/v1/firms/${firm.id}/numbers/import`).set(firm.owner.auth).field('note', 'x').expect(400);
    expect(noFile.body).toMatchObject({ code: 'validation_failed', details: { fields: { note: ['property note should not exist'] } } });
    const wrongField = await testApp.http.post(`/api/v1/firms/${firm.id}/numbers/import`).set(firm.owner.auth).attach('numbers', csv('06 1234567'), 'n.csv').expect(400);
    expect(wrongField.body.code).toBe('unexpected_file_field');
  });

  it('imports tens of thousands of lines in one request', async () => {
    const firm = await registerFirm(testApp);
    const lines = Array.from({ length: 30_000 }, (_, i) => `+39 345 ${String(1_000_000 + i)}`);
    const result = await numbersApi(testApp, firm).import(csv('numero', ...lines)).expect(200);
    expect(result.body).toEqual({ linesRead: 30_000, imported: 30_000, alreadyDeclared: 0, duplicatesInFile: 0 });
    const again = await numbersApi(testApp, firm).import(csv(...lines)).expect(200);
    expect(again.body).toMatchObject({ imported: 0, alreadyDeclared: 30_000 });
  });
});

describe('declared calling numbers on the embedded database (PGlite)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded' });
  });
  afterAll(() => testApp.close());

  it('declares, imports and refuses the same way', async () => {
    const first = await registerFirm(testApp);
    const second = await registerFirm(testApp);
    await numbersApi(testApp, first).declare('06 1234567').expect(201);
    expect((await numbersApi(testApp, second).declare('+39061234567').expect(409)).body.code).toBe('number_taken');

    const lines = Array.from({ length: 25_000 }, (_, i) => `333${String(1_000_000 + i)}`);
    const result = await numbersApi(testApp, second).import(csv(...lines, '06 1234567')).expect(422);
    expect(result.body.details.errors).toEqual([{ line: 25_001, value: '+39061234567', reason: 'already declared by another firm' }]);
    expect((await numbersApi(testApp, second).import(csv(...lines)).expect(200)).body.imported).toBe(25_000);
    expect((await numbersApi(testApp, second).list()).body.total).toBe(25_000);
  });
});
