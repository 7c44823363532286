import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

describe('migrations and entities', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('agree: generating a migration against a freshly migrated database yields nothing', async () => {
    const dataSource = testApp.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('have no pending migration', async () => {
    await expect(testApp.app.get(DataSource).showMigrations()).resolves.toBe(false);
  });
});
