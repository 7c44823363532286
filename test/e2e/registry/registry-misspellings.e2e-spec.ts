import { DataSource } from 'typeorm';
import { firmName, loadRegistryDataset, nameIndexOf } from '../../bench/registry-dataset';
import { RECALL_TOP, recallOf, RecallOutcome, recallQueries } from '../../bench/registry-recall';
import { listedFirm, revokeRating } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const DATABASES = [
  ['the PostgreSQL server', 'server'],
  ['PGlite', 'embedded'],
] as const;
const RECALL_FIRMS = 3_000;
const RECALL_QUERIES = 500;
/** Prime to the dataset's 96,000 names: the firms bear names from all over its lists. */
const NAME_STRIDE = 7_919;
const RECALL_SEED = 20_261_205;
/** Searches are rate-limited per client; these tests ask hundreds. */
const UNLIMITED = { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' };

interface SearchItem {
  readonly legalName: string;
  readonly approximate: boolean;
}

async function searchNames(testApp: TestApp, q: string): Promise<SearchItem[]> {
  const response = await testApp.http.get('/api/v1/registry/firms').query({ q }).expect(200);
  return (response.body as { items: SearchItem[] }).items.map(({ legalName, approximate }) => ({ legalName, approximate }));
}

describe.each(DATABASES)('misspelt names on %s', (_, database) => {
  describe('in a small registry', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ database, env: UNLIMITED });
      const reviewer = await testApp.signIn('reviewer');
      for (const legalName of ['Servizi Clienti Qualificati S.p.A.', 'Servizi Telefonici Lombardi S.r.l.', 'Clienti Contenti S.n.c.', 'Vendite Porta a Porta S.a.s.']) {
        await listedFirm(testApp, { legalName, reviewer });
      }
      await revokeRating(testApp, await listedFirm(testApp, { legalName: 'Vendite Telefoniche Revocate S.r.l.', reviewer }));
    });
    afterAll(() => testApp.close());

    it('finds the firm meant, first, marked approximate', async () => {
      for (const [q, meant] of [
        ['Servisi Klienti', 'Servizi Clienti Qualificati S.p.A.'],
        ['Servisi Clienti', 'Servizi Clienti Qualificati S.p.A.'],
        ['klienti servizi', 'Servizi Clienti Qualificati S.p.A.'],
        ['vendite srl', 'Vendite Telefoniche Revocate S.r.l.'],
        ['Telefonike Vendite S.R.L.', 'Vendite Telefoniche Revocate S.r.l.'],
      ]) {
        const items = await searchNames(testApp, q);
        expect({ q, first: items[0] }).toEqual({ q, first: { legalName: meant, approximate: true } });
      }
    });

    it('finds every name holding a misspelt word, the closest first', async () => {
      const found = (await searchNames(testApp, 'Servizzi')).map((item) => item.legalName);
      expect(found).toEqual(['Servizi Clienti Qualificati S.p.A.', 'Servizi Telefonici Lombardi S.r.l.']);
    });

    it("reads a renamed firm's new words", async () => {
      const listed = await listedFirm(testApp, { legalName: 'Nome di Prima S.r.l.' });
      await testApp.http.patch(`/api/v1/firms/${listed.firm.id}`).set(listed.firm.owner.auth).send({ legalName: 'Ambrosiana Recapiti S.r.l.' }).expect(200);
      expect((await searchNames(testApp, 'Recapitti Anbrosiana'))[0]).toEqual({ legalName: 'Ambrosiana Recapiti S.r.l.', approximate: true });
    });

    it('still finds names that contain the text, in name order and not approximate', async () => {
      const items = await searchNames(testApp, 'vendite');
      expect(items).toEqual([
        { legalName: 'Vendite Porta a Porta S.a.s.', approximate: false },
        { legalName: 'Vendite Telefoniche Revocate S.r.l.', approximate: false },
      ]);
      expect(await searchNames(testApp, 'Xqzwv Yllopp')).toEqual([]);
    });
  });

  describe(`over ${RECALL_FIRMS} generated firms`, () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ database, env: UNLIMITED });
      const dataSource = testApp.app.get(DataSource);
      await loadRegistryDataset((sql) => dataSource.query(sql), RECALL_FIRMS, 0, NAME_STRIDE);
    });
    afterAll(() => testApp.close());

    it(`puts the firm meant among the first ${RECALL_TOP} answers for at least 95 % of ${RECALL_QUERIES} misspelt names`, async () => {
      const firms = Array.from({ length: RECALL_FIRMS }, (__, index) => index + 1);
      const queries = recallQueries(firms, (firm) => firmName(nameIndexOf(firm, NAME_STRIDE)), RECALL_QUERIES, RECALL_SEED);
      const outcomes: RecallOutcome[] = [];
      for (const query of queries) {
        const position = (await searchNames(testApp, query.query)).findIndex((item) => item.legalName === query.name);
        outcomes.push({ query, position: position < 0 ? null : position + 1 });
      }
      const recall = recallOf(outcomes);
      // Short of the mark, the misses are shown: which kinds of misspelling were lost.
      const missed = outcomes.filter((outcome) => outcome.position === null || outcome.position > RECALL_TOP).map((outcome) => `${outcome.query.query} → ${outcome.query.name}`);
      expect({ enough: recall >= 0.95, recall, missed: recall >= 0.95 ? [] : missed }).toMatchObject({ enough: true });
    });
  });
});
