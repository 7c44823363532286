import { formatItalianDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { RatingsService, RatingStatus } from '@app/ratings';
import { RegistryService, SearchTooBroadError } from '@app/registry';
import { BlobStore } from '@app/storage';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistryController } from '../../../apps/api/src/registry/registry.controller';
import { registerFirm } from '../../factories/firm.factory';
import { declareNumber, ListedFirm, listedFirm, reinstateRating, revokeRating, suspendRating } from '../../factories/registry.factory';
import { fileReport } from '../../factories/report.factory';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

const SEAL_WORDS: Record<RatingStatus, string> = { active: 'VALIDO', suspended: 'SOSPESO', revoked: 'REVOCATO', expired: 'SCADUTO' };
const PAGE_LABELS: Record<RatingStatus, string> = { active: 'Valido', suspended: 'Sospeso', revoked: 'Revocato', expired: 'Scaduto' };
const OUTCOMES: Record<RatingStatus, string> = { active: 'valid', suspended: 'suspended', revoked: 'revoked', expired: 'expired' };
const FEED_KINDS: Record<RatingStatus, string> = { active: 'issued', suspended: 'suspended', revoked: 'revoked', expired: 'expired' };

describe('the public registry shows every status on every surface (PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  /** What each public surface says about the firm, read the way the public reads it. */
  async function everySurface(listed: ListedFirm, number: string) {
    const { vatNumber } = listed.firm;
    const { certificateNumber } = listed.rating;
    const json = (await testApp.http.get(`/api/v1/registry/firms/${vatNumber}`).expect(200)).body;
    const page = (await testApp.http.get(`/registro/${vatNumber}`).expect(200)).text;
    const seal = (await testApp.http.get(`/seal/${vatNumber}.svg`).expect(200).expect('content-type', 'image/svg+xml; charset=utf-8')).body.toString();
    const verify = (await testApp.http.get(`/api/v1/verify/${certificateNumber}`).expect(200)).body;
    const verifyPage = (await testApp.http.get(`/verifica/${certificateNumber}`).expect(200)).text;
    const lookup = (await testApp.http.get(`/api/v1/lookup/phone/${encodeURIComponent(number)}`).expect(200)).body;
    const search = (await testApp.http.get('/api/v1/registry/firms').query({ q: vatNumber }).expect(200)).body;
    const csv = (await testApp.http.get('/opendata/registry.csv').expect(200)).text;
    const openJson = (await testApp.http.get('/opendata/registry.json').expect(200)).body;
    const feed = (await testApp.http.get('/feed.atom').expect(200).expect('content-type', 'application/atom+xml; charset=utf-8')).text;
    return {
      json: json.status,
      page: new RegExp(`<h2>Stato del bollino blu: <span class="badge badge-(\\w+)">(\\w+)</span></h2>`).exec(page)?.slice(1).join(' '),
      seal: />(VALIDO|SOSPESO|REVOCATO|SCADUTO)</.exec(seal)?.[1],
      verify: verify.outcome,
      verifyPage: /<h2 id="verify-outcome">([^<]+)<\/h2>/.exec(verifyPage)?.[1],
      lookup: lookup.firm?.status,
      search: search.items.map((item: { status: string }) => item.status).join(),
      csv: csv.split('\r\n').find((line) => line.startsWith(`${vatNumber},`))?.split(',')[5],
      openJson: openJson.firms.find((firm: { vatNumber: string }) => firm.vatNumber === vatNumber)?.status,
      feed: [...feed.matchAll(new RegExp(`rating/${certificateNumber}/(\\w+)/`, 'g'))].map((match) => match[1])[0],
    };
  }

  /**
   * A change made through this instance reaches its cache through PostgreSQL's notification: within a
   * second (usually at once). What time alone changes needs no notification: `withinMs` 0 checks it at once.
   */
  async function expectEverywhere(listed: ListedFirm, number: string, status: RatingStatus, { latestChange = FEED_KINDS[status], withinMs = 1_000 } = {}): Promise<void> {
    await eventually(async () => expect(await everySurface(listed, number)).toEqual({
      json: status,
      page: `${status} ${PAGE_LABELS[status]}`,
      seal: SEAL_WORDS[status],
      verify: OUTCOMES[status],
      verifyPage: `Attestato ${{ active: 'VALIDO', suspended: 'SOSPESO', revoked: 'REVOCATO', expired: 'SCADUTO' }[status]}`,
      lookup: status,
      search: status,
      csv: status,
      openJson: status,
      feed: latestChange,
    }), withinMs);
  }

  it('shows an active firm as valid, then suspended, reinstated and revoked, on every surface', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Ciclo Completo S.r.l.', numbers: ['06 5550101'] });
    await expectEverywhere(listed, '06 5550101', 'active');

    testApp.clock.set(new Date('2026-12-01T10:00:00Z'));
    await suspendRating(testApp, listed, 'Verifiche in corso su segnalazioni');
    await expectEverywhere(listed, '06 5550101', 'suspended');

    testApp.clock.set(new Date('2026-12-10T10:00:00Z'));
    await reinstateRating(testApp, listed);
    await expectEverywhere(listed, '06 5550101', 'active', { latestChange: 'reinstated' });

    testApp.clock.set(new Date('2027-01-15T10:00:00Z'));
    await revokeRating(testApp, listed, 'Chiamate senza consenso documentate', 'irregularities');
    await expectEverywhere(listed, '06 5550101', 'revoked');

    const record = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
    expect(record.rating).toMatchObject({ status: 'revoked', revocationReason: 'irregularities', publicNote: 'Chiamate senza consenso documentate', endedAt: '2027-01-15T10:00:00.000Z' });
    expect(record.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['revoked', 'reinstated', 'suspended', 'issued']);
    expect(record.timeline[0]).toMatchObject({ reason: 'irregularities', publicNote: 'Chiamate senza consenso documentate', certificateNumber: listed.rating.certificateNumber });
    const page = (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text;
    expect(page).toContain('Chiamate senza consenso documentate');
    expect(page).toContain('irregolarità riscontrate');
  });

  it('shows a rating past its validity as expired everywhere, with no job run, even when its answers were cached', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Scadenza Naturale S.r.l.', numbers: ['06 5550202'] });
    await expectEverywhere(listed, '06 5550202', 'active');

    testApp.clock.set(new Date(listed.rating.validUntil.getTime() - 1));
    await expectEverywhere(listed, '06 5550202', 'active', { withinMs: 0 });
    testApp.clock.set(listed.rating.validUntil);
    await expectEverywhere(listed, '06 5550202', 'expired', { withinMs: 0 });

    const record = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
    expect(record.rating).toMatchObject({ status: 'expired', endedAt: listed.rating.validUntil.toISOString() });
    expect(record.timeline[0]).toMatchObject({ kind: 'expired', occurredAt: listed.rating.validUntil.toISOString() });
  });

  it('says when a revoked or expired certificate ended, and shows its validity only as the original one', async () => {
    /** The verification page's outcome box, as text. */
    const outcomeBox = (html: string) => (/<section class="panel panel-\w+"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const ratingSection = (html: string) => (/<section aria-labelledby="firm-rating">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const revoked = await listedFirm(testApp, { legalName: 'Fine Revoca S.r.l.' });
    const expired = await listedFirm(testApp, { legalName: 'Fine Scadenza S.r.l.' });
    testApp.clock.set(new Date('2027-01-15T10:00:00Z'));
    await revokeRating(testApp, revoked);
    testApp.clock.set(expired.rating.validUntil);
    const expiredOn = formatItalianDate(expired.rating.validUntil);

    for (const [listed, ended, endedEn, endedOn] of [[revoked, 'Revocato il', 'Revoked on', '15/01/2027'], [expired, 'Scaduto il', 'Expired on', expiredOn]] as const) {
      const { certificateNumber } = listed.rating;
      await eventually(async () => {
        const box = outcomeBox((await testApp.http.get(`/verifica/${certificateNumber}`).expect(200)).text);
        expect(box).toContain(` ${ended} ${endedOn} Validità originaria fino al ${formatItalianDate(listed.rating.validUntil)} `);
        expect(box).not.toContain('Valido fino al');
      });
      const english = outcomeBox((await testApp.http.get(`/verifica/${certificateNumber}?lang=en`).expect(200)).text);
      expect(english).toContain(` ${endedEn} `);
      expect(english).toContain(' Originally valid until ');
      expect(english).not.toContain('Valid until');
      const firmPage = ratingSection((await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text);
      expect(firmPage).toContain(` ${ended} ${endedOn} Validità originaria fino al `);
      expect(firmPage).not.toContain('Valido fino al');
      const search = (await testApp.http.get('/registro').query({ q: listed.firm.vatNumber }).expect(200)).text;
      expect(search).toContain(`<dt>${ended}</dt>`);
    }
    const revokedJson = (await testApp.http.get(`/api/v1/verify/${revoked.rating.certificateNumber}`).expect(200)).body;
    expect(revokedJson.message).toContain(`was revoked on 2027-01-15T10:00:00.000Z: it no longer attests the qualification (originally valid until ${revoked.rating.validUntil.toISOString()})`);
    const expiredJson = (await testApp.http.get(`/api/v1/verify/${expired.rating.certificateNumber}`).expect(200)).body;
    expect(expiredJson.message).toContain(`expired on ${expired.rating.validUntil.toISOString()}`);
  });

  it('turns a suspension not lifted by its deadline into a revocation everywhere, with the suspension reason', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Sospensione Scaduta S.r.l.', numbers: ['06 5550303'] });
    testApp.clock.set(new Date('2026-12-01T10:00:00Z'));
    await suspendRating(testApp, listed, 'In attesa di documenti', 'failed_surveillance');
    await expectEverywhere(listed, '06 5550303', 'suspended');
    const deadline = new Date('2026-12-01T10:00:00Z').getTime() + testApp.config.ratings.suspensionMaxDays * 86_400_000;

    testApp.clock.set(new Date(deadline));
    await expectEverywhere(listed, '06 5550303', 'revoked', { withinMs: 0 });
    const record = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
    expect(record.rating).toMatchObject({ status: 'revoked', revocationReason: 'failed_surveillance', endedAt: new Date(deadline).toISOString() });
    expect(record.timeline[0]).toMatchObject({ kind: 'revoked', reason: 'failed_surveillance' });
  });

  it('answers 304 to an unchanged answer and a new one after a change', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Convalida S.r.l.', numbers: ['06 5550404'] });
    for (const path of [`/api/v1/registry/firms/${listed.firm.vatNumber}`, `/api/v1/verify/${listed.rating.certificateNumber}`, '/api/v1/lookup/phone/065550404', `/seal/${listed.firm.vatNumber}.svg`, '/feed.atom', '/opendata/registry.csv']) {
      const first = await testApp.http.get(path).expect(200);
      expect(first.headers.etag).toMatch(/^W\/"/);
      expect(first.headers['cache-control']).toBe('no-cache');
      const again = await testApp.http.get(path).set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text ?? '').toBe('');
    }
    const before = await testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).expect(200);
    await revokeRating(testApp, listed);
    await eventually(async () => {
      const after = await testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).set('If-None-Match', before.headers.etag).expect(200);
      expect(after.body.outcome).toBe('revoked');
    });
  });

  it('answers verification, phone lookup and search the same from the fast path and from the controller', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Due Strade S.r.l.', numbers: ['06 5550707'] });
    const controller = testApp.app.get(RegistryController);
    const request = { headers: {} } as FastifyRequest;
    const reply = { header: () => reply, status: () => reply } as unknown as FastifyReply;
    const withoutInstant = (body: Record<string, unknown>) => ({ ...body, checkedAt: 'any' });
    for (const certificateNumber of [listed.rating.certificateNumber, 'AQ-2019-999998']) {
      const fast = (await testApp.http.get(`/api/v1/verify/${certificateNumber}`).expect(200)).body;
      const slow = JSON.parse(JSON.stringify(await controller.verify(certificateNumber, request, reply)));
      expect(withoutInstant(slow)).toEqual(withoutInstant(fast));
    }
    for (const number of ['06 5550707', '06 5550708']) {
      const fast = (await testApp.http.get(`/api/v1/lookup/phone/${encodeURIComponent(number)}`).expect(200)).body;
      const slow = JSON.parse(JSON.stringify(await controller.lookupPhone(number, request, reply)));
      expect(withoutInstant(slow)).toEqual(withoutInstant(fast));
    }
    for (const query of [{ q: 'due strade' }, { q: 'Due Strde' }, { q: listed.firm.vatNumber, status: 'active' }, { q: 'nessuna impresa' }, { q: 'due strade', pageSize: '1' }]) {
      const fast = await testApp.http.get('/api/v1/registry/firms').query(query).expect(200);
      expect(fast.headers['access-control-allow-origin']).toBe('*');
      const slow = JSON.parse(JSON.stringify(await controller.search(query, reply)));
      expect(slow).toEqual(fast.body);
    }
  });

  it('answers a search that fails with the same error shape as every other API error', async () => {
    const search = jest.spyOn(RegistryService.prototype, 'search');
    try {
      search.mockRejectedValueOnce(new SearchTooBroadError());
      const tooBroad = await testApp.http.get('/api/v1/registry/firms').query({ q: 'servizi' }).expect(422);
      expect(tooBroad.body).toEqual({ statusCode: 422, code: 'search_too_broad', message: expect.stringContaining('add more of the name'), requestId: tooBroad.headers['x-request-id'] });
      search.mockRejectedValueOnce(new Error('connection lost'));
      const failed = await testApp.http.get('/api/v1/registry/firms').query({ q: 'servizi' }).expect(500);
      expect(failed.body).toMatchObject({ statusCode: 500, code: 'internal_error', requestId: failed.headers['x-request-id'] });
      expect(search).toHaveBeenCalledTimes(2);
    } finally {
      search.mockRestore();
    }
  });

  it('publishes the SHA-256 of the certificate PDF, and links the PDF, once it is rendered', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Attestato Firmato S.r.l.' });
    const before = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
    expect({ sha256: before.rating.certificateSha256, pdf: before.links.certificatePdf }).toEqual({ sha256: null, pdf: null });
    expect((await testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).expect(200)).body.certificatePdfUrl).toBeNull();
    const pageBefore = (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text;
    expect(pageBefore).toContain('in preparazione');
    expect(pageBefore).not.toContain(`/api/v1/certificates/${listed.rating.certificateNumber}/pdf`);

    const txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
    const blob = await txHost.withTransaction(() => testApp.app.get(BlobStore).put(Buffer.from('%PDF-1.7 attestato'), 'application/pdf'));
    await txHost.withTransaction(() => testApp.app.get(RatingsService).attachCertificate(listed.rating.id, blob.sha256));
    await eventually(async () => {
      const after = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
      expect({ sha256: after.rating.certificateSha256, pdf: after.links.certificatePdf }).toEqual({
        sha256: blob.sha256,
        pdf: `${testApp.config.publicBaseUrl}/api/v1/certificates/${listed.rating.certificateNumber}/pdf`,
      });
    });
    const page = (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text;
    expect(page).toContain(`<code class="hash">${blob.sha256}</code>`);
    expect(page).toContain(`href="/api/v1/certificates/${listed.rating.certificateNumber}/pdf"`);
    const verified = (await testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).expect(200)).body;
    expect({ sha256: verified.rating.certificateSha256, pdf: verified.certificatePdfUrl }).toEqual({
      sha256: blob.sha256,
      pdf: `${testApp.config.publicBaseUrl}/api/v1/certificates/${listed.rating.certificateNumber}/pdf`,
    });
    // The fast path answered; the controller, which answers when the fast path steps aside, says the same.
    const reply = { header: () => reply, status: () => reply } as unknown as FastifyReply;
    const slow = await testApp.app.get(RegistryController).verify(listed.rating.certificateNumber, { headers: {} } as FastifyRequest, reply);
    expect(slow?.certificatePdfUrl).toBe(verified.certificatePdfUrl);
  });

  it('never lists a firm that never held a rating, nor the numbers it declared', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Mai Qualificata S.r.l.' });
    await declareNumber(testApp, firm, '06 5550505');
    await testApp.http.get(`/api/v1/registry/firms/${firm.vatNumber}`).expect(404);
    expect((await testApp.http.get(`/registro/${firm.vatNumber}`).expect(404)).text).toContain('Azienda non presente nel registro');
    // Firms embed the seal with <img>: the answer is an image too, in the language asked for.
    const seal = await testApp.http.get(`/seal/${firm.vatNumber}.svg`).expect(404).expect('content-type', 'image/svg+xml; charset=utf-8');
    expect(seal.body.toString()).toContain('>NON PRESENTE NEL REGISTRO</text>');
    expect(seal.body.toString()).toContain(`>Partita IVA ${firm.vatNumber}</text>`);
    expect(seal.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const english = await testApp.http.get(`/seal/${firm.vatNumber}.svg?lang=en`).expect(404).expect('content-type', 'image/svg+xml; charset=utf-8');
    expect(english.body.toString()).toContain('>NOT IN THE REGISTER</text>');
    const notVat = await testApp.http.get('/seal/12345.svg').expect(400).expect('content-type', 'image/svg+xml; charset=utf-8');
    expect(notVat.body.toString()).toContain('>NON PRESENTE NEL REGISTRO</text>');
    expect((await testApp.http.get('/api/v1/registry/firms').query({ q: firm.vatNumber }).expect(200)).body.items).toEqual([]);
    expect((await testApp.http.get('/api/v1/registry/firms').query({ q: 'Mai Qualificata' }).expect(200)).body.items).toEqual([]);
    expect((await testApp.http.get('/api/v1/lookup/phone/065550505').expect(200)).body).toMatchObject({ declared: false, firm: null });
    expect((await testApp.http.get('/opendata/registry.csv').expect(200)).text).not.toContain(firm.vatNumber);
  });

  it('publishes nothing private: no PEC, tax code, ROC number, user or internal id', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Riservata S.r.l.', numbers: ['06 5550606'] });
    const surfaces = [
      (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).text,
      (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text,
      (await testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).expect(200)).text,
      (await testApp.http.get('/api/v1/lookup/phone/065550606').expect(200)).text,
      (await testApp.http.get('/opendata/registry.csv').expect(200)).text,
      (await testApp.http.get('/opendata/registry.json').expect(200)).text,
      (await testApp.http.get('/feed.atom').expect(200)).text,
    ];
    for (const text of surfaces) {
      for (const secret of ['esempio@pec.it', '12345', listed.firm.owner.email, listed.reviewer.email, listed.firm.id, listed.rating.id, listed.rating.applicationId]) {
        expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
      }
    }
  });

  it('states the open data licence and links the seal to the firm page', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Aperta S.r.l.' });
    const csv = await testApp.http.get('/opendata/registry.csv').expect(200);
    expect(csv.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toMatch(/^vat_number,legal_name,city,province,website,status,certificate_number,/);
    const json = (await testApp.http.get('/opendata/registry.json').expect(200)).body;
    expect(json.licence).toEqual({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    const seal = await testApp.http.get(`/seal/${listed.firm.vatNumber}.svg`).expect(200);
    expect(seal.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(seal.body.toString()).toContain(`href="${testApp.config.publicBaseUrl}/registro/${listed.firm.vatNumber}"`);
    const record = (await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body;
    expect(record.links.sealEmbedHtml).toContain(`<img src="${testApp.config.publicBaseUrl}/seal/${listed.firm.vatNumber}.svg"`);
    // On the English page the seal, its alt text and the code to paste are English.
    const english = (await testApp.http.get(`/registro/${listed.firm.vatNumber}?lang=en`).expect(200)).text;
    expect(english).toContain(`<img src="/seal/${listed.firm.vatNumber}.svg?lang&#x3D;en" width="260" height="96" alt="Blue seal of Aperta S.r.l.: current status">`);
    expect(english).toContain('alt&#x3D;&quot;Azienda Qualificata: blue seal status of Aperta S.r.l.&quot;');
    expect((await testApp.http.get(`/seal/${listed.firm.vatNumber}.svg?lang=en`).expect(200)).body.toString()).toContain('>VALID</text>');
  });

  describe('consumer reports on the firm page', () => {
    const closeReport = async (id: string, substantiated: boolean) => {
      const reviewer = await testApp.signIn('reviewer');
      await testApp.http.post(`/api/v1/report-triage/${id}/forward`).set(reviewer.auth).send({}).expect(200);
      await testApp.http.post(`/api/v1/report-triage/${id}/close`).set(reviewer.auth).send({ substantiated, note: 'Verificata' }).expect(200);
    };

    it('counts the substantiated reports by kind as soon as a report is closed, never their text, and links the report form to the first number', async () => {
      const listed = await listedFirm(testApp, { legalName: 'Segnalata S.r.l.', numbers: ['06 5550917', '06 5550918'] });
      const path = `/registro/${listed.firm.vatNumber}`;
      const before = (await testApp.http.get(path).expect(200)).text;
      expect(before).toContain('Nessuna segnalazione fondata negli ultimi 12 mesi.');
      expect(before).toContain('<a href="/segnala?numero&#x3D;%2B39065550917">Segnala una chiamata di questa azienda</a>');

      const description = 'Testo privato della segnalazione: mi chiamo Giulia Bianchi.';
      const unwanted = await fileReport(testApp, { number: '06 5550917', description });
      const aggressive = await fileReport(testApp, { number: '06 5550918', kind: 'aggressive_selling' });
      const unfounded = await fileReport(testApp, { number: '06 5550917', kind: 'other' });
      const open = await fileReport(testApp, { number: '06 5550917', kind: 'other' });
      await closeReport(unwanted.id, true);
      await closeReport(aggressive.id, true);
      await closeReport(unfounded.id, false);

      const after = (await testApp.http.get(path).expect(200)).text;
      expect(after).toContain('<caption>Segnalazioni fondate per tipo: 2 in totale</caption>');
      expect(after).toContain('<tr><th scope="row">Chiamata indesiderata</th><td>1</td></tr>');
      expect(after).toContain('<tr><th scope="row">Vendita aggressiva</th><td>1</td></tr>');
      expect(after).toContain('<tr><th scope="row">Altro</th><td>0</td></tr>');
      expect(after).not.toContain('Nessuna segnalazione fondata');
      for (const secret of ['Giulia Bianchi', unwanted.reference, open.reference]) expect(after).not.toContain(secret);

      const english = (await testApp.http.get(`${path}?lang=en`).expect(200)).text;
      expect(english).toContain('<caption>Substantiated reports by kind: 2 in all</caption>');
      expect(english).toContain('<a href="/segnala?numero&#x3D;%2B39065550917&amp;lang&#x3D;en">Report a call from this firm</a>');
    });

    it('links the report form without a number when the firm declared none', async () => {
      const listed = await listedFirm(testApp, { legalName: 'Senza Numeri S.r.l.' });
      const page = (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text;
      expect(page).toContain('<a href="/segnala">Segnala una chiamata di questa azienda</a>');
    });
  });
});
