/**
 * Hostile input on every route of the API's OpenAPI document: JSON bodies of wrong types, unknown and
 * `__proto__`/`constructor` keys, deep nesting, NUL, lone surrogates and huge strings; the same kinds
 * of text in query strings and path parameters. Each route is called by every role that may reach it;
 * nothing may answer 5xx, and every JSON refusal has the platform's error shape. The routes come from
 * GET /api/docs-json, so a new route is fuzzed without editing this file.
 *
 * `npm test` makes a short, repeatable run (a fixed seed, a few requests per route and role);
 * `npm run fuzz` a long one with a new seed each time, printed so that a failure can be replayed:
 *   FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npm run fuzz
 */
import { ROLES, type Role } from '@app/core';
import { ROLE_PERMISSIONS, type Permission } from '@app/identity';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { assignedAudit } from '../factories/audit.factory';
import { firmDetails } from '../factories/firm.factory';
import { fileReport, reportBody } from '../factories/report.factory';
import { declaredRoutes } from '../support/routes';
import { SignedInUser, startTestApp, TestApp } from '../support/test-app';
import { WebVisitor } from '../support/web-visitor';

const LONG_RUN = process.env.FUZZ === 'long';
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? (LONG_RUN ? 200 : 3));
const SEED = Number(process.env.FUZZ_SEED ?? (LONG_RUN ? Date.now() % 2 ** 31 : 20_260_515));
/** Jest's own limit suits the short run; a long one is allowed a generous 100 ms per request over some 200 routes and roles. */
const FUZZ_TIMEOUT_MS = LONG_RUN ? Math.max(300_000, RUNS_PER_ROUTE * 200 * 100) : undefined;

// ---------------------------------------------------------------- the OpenAPI document, as far as read here

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly example?: unknown;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly schema?: Schema;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: Schema }>> };
}

interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}

/** One route to fuzz: its inputs, and who may call it (`null`: anonymous). */
interface FuzzTarget {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly pathParameters: readonly Parameter[];
  readonly queryParameters: readonly Parameter[];
  readonly bodySchema: Schema | undefined;
  readonly callers: readonly (Role | null)[];
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return resolve(document, schema.allOf[0]);
  return schema;
}

// ---------------------------------------------------------------- what a hostile client sends

/** What PostgreSQL cannot store or `encodeURIComponent` cannot encode: NUL, lone and reversed surrogates. */
const UNSTORABLE_SNIPPETS = ['\u0000', '\ud800', '\udfff', '\udc00\ud800', 'a\ud83d'];
/** Text that is awkward elsewhere: byte-order marks, non-characters, bidi overrides, line separators, markup. */
const AWKWARD_SNIPPETS = ['\ufeff', '\uffff', '\u202e', '\u2028', '%00', "'; --", '../..', '<script>', '😀'];
const HUGE_STRING_LENGTH = 300_000;
/** Just past a strict limit, then past any sane one, up to the 10,000 levels that once overflowed the stack. */
const NESTING_DEPTHS = [40, 100, 1_000, 10_000];
const nestingMarker = (depth: number, shape: 'object' | 'array') => `@@nest:${shape}:${depth}@@`;
const NESTING_MARKERS = NESTING_DEPTHS.flatMap((depth) => [nestingMarker(depth, 'object'), nestingMarker(depth, 'array')]);

/** Deep nesting is spliced into the JSON text as it is sent: JSON.stringify would overflow the stack building it, and a report shows the marker. */
function withNestingSpliced(text: string): string {
  return text.replace(/"@@nest:(object|array):(\d+)@@"/g, (_, shape: string, depth: string) => {
    const levels = Number(depth);
    return shape === 'object' ? `${'{"a":'.repeat(levels)}0${'}'.repeat(levels)}` : `${'['.repeat(levels)}0${']'.repeat(levels)}`;
  });
}

const anyCodeUnit = fc.nat(0xffff).map((code) => String.fromCharCode(code));
// Not fast-check's 'binary' unit, which takes seconds per hundred strings.
const anyCodePoint = fc.nat(0x10ffff).map((code) => String.fromCodePoint(code));
const around = (snippets: readonly string[]) => fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...snippets), fc.string({ maxLength: 8 })).map((parts) => parts.join(''));

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: around(UNSTORABLE_SNIPPETS) },
  { weight: 2, arbitrary: around(AWKWARD_SNIPPETS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(HUGE_STRING_LENGTH), `${'a'.repeat(HUGE_STRING_LENGTH)}\u0000`) },
);

/** Keys nobody declared: prototype pollution, NUL and surrogates in names, and plain strangers. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a\u0000b', '\ud800', 'a.b', ''),
  fc.string({ maxLength: 10 }),
);

/** Any JSON value, of any type, nested a little; deep nesting comes as a marker spliced in later. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e300, -1e300, 2 ** 53 + 2, '', '0', 'null', 'true', '[]', '{}'),
    hostileString,
    fc.constantFrom(...NESTING_MARKERS),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** A value that looks right for the schema, so that the rest of the body gets past validation. */
function plausible(schema: Schema, ids: KnownIds): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...ids.all()), fc.uuid());
  if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.type === 'integer') return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
  if (schema.type === 'number') return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
  if (schema.type === 'boolean') return fc.boolean();
  return schema.example !== undefined ? fc.oneof(fc.constant(schema.example), fc.string({ maxLength: 20 })) : fc.string({ maxLength: 20 });
}

/** For each field of the schema: a right-looking value, a hostile string, or anything at all. */
function fieldValue(document: OpenApiDocument, given: Schema, ids: KnownIds, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(document, given);
  if (depth < 3 && schema.properties) return objectBody(document, schema, ids, depth + 1);
  if (depth < 3 && schema.type === 'array' && schema.items) return fc.array(fieldValue(document, schema.items, ids, depth + 1), { maxLength: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: plausible(schema, ids) },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: junk },
  );
}

function objectBody(document: OpenApiDocument, schema: Schema, ids: KnownIds, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, field]) => [name, fieldValue(document, field, ids, depth)]));
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.array(fc.tuple(hostileKey, junk), { maxLength: 2 }))
    .map(([declared, strangers]) => Object.fromEntries([...Object.entries(declared), ...strangers]));
}

/** A JSON body as text: mostly the route's own fields, sometimes any value, sometimes not JSON at all. */
function jsonBody(document: OpenApiDocument, schema: Schema, ids: KnownIds): fc.Arbitrary<string> {
  const notJson = fc.constantFrom('', ' ', '{', '{"a":1,}', 'nul', '"\\ud800"', '"\\u0000"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '\u0000');
  return fc.oneof(
    { weight: 8, arbitrary: objectBody(document, resolve(document, schema), ids).map((body) => JSON.stringify(body)) },
    { weight: 2, arbitrary: junk.map((body) => JSON.stringify(body) ?? 'null') },
    { weight: 1, arbitrary: notJson },
  );
}

/** As a client can put it on the wire: percent-encoded text, and raw bytes no UTF-8 decoder accepts. */
const hostileUrlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((text) => text.length < 2_000 && isWellFormed(text)).map(encodeURIComponent) },
  { weight: 3, arbitrary: fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%ED%B0%80', '%C0%80', '%C0%AE%C0%AE', '%E0%A4', '%FF', '%', '%zz', '%2e%2e', '%EF%BF%BF', 'x'.repeat(10_000)) },
);

function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

function queryString(parameters: readonly Parameter[], ids: KnownIds): fc.Arbitrary<string> {
  const declared = parameters.map((parameter) =>
    fc.option(
      fc.oneof(
        plausible(parameter.schema ?? {}, ids).map((value) => [`${parameter.name}=${encodeURIComponent(String(value))}`]),
        hostileUrlText.map((text) => [`${parameter.name}=${text}`]),
        fc.array(hostileUrlText, { minLength: 2, maxLength: 3 }).map((texts) => texts.map((text) => `${parameter.name}=${text}`)),
      ),
      { nil: [] },
    ),
  );
  const strangers = fc.array(
    fc.tuple(fc.constantFrom('__proto__', 'constructor[prototype][admin]', '__proto__[admin]', 'a%00', 'x'), hostileUrlText).map(([name, text]) => `${name}=${text}`),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...declared), strangers).map(([values, extra]) => [...values.flat(), ...extra].join('&'));
}

function pathSegment(parameter: Parameter, collection: string, ids: KnownIds): fc.Arbitrary<string> {
  const real = ids.of(collection, parameter.name);
  const wellFormed = parameter.schema?.format === 'uuid' ? fc.uuid() : plausible(parameter.schema ?? {}, ids).map((value) => encodeURIComponent(String(value)));
  const candidates = real.length > 0 ? fc.oneof(fc.constantFrom(...real), wellFormed) : wellFormed;
  return fc.oneof({ weight: 3, arbitrary: candidates }, { weight: 1, arbitrary: hostileUrlText });
}

interface FuzzRequest {
  readonly url: string;
  readonly body: string | undefined;
}

function requests(document: OpenApiDocument, target: FuzzTarget, ids: KnownIds): fc.Arbitrary<FuzzRequest> {
  const segments = target.path.split('/').map((segment, index, all) => {
    const parameter = target.pathParameters.find((candidate) => segment === `{${candidate.name}}`);
    return parameter ? pathSegment(parameter, all[index - 1] ?? '', ids) : fc.constant(segment);
  });
  const body = target.bodySchema ? jsonBody(document, target.bodySchema, ids) : fc.constant(undefined);
  return fc.record({ path: fc.tuple(...segments), query: queryString(target.queryParameters, ids), body }).map(({ path, query, body }) => ({
    url: `${path.join('/')}${query ? `?${query}` : ''}`,
    body,
  }));
}

// ---------------------------------------------------------------- the application under attack

/** Real ids to put in paths, by the collection they follow (`/audits/{id}`, `/firms/{firmId}/sites/{siteId}`). */
class KnownIds {
  private readonly byCollection = new Map<string, string[]>();

  add(collection: string, ...ids: string[]): void {
    this.byCollection.set(collection, [...(this.byCollection.get(collection) ?? []), ...ids]);
  }

  of(collection: string, parameterName: string): string[] {
    return this.byCollection.get(parameterName) ?? this.byCollection.get(collection) ?? [];
  }

  all(): string[] {
    return [...this.byCollection.values()].flat();
  }
}

function fuzzTargets(testApp: TestApp, document: OpenApiDocument): FuzzTarget[] {
  const access = new Map(declaredRoutes(testApp.app).map((route) => [`${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`, route]));
  const targets: FuzzTarget[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const target = {
        method: method as FuzzTarget['method'],
        path,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        bodySchema: operation.requestBody?.content['application/json']?.schema,
      };
      if (!target.bodySchema && target.pathParameters.length === 0 && target.queryParameters.length === 0) continue;
      const route = access.get(`${method.toUpperCase()} ${path}`);
      const permission = route?.permission as Permission | undefined;
      const callers = route && !route.isPublic && permission ? ROLES.filter((role) => ROLE_PERMISSIONS[role].has(permission)) : [null];
      targets.push({ ...target, callers });
    }
  }
  return targets;
}

/** What is wrong with an answer to hostile input: a server error, or a refusal in another shape than ErrorBody; '' when right. */
function answeredWrongly(response: Response): string {
  if (response.status >= 500) return `${response.status} ${response.body?.code ?? ''}`;
  // 431 (a URL past Node's 16 KB header limit) comes from the HTTP parser, before there is a request to answer.
  if (response.status < 400 || response.status === 431 || !/^application\/json/.test(response.headers['content-type'] ?? '')) return '';
  const body = response.body as Record<string, unknown>;
  const shaped = body.statusCode === response.status && typeof body.code === 'string' && typeof body.message === 'string' && typeof body.requestId === 'string';
  return shaped ? '' : `${response.status} in another shape than ErrorBody: ${JSON.stringify(body).slice(0, 200)}`;
}

/** The platform's 400 for an invalid field, naming `field` (or a path inside it) in its message and its details. */
function expectRefusedNaming(response: Response, field: string): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  expect(response.body.message).toContain(field);
  const named = Object.keys(response.body.details.fields as Record<string, unknown>);
  expect(named.some((path) => path === field || path.startsWith(`${field}.`))).toBe(true);
}

describe('hostile input', () => {
  let testApp: TestApp;
  let document: OpenApiDocument;
  let callers: Record<Role, SignedInUser>;
  let bystander: SignedInUser;
  const ids = new KnownIds();

  beforeAll(async () => {
    testApp = await startTestApp();
    document = (await testApp.http.get('/api/docs-json').expect(200)).body as OpenApiDocument;
    // Someone to act on: the callers' own accounts stay untouched, whatever PATCH /users/{id} is sent.
    bystander = await testApp.signIn('firm');
    const audit = await assignedAudit(testApp);
    const report = await fileReport(testApp);
    callers = { admin: audit.admin, auditor: audit.auditor, reviewer: await testApp.signIn('reviewer'), firm: audit.firm.owner, integrator: await testApp.signIn('integrator') };
    ids.add('users', bystander.id);
    ids.add('firms', audit.firm.id);
    ids.add('applications', audit.applicationId);
    ids.add('audits', audit.auditId);
    ids.add('evidence', ...Object.values(audit.evidence));
    ids.add('report-triage', report.id);
    ids.add('firm-reports', report.id);
    ids.add('reports', report.reference);
    ids.add('answers', ...Object.keys(audit.evidence));
    ids.add('items', ...Object.keys(audit.evidence));
    ids.add('vatNumber', audit.firm.vatNumber);
  });

  afterAll(() => testApp?.close());

  const postJson = (path: string, text: string) => testApp.http.post(path).set('content-type', 'application/json').send(text);

  describe('the 500s once found by hand are 400s naming the field', () => {
    it('refuses a body nested 10,000 levels deep (it overflowed the stack in the validation pipe)', async () => {
      expectRefusedNaming(await postJson('/api/v1/auth/login', `{"email":"a@example.it","password":${withNestingSpliced(`"${nestingMarker(10_000, 'object')}"`)}}`), 'password');
      const firmUser = await testApp.signIn('firm');
      const deepArrays = withNestingSpliced(`"${nestingMarker(10_000, 'array')}"`);
      expectRefusedNaming(await testApp.http.post('/api/v1/firms').set(firmUser.auth).set('content-type', 'application/json').send(`{"legalName":${deepArrays}}`), 'legalName');
    });

    it('refuses NUL in any string, sign-in included (it reached PostgreSQL: invalid byte sequence)', async () => {
      expectRefusedNaming(await testApp.http.post('/api/v1/auth/login').send({ email: 'admin\u0000@example.it', password: 'any password at all' }), 'email');
      const firmUser = await testApp.signIn('firm');
      expectRefusedNaming(await testApp.http.post('/api/v1/firms').set(firmUser.auth).send(firmDetails({ legalName: 'Esempio\u0000 S.r.l.' })), 'legalName');
      expectRefusedNaming(await testApp.http.get('/api/v1/firms?search=%00').set(callers.admin.auth), 'search');
    });

    it('refuses lone surrogates (PostgreSQL: invalid input syntax for type json)', async () => {
      expectRefusedNaming(await postJson('/api/v1/auth/signup', '{"email":"\\udc00\\ud800@example.it","displayName":"Maria","password":"a long enough password"}'), 'email');
      expectRefusedNaming(await postJson('/api/v1/reports', JSON.stringify(reportBody(testApp, { email: 'a\ud800@example.it' }))), 'email');
      const firmUser = await testApp.signIn('firm');
      expectRefusedNaming(await testApp.http.post('/api/v1/firms').set(firmUser.auth).send(firmDetails({ pecAddress: 'esempio\ud83d@pec.it' })), 'pecAddress');
      // In a path, the router cannot decode it (URIError), before any route knows the parameter's name.
      const inPath = await testApp.http.get(`/api/v1/applications/${ids.of('applications', 'id')[0]}/answers/%ED%A0%80`).set(callers.firm.auth);
      expect(inPath.status).toBe(400);
      expect(answeredWrongly(inPath)).toBe('');
    });

    it('refuses NUL in a page form with a 400 page (the sign-in page sent it to PostgreSQL)', async () => {
      const visitor = new WebVisitor(testApp.app);
      const response = await visitor.submit('/accedi', { email: 'admin\u0000@example.it', password: 'any password at all' });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });

    it('refuses displayName: null on PATCH /api/v1/users/{id} (it threw on .trim)', async () => {
      expectRefusedNaming(await testApp.http.patch(`/api/v1/users/${bystander.id}`).set(callers.admin.auth).send({ displayName: null }), 'displayName');
      const unchanged = await testApp.http.get(`/api/v1/users/${bystander.id}`).set(callers.admin.auth).expect(200);
      expect(unchanged.body.displayName).toMatch(/^firm /);
    });
  });

  function send(target: FuzzTarget, caller: Role | null, request: FuzzRequest) {
    const call = testApp.http[target.method](request.url);
    if (caller) void call.set(callers[caller].auth);
    if (request.body !== undefined) void call.set('content-type', 'application/json').send(withNestingSpliced(request.body));
    return call;
  }

  it(`answers no fuzzed request on any route with 5xx, and refuses in the platform's error shape (seed ${SEED}, ${RUNS_PER_ROUTE} requests per route and role)`, async () => {
    if (LONG_RUN) process.stderr.write(`hostile-json: seed ${SEED}, ${RUNS_PER_ROUTE} runs per route and role; replay with FUZZ_SEED=${SEED}\n`);
    const targets = fuzzTargets(testApp, document);
    expect(targets.filter((target) => target.bodySchema).length).toBeGreaterThanOrEqual(30);

    const failures: string[] = [];
    for (const [index, target] of targets.entries()) {
      for (const caller of target.callers) {
        // While shrinking, later runs may pass: keep what was wrong with the last failing one, the counterexample.
        let wrong = '';
        const outcome = await fc.check(
          fc.asyncProperty(requests(document, target, ids), async (request) => {
            const problem = answeredWrongly(await send(target, caller, request));
            if (problem) wrong = problem;
            return problem === '';
          }),
          // One seed replays the whole run; each route and caller gets its own stream from it.
          { seed: SEED + index * ROLES.length + (caller ? ROLES.indexOf(caller) : 0), numRuns: RUNS_PER_ROUTE },
        );
        if (outcome.failed) {
          const example = JSON.stringify(outcome.counterexample?.[0])?.slice(0, 400);
          // A request that got no answer at all throws instead.
          if (!wrong) wrong = String(outcome.errorInstance);
          failures.push(`${caller ?? 'anonymous'} ${target.method.toUpperCase()} ${target.path}: ${wrong} for ${example}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, FUZZ_TIMEOUT_MS);
});

// Booting PGlite takes most of a minute on a loaded machine, so only the long run (npm run fuzz) pays for it.
(LONG_RUN ? describe : describe.skip)('hostile input on the embedded database', () => {
  it('refuses NUL in the e-mail of a sign-in with 400', async () => {
    const testApp = await startTestApp({ database: 'embedded' });
    try {
      expectRefusedNaming(await testApp.http.post('/api/v1/auth/login').send({ email: 'admin\u0000@example.it', password: 'any password at all' }), 'email');
    } finally {
      await testApp.close();
    }
  });
});
