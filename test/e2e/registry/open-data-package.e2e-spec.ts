import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Package, Resource } from 'datapackage';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

const LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"';

describe('the open data as a Frictionless data package', () => {
  let testApp: TestApp;
  let folder: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    folder = mkdtempSync(join(tmpdir(), 'aq-datapackage-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await testApp.close();
  });

  it('describes the CSV and the JSON, their fields, the CC-BY-4.0 licence and the last change, as a valid data package', async () => {
    testApp.clock.set(new Date('2027-02-01T09:00:00Z'));
    await listedFirm(testApp, { legalName: 'Pacchetto, Dati & "Aperti" S.r.l.', numbers: ['06 5558801', '347 555 8801'], website: 'https://pacchetto.example.it' });
    const suspended = await listedFirm(testApp, { legalName: 'Pacchetto Sospeso S.r.l.' });
    await suspendRating(testApp, suspended);
    const revoked = await listedFirm(testApp, { legalName: 'Pacchetto Revocato S.r.l.' });
    testApp.clock.set(new Date('2027-02-03T15:30:00Z'));
    await revokeRating(testApp, revoked);

    const response = await testApp.http.get('/opendata/datapackage.json').expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers.link).toBe(LICENCE_LINK);
    const descriptor = response.body;
    const dataPackage = await Package.load(descriptor);
    expect({ valid: dataPackage.valid, errors: dataPackage.errors.map(String) }).toEqual({ valid: true, errors: [] });
    expect(descriptor).toMatchObject({ licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }], lastModified: '2027-02-03T15:30:00.000Z' });
    const base = testApp.config.publicBaseUrl;
    expect(descriptor.resources.map((resource: { path: string; mediatype: string }) => [resource.path, resource.mediatype])).toEqual([
      [`${base}/opendata/registry.csv`, 'text/csv'],
      [`${base}/opendata/registry.json`, 'application/json'],
    ]);

    // The CSV's header is its schema's field list, and every row casts to the declared types.
    const csv = await testApp.http.get('/opendata/registry.csv').expect(200);
    const [csvResource, jsonResource] = descriptor.resources;
    const fieldNames = (resource: { schema: { fields: { name: string }[] } }) => resource.schema.fields.map((field) => field.name);
    expect(csv.text.split('\r\n')[0]).toBe(fieldNames(csvResource).join(','));
    writeFileSync(join(folder, 'registry.csv'), csv.text);
    const table = await Resource.load({ ...csvResource, path: 'registry.csv' }, { basePath: folder });
    expect(table.errors.map(String)).toEqual([]);
    const rows = await table.read({ keyed: true, cast: true });
    expect(rows.map((row) => row.status).sort()).toEqual(['active', 'revoked', 'suspended']);
    expect(rows.find((row) => row.legal_name === 'Pacchetto, Dati & "Aperti" S.r.l.')).toMatchObject({ issued_at: new Date('2027-02-01T09:00:00Z'), ended_at: null });

    // The JSON's firms have exactly the fields the package names for it.
    const json = await testApp.http.get('/opendata/registry.json').expect(200);
    expect(json.headers.link).toBe(LICENCE_LINK);
    expect(json.body.firms.map((firm: object) => Object.keys(firm))).toEqual(json.body.firms.map(() => fieldNames(jsonResource)));
  });

  it('moves lastModified when the data change, and never ahead of now', async () => {
    testApp.clock.set(new Date('2027-03-10T08:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Pacchetto Variato S.r.l.' });
    testApp.clock.set(new Date('2027-03-12T08:00:00Z'));
    await suspendRating(testApp, listed);
    await eventually(async () => expect((await testApp.http.get('/opendata/datapackage.json').expect(200)).body.lastModified).toBe('2027-03-12T08:00:00.000Z'));
    // A lapse decided by time alone is a change too, with no job run.
    const deadline = new Date(Date.parse('2027-03-12T08:00:00Z') + testApp.config.ratings.suspensionMaxDays * 86_400_000);
    testApp.clock.set(new Date(deadline.getTime() + 60_000));
    expect((await testApp.http.get('/opendata/datapackage.json').expect(200)).body.lastModified).toBe(deadline.toISOString());
  });

  it('documents the data package, the statistics, the search page size and the verified PDF link in OpenAPI', async () => {
    const document = (await testApp.http.get('/api/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/opendata/datapackage.json', '/opendata/statistics.json']));
    const search = document.paths['/api/v1/registry/firms'].get.parameters as { name: string; schema: { minimum?: number; maximum?: number } }[];
    expect(search.find((parameter) => parameter.name === 'pageSize')?.schema).toMatchObject({ minimum: 1, maximum: 100 });
    expect(document.components.schemas.VerificationResponse.properties.certificatePdfUrl).toMatchObject({ type: 'string', nullable: true });
    const seal = document.paths['/seal/{file}'].get;
    expect(Object.keys(seal.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(seal.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['file', 'lang']));
  });
});
