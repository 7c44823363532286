import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { firmWithOwner } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/** The firm of a calling number is checked by statement triggers (migration CallingNumberFirmCheckPerStatement), not a foreign key. */
describe("a calling number's firm (PostgreSQL server)", () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const newFirm = async () => (await firmWithOwner(testApp)).id;
  const insertNumbers = (firmIds: string[], first: number) =>
    dataSource.query(
      `INSERT INTO calling_number (firm_id, e164, declared_at) SELECT firm_id, '+39331' || lpad((${first} + ordinality)::text, 7, '0'), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS f(firm_id)`,
      [firmIds],
    );
  const refusal = { driverError: expect.objectContaining({ code: '23503', constraint: 'fk_calling_number_firm_id' }) };

  it('must exist, for every row of a statement, or nothing is written', async () => {
    const firm = await newFirm();
    await expect(insertNumbers([firm, firm, randomUUID()], 0)).rejects.toMatchObject(refusal);
    expect(await dataSource.query(`SELECT id FROM calling_number WHERE firm_id = $1`, [firm])).toEqual([]);
    await insertNumbers([firm, firm], 10);
    await expect(dataSource.query(`UPDATE calling_number SET firm_id = $1 WHERE firm_id = $2`, [randomUUID(), firm])).rejects.toMatchObject(refusal);
  });

  it('cannot be deleted or renumbered while it holds numbers, even retired ones', async () => {
    const firm = await newFirm();
    await insertNumbers([firm], 100);
    await dataSource.query(`UPDATE calling_number SET retired_at = now() WHERE firm_id = $1`, [firm]);
    await expect(dataSource.query(`DELETE FROM firm WHERE id = $1`, [firm])).rejects.toMatchObject(refusal);
    await expect(dataSource.query(`UPDATE firm SET id = $1 WHERE id = $2`, [randomUUID(), firm])).rejects.toMatchObject(refusal);
  });

  it('is locked against deletion until the transaction that gave it numbers ends, as a foreign key locks it', async () => {
    const firm = await newFirm();
    const writer = dataSource.createQueryRunner();
    const deleter = dataSource.createQueryRunner();
    try {
      await writer.startTransaction();
      await writer.query(`INSERT INTO calling_number (firm_id, e164, declared_at) VALUES ($1, '+393310000200', now())`, [firm]);
      await deleter.startTransaction();
      await expect(deleter.query(`SELECT id FROM firm WHERE id = $1 FOR UPDATE NOWAIT`, [firm])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '55P03' }) });
      await deleter.rollbackTransaction();
      await writer.rollbackTransaction();
    } finally {
      await writer.release();
      await deleter.release();
    }
  });
});
