import { listedFirm } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

describe('calling numbers changed in bulk reach the public lookup at once (one notification per firm and statement)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp?.close());

  const lookup = async (number: string) => (await testApp.http.get(`/api/v1/lookup/phone/${encodeURIComponent(number)}`).expect(200)).body as { declared: boolean; firm: { vatNumber: string } | null };

  it('answers an imported number with its firm, and a retired one as not declared, even after caching the earlier answers', async () => {
    const { firm } = await listedFirm(testApp, { legalName: 'Importazioni Massive S.r.l.' });
    expect((await lookup('+390655512001')).declared).toBe(false);
    expect((await lookup('+390655512002')).declared).toBe(false);

    const csv = Buffer.from('numero\n06 55512001\n06 55512002\n06 55512003\n');
    await testApp.http.post(`/api/v1/firms/${firm.id}/numbers/import`).set(firm.owner.auth).attach('file', csv, 'numeri.csv').expect(200);
    await eventually(async () => expect(await lookup('+390655512001')).toMatchObject({ declared: true, firm: { vatNumber: firm.vatNumber } }));
    expect((await lookup('+390655512002')).declared).toBe(true);

    const listed = await testApp.http.get(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).expect(200);
    const target = (listed.body.items as { id: string; e164: string }[]).find((number) => number.e164 === '+390655512002')!;
    await testApp.http.post(`/api/v1/firms/${firm.id}/numbers/${target.id}/retire`).set(firm.owner.auth).expect(200);
    await eventually(async () => expect((await lookup('+390655512002')).declared).toBe(false));
  });
});
