import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { openApplication, PDF_BYTES } from '../factories/application.factory';
import { mobileNumber, registerFirm, RegisteredFirm, validVatNumber } from '../factories/firm.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { WATCH_CSV_MAX_BYTES } from '../../apps/api/src/watch/watch.controller';

/**
 * The hostile-file set against every upload: evidence (API and page form), the calling-number CSV
 * import (API and page form) and the public certificate check (API and page). Every request goes
 * over one kept-alive connection, as a browser or an API client sends them, and after each hostile
 * one the next normal upload must be answered at once: a refused body left unread in the socket
 * once held that connection's next request for over a minute.
 */

const MAX_EVIDENCE_BYTES = 256 * 1024;
/** `MAX_VERIFIED_DOCUMENT_BYTES` of the certificate check, which has a limit of its own. */
const MAX_VERIFIED_BYTES = 5 * 1024 * 1024;
/** Far more than an answer takes on a loaded machine, far less than the connection timeout a held request waited for. */
const ANSWER_WITHIN_MS = 10_000;
const BOUNDARY = 'HostileUploadBoundary';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

type Part = { readonly name: string; readonly value: string } | { readonly name: string; readonly fileName: string; readonly contentType?: string; readonly bytes: Buffer };

function formPart(part: Part): Buffer {
  if ('value' in part) return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), part.bytes, Buffer.from('\r\n')]);
}

const multipartBody = (parts: readonly Part[]) => Buffer.concat([...parts.map(formPart), Buffer.from(`--${BOUNDARY}--\r\n`)]);
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A .docx is a zip: this one holds 200 MB of zeros in about 200 KB. */
const zipBomb = memoised(() => {
  const inflated = 200 * 1024 * 1024;
  const deflated = deflateRawSync(Buffer.alloc(inflated));
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(inflated, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(inflated, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + deflated.length, 16);
  return Buffer.concat([local, name, deflated, central, name, end]);
});

/** 50 MB of zeros in about 50 KB, as one member of a gzip stream: members put one after the other make one stream. */
const gzippedZeros = memoised(() => gzipSync(Buffer.alloc(50 * 1024 * 1024)));

function memoised<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

const PNG_WITH_SCRIPT = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\x00\x00\x00\x2ctEXtComment\x00<script>alert(document.cookie)</script>\x00\x00\x00\x00', 'latin1'),
]);
const PDF_WITH_HTML = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n', 'latin1');
const TEXT_WITH_SCRIPT = Buffer.from('Verbale della riunione\n<script>alert(document.cookie)</script>\n');
const SVG_WITH_SCRIPT = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
const HTML_WITH_SCRIPT = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

/** One upload of the platform: where it is, what a normal one sends and answers, and what it makes of any bytes. */
interface Surface {
  readonly name: string;
  /** POST unless said. */
  readonly method?: 'PUT';
  readonly path: () => string;
  readonly headers: () => Record<string, string>;
  /** The fields a normal upload sends beside the file (with the form token for a page). */
  readonly fields: () => Part[];
  readonly maxFileBytes: number;
  readonly normalFile: () => { readonly bytes: Buffer; readonly fileName: string };
  readonly normalStatus: number;
  /** Keeps the file and its name (evidence): what it accepts must come back only as an attachment. */
  readonly stores: boolean;
  /** Answers any bytes with a finding rather than a refusal (the certificate check API: "not issued"). */
  readonly answersAnyBytes: boolean;
  /** A page form: fields it does not ask for are ignored, as browsers add some. */
  readonly ignoresOtherFields: boolean;
}

/**
 * What a hostile upload sends, and what it must get: a 4xx (one of `refused` when given), except on
 * the surfaces `mayAccept` names, where it is harmless (bytes of an accepted type, a name or a field
 * the surface never uses); what is kept is then served only as an attachment.
 */
interface HostileUpload {
  readonly name: string;
  readonly build: (surface: Surface) => { readonly headers?: Record<string, string>; readonly body: Buffer };
  readonly refused?: readonly number[];
  readonly mayAccept?: (surface: Surface) => boolean;
}

const anyBytesAnswered = (surface: Surface) => surface.answersAnyBytes;

const withFile = (surface: Surface, file: { bytes: Buffer; fileName: string; contentType?: string }) => ({
  body: multipartBody([...surface.fields(), { name: 'file', ...file }]),
});

const HOSTILE_UPLOADS: readonly HostileUpload[] = [
  {
    name: 'a file over the limit',
    build: (surface) => withFile(surface, { bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(surface.maxFileBytes + 256 * 1024, 0x20)]), fileName: 'grande.pdf' }),
    refused: [413],
  },
  {
    name: 'a zip bomb named .docx',
    build: (surface) => withFile(surface, { bytes: zipBomb(), fileName: 'procedura.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
    mayAccept: anyBytesAnswered,
  },
  {
    name: 'a gzip bomb as the body (Content-Encoding: gzip)',
    build: (surface) => {
      const [head, tail] = [multipartBody(surface.fields()).subarray(0, -`--${BOUNDARY}--\r\n`.length), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)];
      const fileHead = Buffer.concat([head, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="zeri.pdf"\r\n\r\n`), PDF_BYTES]);
      return { headers: { 'content-encoding': 'gzip' }, body: Buffer.concat([gzipSync(fileHead), gzippedZeros(), gzipSync(tail)]) };
    },
    refused: [415],
  },
  { name: 'a PDF that is also an HTML page', build: (surface) => withFile(surface, { bytes: PDF_WITH_HTML, fileName: 'verbale.pdf', contentType: 'text/html' }), mayAccept: () => true },
  { name: 'a PNG carrying a script', build: (surface) => withFile(surface, { bytes: PNG_WITH_SCRIPT, fileName: 'logo.png', contentType: 'text/html' }), mayAccept: () => true },
  { name: 'text hiding a script', build: (surface) => withFile(surface, { bytes: TEXT_WITH_SCRIPT, fileName: 'verbale.txt', contentType: 'text/html' }), mayAccept: () => true },
  { name: 'an SVG with a script', build: (surface) => withFile(surface, { bytes: SVG_WITH_SCRIPT, fileName: 'logo.svg', contentType: 'image/svg+xml' }), mayAccept: anyBytesAnswered },
  {
    name: 'an HTML page named .pdf',
    build: (surface) => withFile(surface, { bytes: HTML_WITH_SCRIPT, fileName: 'verbale.pdf', contentType: 'application/pdf' }),
    mayAccept: anyBytesAnswered,
  },
  ...['../../../../etc/passwd', '..\\\\..\\\\windows\\\\win.ini', '/etc/passwd', 'verbale\u0000.pdf.html'].map(
    (fileName): HostileUpload => ({
      name: `a crafted file name ${JSON.stringify(fileName)}`,
      build: (surface) => withFile(surface, { ...surface.normalFile(), fileName }),
      refused: [400],
      // Only where the name is kept does it matter; the other surfaces never read it.
      mayAccept: (surface) => !surface.stores,
    }),
  ),
  {
    name: 'thousands of form fields',
    build: (surface) => ({
      body: multipartBody([...surface.fields(), ...Array.from({ length: 3000 }, (_, i) => ({ name: `campo${i}`, value: 'x'.repeat(100) })), { name: 'file', ...surface.normalFile() }]),
    }),
    refused: [400],
  },
  {
    name: 'a field longer than any form has',
    build: (surface) => ({ body: multipartBody([...surface.fields(), { name: 'description', value: 'x'.repeat(2 * 1024 * 1024) }, { name: 'file', ...surface.normalFile() }]) }),
    refused: [400],
    // Evidence takes a description; the other page forms ignore it, cut short by the parser.
    mayAccept: (surface) => surface.ignoresOtherFields && !surface.stores,
  },
  {
    name: 'many files',
    build: (surface) => ({ body: multipartBody([...surface.fields(), ...Array.from({ length: 200 }, (_, i) => ({ name: 'file', ...surface.normalFile(), fileName: `copia-${i}.pdf` }))]) }),
    refused: [400],
  },
  {
    name: 'a multipart body cut off inside the file',
    build: (surface) => {
      const whole = multipartBody([...surface.fields(), { name: 'file', ...surface.normalFile() }]);
      return { body: whole.subarray(0, whole.length - 40) };
    },
    refused: [400],
  },
  {
    name: 'a body with another boundary than its header says',
    build: (surface) => ({ headers: { 'content-type': 'multipart/form-data; boundary=NotTheBoundaryUsed' }, body: withFile(surface, surface.normalFile()).body }),
    // A page form without its token is refused as such (403).
    refused: [400, 403],
  },
  { name: 'a multipart body without a boundary', build: (surface) => ({ headers: { 'content-type': 'multipart/form-data' }, body: withFile(surface, surface.normalFile()).body }), refused: [400] },
];

const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain; charset=utf-8', 'text/csv; charset=utf-8'];

describe('hostile uploads: a clear 4xx each, nothing served inline, and the next upload answered at once', () => {
  let testApp: TestApp;
  let firm: RegisteredFirm;
  let applicationId: string;
  let origin: string;
  let agent: Agent;
  let browserCookies: string;
  let formToken: string;
  const statuses: { readonly what: string; readonly status: number }[] = [];

  /** One request on the kept-alive connection; a request not answered in time fails the test. */
  async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const request = httpRequest(`${origin}${path}`, { method, agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, timeout: ANSWER_WITHIN_MS }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      });
      request.on('timeout', () => request.destroy(new Error(`${method} ${path} was not answered within ${ANSWER_WITHIN_MS} ms`)));
      request.on('error', (error) => reject(new Error(`${method} ${path}: ${error.message}`)));
      request.end(body);
    });
  }

  const cookiesOf = (reply: Reply) => (reply.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]);

  /** Signs the firm's owner in through the sign-in page, for the page forms: session cookie and form token. */
  async function signInBrowser(): Promise<void> {
    const page = await send('GET', '/accedi', { accept: 'text/html' });
    const csrfCookie = cookiesOf(page).find((cookie) => cookie.startsWith('aq_csrf='));
    if (!csrfCookie) throw new Error('The sign-in page set no form token');
    const token = csrfCookie.slice('aq_csrf='.length);
    const form = multipartBody([
      { name: '_csrf', value: token },
      { name: 'email', value: firm.owner.email },
      { name: 'password', value: firm.owner.password },
    ]);
    const signedIn = await send('POST', '/accedi', { accept: 'text/html', cookie: csrfCookie, 'content-type': MULTIPART }, form);
    expect(signedIn.status).toBe(303);
    const cookies = cookiesOf(signedIn);
    browserCookies = cookies.join('; ');
    formToken = (cookies.find((cookie) => cookie.startsWith('aq_csrf=')) ?? '').slice('aq_csrf='.length);
    expect(browserCookies).toContain('aq_session=');
  }

  let uploads = 0;
  const pdfNumbered = () => {
    uploads += 1;
    return { bytes: Buffer.concat([PDF_BYTES, Buffer.from(`% ${uploads}\n`)]), fileName: `attestato-${uploads}.pdf` };
  };
  const numbersCsv = () => ({ bytes: Buffer.from(`numero\n${mobileNumber()}\n`), fileName: 'numeri.csv' });
  const watchCsv = () => ({ bytes: Buffer.from(`partita_iva\n${validVatNumber()}\n`), fileName: 'aziende.csv' });
  const bearer = () => ({ ...firm.owner.auth, 'content-type': MULTIPART });
  const browser = () => ({ accept: 'text/html', cookie: browserCookies, 'content-type': MULTIPART });

  const surfaces: readonly Surface[] = [
    {
      name: 'evidence upload (API)',
      path: () => `/api/v1/applications/${applicationId}/items/CA-01/evidence`,
      headers: bearer,
      fields: () => [{ name: 'effectiveDate', value: '2026-01-12' }],
      maxFileBytes: MAX_EVIDENCE_BYTES,
      normalFile: pdfNumbered,
      normalStatus: 201,
      stores: true,
      answersAnyBytes: false,
      ignoresOtherFields: false,
    },
    {
      name: 'evidence upload (page form)',
      path: () => `/area/azienda/domande/${applicationId}/voci/CA-01/documenti`,
      headers: browser,
      fields: () => [
        { name: '_csrf', value: formToken },
        { name: 'effectiveDate', value: '2026-01-12' },
      ],
      maxFileBytes: MAX_EVIDENCE_BYTES,
      normalFile: pdfNumbered,
      normalStatus: 303,
      stores: true,
      answersAnyBytes: false,
      ignoresOtherFields: true,
    },
    {
      name: 'calling-number import (API)',
      path: () => `/api/v1/firms/${firm.id}/numbers/import`,
      headers: bearer,
      fields: () => [],
      maxFileBytes: MAX_EVIDENCE_BYTES,
      normalFile: numbersCsv,
      normalStatus: 200,
      stores: false,
      answersAnyBytes: false,
      ignoresOtherFields: false,
    },
    {
      name: 'calling-number import (page form)',
      path: () => '/area/azienda/numeri/importa',
      headers: browser,
      fields: () => [{ name: '_csrf', value: formToken }],
      maxFileBytes: MAX_EVIDENCE_BYTES,
      normalFile: numbersCsv,
      normalStatus: 303,
      stores: false,
      answersAnyBytes: false,
      ignoresOtherFields: true,
    },
    {
      name: 'watch list (API)',
      method: 'PUT',
      path: () => '/api/v1/watch/list.csv',
      headers: bearer,
      fields: () => [],
      maxFileBytes: WATCH_CSV_MAX_BYTES,
      normalFile: watchCsv,
      normalStatus: 200,
      stores: false,
      answersAnyBytes: false,
      ignoresOtherFields: false,
    },
    {
      name: 'watch list (page form)',
      path: () => '/area/aziende-seguite/importa',
      headers: browser,
      fields: () => [{ name: '_csrf', value: formToken }],
      maxFileBytes: WATCH_CSV_MAX_BYTES,
      normalFile: watchCsv,
      normalStatus: 303,
      stores: false,
      answersAnyBytes: false,
      ignoresOtherFields: true,
    },
    {
      name: 'certificate check (API)',
      path: () => '/api/v1/verify/document',
      headers: () => ({ 'content-type': MULTIPART }),
      fields: () => [],
      maxFileBytes: MAX_VERIFIED_BYTES,
      normalFile: pdfNumbered,
      normalStatus: 200,
      stores: false,
      answersAnyBytes: true,
      ignoresOtherFields: false,
    },
    {
      name: 'certificate check (page form)',
      path: () => '/verifica/documento',
      headers: browser,
      fields: () => [{ name: '_csrf', value: formToken }],
      maxFileBytes: MAX_VERIFIED_BYTES,
      normalFile: pdfNumbered,
      normalStatus: 200,
      stores: false,
      answersAnyBytes: false,
      ignoresOtherFields: true,
    },
  ];

  async function upload(surface: Surface, what: string, sent: { headers?: Record<string, string>; body: Buffer }): Promise<Reply> {
    const reply = await send(surface.method ?? 'POST', surface.path(), { ...surface.headers(), ...sent.headers }, sent.body);
    statuses.push({ what: `${surface.name}: ${what}`, status: reply.status });
    return reply;
  }

  /** The evidence stored so far, by file name, to find what a hostile upload left. */
  async function evidenceList(): Promise<{ id: string; fileName: string; contentType: string }[]> {
    const reply = await send('GET', `/api/v1/applications/${applicationId}/evidence`, firm.owner.auth);
    expect(reply.status).toBe(200);
    return JSON.parse(reply.body.toString()) as { id: string; fileName: string; contentType: string }[];
  }

  /** Stored evidence comes back only as a download: attachment, nosniff, one of the accepted types; through the API and the page. */
  async function expectServedAsAttachment(evidenceId: string): Promise<void> {
    for (const [path, headers] of [
      [`/api/v1/applications/${applicationId}/evidence/${evidenceId}/content`, firm.owner.auth],
      [`/area/azienda/domande/${applicationId}/documenti/${evidenceId}`, { accept: 'text/html', cookie: browserCookies }],
    ] as const) {
      const download = await send('GET', path, headers);
      expect({ path, status: download.status }).toEqual({ path, status: 200 });
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(ATTACHMENT_TYPES).toContain(download.headers['content-type']);
    }
  }

  beforeAll(async () => {
    testApp = await startTestApp({ env: { EVIDENCE_MAX_BYTES: String(MAX_EVIDENCE_BYTES) } });
    testApp.clock.set(new Date('2026-03-02T10:00:00Z'));
    firm = await registerFirm(testApp);
    applicationId = await openApplication(testApp, firm);
    const server = testApp.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // One connection, kept alive: each request goes where the one before it went.
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await signInBrowser();
  });

  afterAll(async () => {
    agent?.destroy();
    await testApp?.close();
  });

  afterEach(() => {
    expect(statuses.filter((answer) => answer.status >= 500)).toEqual([]);
  });

  for (const hostile of HOSTILE_UPLOADS) {
    it(`${hostile.name}: refused with a 4xx where it is bad, never served inline, and the next upload is answered at once`, async () => {
      for (const surface of surfaces) {
        const before = surface.stores ? new Set((await evidenceList()).map((evidence) => evidence.id)) : new Set<string>();
        const reply = await upload(surface, hostile.name, hostile.build(surface));
        const context = `${surface.name} answered ${reply.status}: ${reply.body.toString('utf8', 0, 300)}`;
        const accepted = reply.status === surface.normalStatus;
        if (accepted && hostile.mayAccept?.(surface)) {
          if (surface.answersAnyBytes) expect(JSON.parse(reply.body.toString())).toMatchObject({ issued: false });
        } else {
          expect({ context, refused: reply.status >= 400 && reply.status < 500 }).toEqual({ context, refused: true });
          if (hostile.refused) expect({ context, expected: hostile.refused.includes(reply.status) }).toEqual({ context, expected: true });
          if (reply.headers['content-type']?.startsWith('application/json')) {
            expect(JSON.parse(reply.body.toString())).toMatchObject({ statusCode: reply.status, code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
          }
        }
        if (surface.stores) {
          const kept = (await evidenceList()).filter((evidence) => !before.has(evidence.id));
          expect(kept.length).toBeLessThanOrEqual(accepted ? 1 : 0);
          for (const evidence of kept) {
            expect(evidence.fileName).not.toMatch(/[\\/]|\.\.|\p{Cc}/u);
            await expectServedAsAttachment(evidence.id);
          }
        }

        const next = await upload(surface, 'the next normal upload', withFile(surface, surface.normalFile()));
        expect({ surface: surface.name, status: next.status, body: next.body.toString('utf8', 0, 300) }).toMatchObject({ surface: surface.name, status: surface.normalStatus });
      }
    });
  }

  it('an endless upload is answered 413 at the limit, and its connection closed rather than read for ever', async () => {
    const path = `/api/v1/applications/${applicationId}/items/CA-01/evidence`;
    const head = Buffer.concat([
      formPart({ name: 'effectiveDate', value: '2026-01-12' }),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="infinito.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`),
    ]);
    // A connection of its own, sending chunks for as long as the server takes them.
    const request = httpRequest(`${origin}${path}`, { method: 'POST', agent: false, headers: { ...firm.owner.auth, 'content-type': MULTIPART, 'transfer-encoding': 'chunked' } });
    const answered = new Promise<number>((resolve) => request.on('response', (response) => (resolve(response.statusCode ?? 0), response.resume())));
    // The server ends the connection under a client still sending: a write error is expected.
    request.on('error', () => undefined);
    let open = true;
    const closed = new Promise<void>((resolve) => request.on('close', () => ((open = false), resolve())));
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const giveUpAt = Date.now() + 60_000;
    request.write(head);
    while (open && Date.now() < giveUpAt) {
      sent += chunk.length;
      if (!request.write(chunk)) await Promise.race([new Promise((resolve) => request.once('drain', resolve)), closed]);
    }
    expect(await answered).toBe(413);
    expect(open).toBe(false);
    // Read up to the limit, then at most a bounded amount more (1 MB), with what the sockets buffer on top.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    statuses.push({ what: 'endless upload', status: await answered });

    const next = await upload(surfaces[0], 'the next normal upload', withFile(surfaces[0], pdfNumbered()));
    expect(next.status).toBe(201);
  });
});
