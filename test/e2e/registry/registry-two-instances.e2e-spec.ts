import { Client } from 'pg';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { ChildApi, startChildApi } from '../../support/child-api';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

describe('two instances on one PostgreSQL server', () => {
  let first: TestApp;
  let second: ChildApi;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startChildApi({ DATABASE_URL: first.config.database.url! });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  const fromSecond = async (path: string) => {
    const response = await fetch(`${second.url}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const secondSays = async (vatNumber: string, certificateNumber: string, number: string) => ({
    verify: ((await (await fromSecond(`/api/v1/verify/${certificateNumber}`)).json()) as { outcome: string }).outcome,
    firm: ((await (await fromSecond(`/api/v1/registry/firms/${vatNumber}`)).json()) as { status: string }).status,
    phone: ((await (await fromSecond(`/api/v1/lookup/phone/${encodeURIComponent(number)}`)).json()) as { firm: { status: string } }).firm.status,
    seal: />(VALIDO|SOSPESO|REVOCATO|SCADUTO)</.exec(await (await fromSecond(`/seal/${vatNumber}.svg`)).text())?.[1],
    page: /badge badge-(\w+)/.exec(await (await fromSecond(`/registro/${vatNumber}`)).text())?.[1],
    csv: (await (await fromSecond('/opendata/registry.csv')).text()).split('\r\n').find((line) => line.startsWith(`${vatNumber},`))?.split(',')[5],
    feed: new RegExp(`rating/${certificateNumber}/(\\w+)/`).exec(await (await fromSecond('/feed.atom')).text())?.[1],
  });

  it('serves the second instance from its cache: a change that bypasses the notification stays unseen there', async () => {
    const listed = await listedFirm(first, { legalName: 'Prova Cache S.r.l.', numbers: ['06 5557001'] });
    await eventually(async () => expect((await secondSays(listed.firm.vatNumber, listed.rating.certificateNumber, '065557001')).verify).toBe('valid'));

    // A session with triggers disabled changes the name without notifying anyone.
    const direct = new Client({ connectionString: first.config.database.url });
    await direct.connect();
    try {
      await direct.query(`SET session_replication_role = replica`);
      await direct.query(`UPDATE firm SET legal_name = 'Nome Cambiato S.r.l.' WHERE id = $1`, [listed.firm.id]);
    } finally {
      await direct.end();
    }
    const cached = (await (await fromSecond(`/api/v1/registry/firms/${listed.firm.vatNumber}`)).json()) as { legalName: string };
    expect(cached.legalName).toBe('Prova Cache S.r.l.');

    await suspendRating(first, listed);
    await eventually(async () => {
      const fresh = (await (await fromSecond(`/api/v1/registry/firms/${listed.firm.vatNumber}`)).json()) as { legalName: string; status: string };
      expect(fresh).toMatchObject({ legalName: 'Nome Cambiato S.r.l.', status: 'suspended' });
    });
  });

  it('shows a revocation made through the first instance on every surface of the second, by its notification alone', async () => {
    const listed = await listedFirm(first, { legalName: 'Revoca Propagata S.r.l.', numbers: ['06 5557002'] });
    const { vatNumber } = listed.firm;
    const { certificateNumber } = listed.rating;
    await eventually(async () =>
      expect(await secondSays(vatNumber, certificateNumber, '065557002')).toEqual({
        verify: 'valid',
        firm: 'active',
        phone: 'active',
        seal: 'VALIDO',
        page: 'active',
        csv: 'active',
        feed: 'issued',
      }),
    );
    // Twice, so every answer is in the second instance's cache.
    await secondSays(vatNumber, certificateNumber, '065557002');

    await revokeRating(first, listed);
    // Only the notification can bring the change (the cache above keeps what nobody announced), so
    // seeing it at all proves the path; how fast it arrives is measured by `npm run bench:registry`.
    await eventually(
      async () =>
        expect(await secondSays(vatNumber, certificateNumber, '065557002')).toEqual({
          verify: 'revoked',
          firm: 'revoked',
          phone: 'revoked',
          seal: 'REVOCATO',
          page: 'revoked',
          csv: 'revoked',
          feed: 'revoked',
        }),
      15_000,
    );
  });
});
