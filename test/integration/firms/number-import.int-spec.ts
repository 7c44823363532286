import { CallingNumberImportService, MAX_REPORTED_LINE_ERRORS, NumberImportRefusedError } from '@app/firms';
import { DataSource } from 'typeorm';
import { firmWithOwner } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('importing calling numbers (service, PostgreSQL server)', () => {
  let testApp: TestApp;
  let importer: CallingNumberImportService;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    importer = testApp.app.get(CallingNumberImportService);
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const newFirm = () => firmWithOwner(testApp);
  const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `+39 331 ${String(from + i).padStart(7, '0')}`);
  const file = (rows: string[]) => [Buffer.from(`${rows.join('\n')}\n`)];
  const activeCount = async (firmId: string) =>
    Number((await dataSource.query<{ count: string }[]>(`SELECT count(*) FROM calling_number WHERE firm_id = $1 AND retired_at IS NULL`, [firmId]))[0].count);

  it('rolls back batches already written when a later line is at fault', async () => {
    const firm = await newFirm();
    const rows = [...lines(0, 50_000), 'not a number', ...lines(50_000, 10)];
    await expect(importer.import(firm.actor, firm.id, file(rows))).rejects.toThrow(NumberImportRefusedError);
    expect(await activeCount(firm.id)).toBe(0);
  });

  it('reports the first lines at fault and counts them all', async () => {
    const firm = await newFirm();
    const rows = Array.from({ length: MAX_REPORTED_LINE_ERRORS + 500 }, (_, i) => `bad ${i}`);
    const error = await importer.import(firm.actor, firm.id, file(rows)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NumberImportRefusedError);
    const details = (error as NumberImportRefusedError).details as { errorCount: number; errors: { line: number }[] };
    expect(details.errorCount).toBe(MAX_REPORTED_LINE_ERRORS + 500);
    expect(details.errors).toHaveLength(MAX_REPORTED_LINE_ERRORS);
    expect(details.errors[0].line).toBe(1);
  });

  it('lets only one of two firms importing the same numbers at once have them', async () => {
    const first = await newFirm();
    const second = await newFirm();
    const shared = lines(200_000, 30_000);
    const results = await Promise.allSettled([importer.import(first.actor, first.id, file(shared)), importer.import(second.actor, second.id, file(shared))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((rejected.reason as { code: string }).code).toMatch(/^(number_import_refused|number_declared_concurrently)$/);
    expect((await activeCount(first.id)) + (await activeCount(second.id))).toBe(30_000);
  });

  it('imports a long list again, adding only the numbers it did not hold, whichever batch they fall in', async () => {
    const firm = await newFirm();
    await importer.import(firm.actor, firm.id, file(lines(600_000 + 25_000, 1_000)));
    const result = await importer.import(firm.actor, firm.id, file(lines(600_000, 50_000)));
    expect(result).toMatchObject({ linesRead: 50_000, imported: 49_000, alreadyDeclared: 1_000, duplicatesInFile: 0 });
    expect(await activeCount(firm.id)).toBe(50_000);
  });

  it('imports numbers another firm has retired', async () => {
    const first = await newFirm();
    const second = await newFirm();
    const rows = lines(400_000, 100);
    await importer.import(first.actor, first.id, file(rows));
    await dataSource.query(`UPDATE calling_number SET retired_at = declared_at WHERE firm_id = $1`, [first.id]);
    await expect(importer.import(second.actor, second.id, file(rows))).resolves.toMatchObject({ imported: 100 });
  });
});
