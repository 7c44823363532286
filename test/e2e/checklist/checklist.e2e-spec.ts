import { DataSource } from 'typeorm';
import checklistV1 from '../../../libs/checklist/src/data/checklist-v1.json';
import { startTestApp, TestApp } from '../../support/test-app';

const item = (code: string, section: string, position: number, overrides: Record<string, unknown> = {}) => ({
  code,
  section,
  position,
  assessment: 'declared',
  required: true,
  evidenceRequired: true,
  blocking: true,
  textIt: `Testo ${code}`,
  textEn: `Text ${code}`,
  guidanceIt: `Guida ${code}`,
  guidanceEn: `Guidance ${code}`,
  ...overrides,
});

const nextVersionItems = () => [
  item('CA-01', 'code_adoption', 1),
  item('TR-01', 'training', 2),
  item('SA-01', 'sanctions', 3, { assessment: 'computed', evidenceRequired: false }),
  item('CP-01', 'consumer_protection', 4),
];

describe('checklist versions (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('publishes version 2026.1 from the data file, readable by anyone without an account', async () => {
    const current = await testApp.http.get('/api/v1/checklist').expect(200);
    expect(current.body).toMatchObject({ id: expect.any(String), version: checklistV1.version, publishedAt: expect.any(String) });
    expect(current.body.items).toHaveLength(checklistV1.items.length);
    expect(current.body.items[0]).toEqual(checklistV1.items[0]);
    expect(current.body.items.find((i: { code: string }) => i.code === 'SA-01')).toMatchObject({ section: 'sanctions', assessment: 'computed' });

    const versions = await testApp.http.get('/api/v1/checklist/versions').expect(200);
    expect(versions.body).toEqual([{ id: current.body.id, version: '2026.1', publishedAt: current.body.publishedAt, isCurrent: true, itemCount: checklistV1.items.length }]);
    const byId = await testApp.http.get(`/api/v1/checklist/versions/${current.body.id}`).expect(200);
    expect(byId.body).toEqual(current.body);
  });

  it('lets an admin publish a new current version, keeps the old one intact, and records it in the history', async () => {
    const admin = await testApp.signIn('admin');
    const before = await testApp.http.get('/api/v1/checklist').expect(200);
    const published = await testApp.http.post('/api/v1/checklist/versions').set(admin.auth).send({ version: '2027.1', items: nextVersionItems() }).expect(201);
    expect(published.body).toMatchObject({ version: '2027.1', items: nextVersionItems() });

    const current = await testApp.http.get('/api/v1/checklist').expect(200);
    expect(current.body.id).toBe(published.body.id);
    const old = await testApp.http.get(`/api/v1/checklist/versions/${before.body.id}`).expect(200);
    expect(old.body).toEqual(before.body);
    const versions = await testApp.http.get('/api/v1/checklist/versions').expect(200);
    expect(versions.body.map((v: { version: string; isCurrent: boolean }) => [v.version, v.isCurrent])).toEqual([['2027.1', true], ['2026.1', false]]);

    const history = await testApp.http.get('/api/v1/history').query({ entityType: 'checklist_version', entityId: published.body.id }).set(admin.auth).expect(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        action: 'checklist.version_published',
        actorLabel: admin.email,
        before: { currentVersionId: before.body.id, currentVersion: '2026.1' },
        after: { version: '2027.1', itemCodes: ['CA-01', 'TR-01', 'SA-01', 'CP-01'] },
      }),
    ]);
  });

  it('refuses a version number that exists (409): published versions never change', async () => {
    const admin = await testApp.signIn('admin');
    const duplicate = await testApp.http.post('/api/v1/checklist/versions').set(admin.auth).send({ version: '2026.1', items: nextVersionItems() }).expect(409);
    expect(duplicate.body.code).toBe('checklist_version_exists');
  });

  it('refuses malformed input with a message per field, and an inconsistent version naming the items, writing nothing', async () => {
    const admin = await testApp.signIn('admin');
    const malformed = await testApp.http
      .post('/api/v1/checklist/versions')
      .set(admin.auth)
      .send({ version: 'next', items: [item('CA-01', 'marketing', 0, { blocking: 'yes' })] })
      .expect(400);
    expect(malformed.body).toMatchObject({ code: 'validation_failed' });
    expect(malformed.body.details.fields).toEqual({
      version: ['version must look like 2026.1 (year, dot, number)'],
      'items.0.section': ['section must be one of: code_adoption, training, sanctions, consumer_protection'],
      'items.0.position': ['position must not be less than 1'],
      'items.0.blocking': ['blocking must be a boolean value'],
    });

    const inconsistent = await testApp.http
      .post('/api/v1/checklist/versions')
      .set(admin.auth)
      .send({ version: '2028.1', items: [...nextVersionItems().filter((i) => i.section !== 'training'), item('CA-01', 'code_adoption', 9)] })
      .expect(400);
    expect(inconsistent.body).toMatchObject({ code: 'invalid_checklist' });
    expect(inconsistent.body.details.fields).toEqual({ 'items.3.code': ['code CA-01 is already used by items.0'], items: ['section training has no item'] });

    const versions = await testApp.http.get('/api/v1/checklist/versions').expect(200);
    expect(versions.body.map((v: { version: string }) => v.version)).not.toContain('2028.1');
  });

  it('lets only admins publish', async () => {
    for (const role of ['auditor', 'reviewer', 'firm'] as const) {
      const user = await testApp.signIn(role);
      await testApp.http.get('/api/v1/checklist').set(user.auth).expect(200);
      const refused = await testApp.http.post('/api/v1/checklist/versions').set(user.auth).send({ version: '2029.1', items: nextVersionItems() }).expect(403);
      expect(refused.body.code).toBe('forbidden');
    }
    await testApp.http.post('/api/v1/checklist/versions').send({ version: '2029.1', items: nextVersionItems() }).expect(401);
  });

  it('answers 404 for an unknown version and 400 for an id that is not a UUID', async () => {
    await testApp.http.get('/api/v1/checklist/versions/00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await testApp.http.get('/api/v1/checklist/versions/latest').expect(400);
    expect(bad.body.details.fields).toEqual({ id: ['id must be a UUID'] });
  });

  it('keeps published versions immutable in the database itself', async () => {
    const dataSource = testApp.app.get(DataSource);
    await expect(dataSource.query(`UPDATE checklist_item SET text_en = 'changed'`)).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM checklist_version WHERE NOT is_current`)).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE checklist_version SET version = '2030.1'`)).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE checklist_version SET is_current = true`)).rejects.toThrow(/uq_checklist_version_current/);
  });
});
