import { ListedFirm, listedFirm } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const DATABASES = [
  ['the PostgreSQL server', 'server'],
  ['PGlite', 'embedded'],
] as const;

interface SearchPage {
  readonly items: { readonly legalName: string; readonly approximate: boolean }[];
  readonly hasMore: boolean;
}

/**
 * Name search reads names through their words (`registry_name_word`): a text must still be found
 * wherever it stands in a name, across words too, and the words must follow a firm that is renamed
 * or moves to another province.
 */
describe.each(DATABASES)('name search through the words of names, on %s', (_, database) => {
  let testApp: TestApp;
  let moving: ListedFirm;

  beforeAll(async () => {
    testApp = await startTestApp({ database, env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } });
    const reviewer = await testApp.signIn('reviewer');
    await listedFirm(testApp, { legalName: 'Ancora Servizi Telefonici S.r.l.', city: 'Milano', province: 'MI', reviewer });
    await listedFirm(testApp, { legalName: 'Bottega Servizi Clienti S.n.c.', city: 'Torino', province: 'TO', reviewer });
    await listedFirm(testApp, { legalName: 'Servizio Ancora Digitale S.p.A.', city: 'Milano', province: 'MI', reviewer });
    await listedFirm(testApp, { legalName: 'Contatti Adriatici S.r.l.', city: 'Ancona', province: 'AN', reviewer });
    moving = await listedFirm(testApp, { legalName: 'Nome Vecchio Recapiti S.r.l.', city: 'Roma', province: 'RM', reviewer });
  });
  afterAll(() => testApp.close());

  const search = async (query: Record<string, string>): Promise<SearchPage> => (await testApp.http.get('/api/v1/registry/firms').query(query).expect(200)).body as SearchPage;
  const names = async (query: Record<string, string>): Promise<string[]> => (await search(query)).items.map((item) => item.legalName);

  it('finds part of a word, text across words and the whole city, in name order and not approximate', async () => {
    expect(await names({ q: 'ervizi' })).toEqual(['Ancora Servizi Telefonici S.r.l.', 'Bottega Servizi Clienti S.n.c.', 'Servizio Ancora Digitale S.p.A.']);
    expect(await names({ q: 'ncora' })).toEqual(['Ancora Servizi Telefonici S.r.l.', 'Servizio Ancora Digitale S.p.A.']);
    // The end of one word and the start of the next; then a whole word between two parts.
    expect(await names({ q: 'ORA SERV' })).toEqual(['Ancora Servizi Telefonici S.r.l.']);
    expect(await names({ q: 'ega servizi cli' })).toEqual(['Bottega Servizi Clienti S.n.c.']);
    expect(await names({ q: 'ancona' })).toEqual(['Contatti Adriatici S.r.l.']);
    const found = await search({ q: 'servizi telefonici srl' });
    expect(found.items).toEqual([expect.objectContaining({ legalName: 'Ancora Servizi Telefonici S.r.l.', approximate: false })]);
  });

  it('pages through the names holding a word, and filters them by province', async () => {
    const second = await search({ q: 'servizi', pageSize: '1', page: '2' });
    expect({ names: second.items.map((item) => item.legalName), hasMore: second.hasMore }).toEqual({ names: ['Bottega Servizi Clienti S.n.c.'], hasMore: true });
    expect(await names({ q: 'ervizi', province: 'MI' })).toEqual(['Ancora Servizi Telefonici S.r.l.', 'Servizio Ancora Digitale S.p.A.']);
    expect(await names({ q: 'ervizi', province: 'mi', status: 'active' })).toEqual(['Ancora Servizi Telefonici S.r.l.', 'Servizio Ancora Digitale S.p.A.']);
  });

  it('still reads a misspelt name by resemblance when no name contains it', async () => {
    const misspelt = await search({ q: 'Srevizi Telefonnici' });
    expect(misspelt.items[0]).toEqual(expect.objectContaining({ legalName: 'Ancora Servizi Telefonici S.r.l.', approximate: true }));
    expect(await names({ q: 'Xqzwv Yllopp' })).toEqual([]);
  });

  it('follows a firm renamed or moved: its new words and province are found, its old words no longer', async () => {
    await testApp.http
      .patch(`/api/v1/firms/${moving.firm.id}`)
      .set(moving.firm.owner.auth)
      .send({ legalName: 'Recapiti Ambrosiani S.r.l.', registeredOffice: { address: 'Via Torino 1', city: 'Milano', province: 'MI' } })
      .expect(200);
    expect(await names({ q: 'ambrosiani' })).toEqual(['Recapiti Ambrosiani S.r.l.']);
    expect(await names({ q: 'recapiti', province: 'MI' })).toEqual(['Recapiti Ambrosiani S.r.l.']);
    expect(await names({ q: 'recapiti', province: 'RM' })).toEqual([]);
    const old = await search({ q: 'nome vecchio' });
    expect(old.items.filter((item) => !item.approximate)).toEqual([]);
  });
});
