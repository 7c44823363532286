import { RATING_STATUSES } from '@app/ratings';
import { REPORT_KINDS } from '@app/reports';
import { romeMonth } from '@app/core';
import { COUNTED_RATING_EVENTS, median, roundedDays } from '@app/statistics';
import { DataSource } from 'typeorm';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { fileReport } from '../../factories/report.factory';
import { startTestApp, TestApp } from '../../support/test-app';

interface Statistics {
  readonly months: string[];
  readonly firmsByStatus: Record<string, number>;
  readonly ratingEvents: ({ month: string } & Record<string, number>)[];
  readonly reports: { month: string; total: number; byKind: Record<string, number> }[];
  readonly decisions: { count: number; medianDays: number | null; byMonth: { month: string; decisions: number; medianDays: number | null }[] };
}

/** The `data-value` of every cell of one table of the page, row by row, by the cells' `data-kind` (or `data-status`). */
function tableFigures(html: string, tableId: string): Record<string, Record<string, number | null>> {
  const table = new RegExp(`<table class="data" id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const rows: Record<string, Record<string, number | null>> = {};
  for (const row of table.matchAll(/<tr(?: data-month="([^"]+)")?>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[2].matchAll(/<td data-(?:kind|status)="([^"]+)" data-value="([^"]*)">/g)];
    if (cells.length === 0) continue;
    // Rows of no month (the statuses of today) make one row together.
    const key = row[1] ?? 'today';
    rows[key] = { ...rows[key], ...Object.fromEntries(cells.map((cell) => [cell[1], cell[2] === '' ? null : Number(cell[2])])) };
  }
  return rows;
}

/** The values the bars of one chart carry, in order. */
function chartFigures(html: string, chartId: string): number[] {
  const svg = new RegExp(`<svg[^>]*aria-labelledby="${chartId}-title[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
  return [...svg.matchAll(/data-value="([0-9.]+)"/g)].map((match) => Number(match[1]));
}

describe('the statistics page: the registry in figures, matching its open data', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    const at = (instant: string) => testApp.clock.set(new Date(instant));
    // Issued 13 months before "now": its validity ends within the months shown, and no job records the expiry.
    at('2026-02-01T09:00:00Z');
    await listedFirm(testApp, { legalName: 'Statistica Scaduta S.r.l.' });
    at('2027-01-10T09:00:00Z');
    await listedFirm(testApp, { legalName: 'Statistica Valida S.r.l.' });
    at('2027-02-05T09:00:00Z');
    const revoked = await listedFirm(testApp, { legalName: 'Statistica Revocata S.r.l.' });
    const suspended = await listedFirm(testApp, { legalName: 'Statistica Sospesa S.r.l.' });
    at('2027-02-20T09:00:00Z');
    await suspendRating(testApp, suspended);
    for (const kind of ['unwanted_call', 'unwanted_call', 'aggressive_selling']) await fileReport(testApp, { kind });
    at('2027-03-02T09:00:00Z');
    await revokeRating(testApp, revoked);
    await fileReport(testApp, { kind: 'other' });
    at('2027-03-15T10:00:00Z');
    // Applications decided 10, 30 and 14 days after they were submitted (the factories' own are decided at once).
    await testApp.app.get(DataSource).query(
      `INSERT INTO application (firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at)
       SELECT e.firm_id, v.id, 'decided', 'refused', d.decided - d.days * interval '1 day', d.decided - d.days * interval '1 day', d.decided
       FROM (SELECT firm_id FROM registry_entry LIMIT 1) e, (SELECT id FROM checklist_version WHERE is_current) v,
            (VALUES (timestamptz '2027-01-20T10:00:00Z', 10), (timestamptz '2027-02-10T10:00:00Z', 30), (timestamptz '2027-02-25T10:00:00Z', 14)) AS d(decided, days)`,
    );
  });
  afterAll(() => testApp.close());

  it('publishes the same figures on the page and as open data, and they agree with the registry and its firms’ histories', async () => {
    const json = await testApp.http.get('/opendata/statistics.json').expect(200);
    expect(json.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    const statistics = json.body as Statistics;
    expect(statistics.months).toHaveLength(12);
    expect(statistics.months.slice(-3)).toEqual(['2027-01', '2027-02', '2027-03']);

    // Firms by status: exactly the statuses of the open data.
    const registry = (await testApp.http.get('/opendata/registry.json').expect(200)).body as { firms: { vatNumber: string; status: string }[] };
    const byStatus = Object.fromEntries(RATING_STATUSES.map((status) => [status, registry.firms.filter((firm) => firm.status === status).length]));
    expect(statistics.firmsByStatus).toEqual(byStatus);
    expect(byStatus).toEqual({ active: 1, suspended: 1, revoked: 1, expired: 1 });

    // Ratings per month: exactly the events of the firms' public histories (the unrecorded expiry included).
    const expectedEvents = statistics.months.map((month) => ({ month, ...Object.fromEntries(COUNTED_RATING_EVENTS.map((kind) => [kind, 0])) })) as ({ month: string } & Record<string, number>)[];
    for (const firm of registry.firms) {
      const record = (await testApp.http.get(`/api/v1/registry/firms/${firm.vatNumber}`).expect(200)).body as { timeline: { kind: string; occurredAt: string }[] };
      for (const entry of record.timeline) {
        const month = expectedEvents.find((candidate) => candidate.month === romeMonth(new Date(entry.occurredAt)));
        if (month && entry.kind in month) month[entry.kind] += 1;
      }
    }
    expect(statistics.ratingEvents).toEqual(expectedEvents);
    expect(statistics.ratingEvents.find((month) => month.month === '2027-02')).toEqual({ month: '2027-02', issued: 2, suspended: 1, revoked: 0, expired: 1 });

    // Reports per month and kind: those filed above.
    const reports = (month: string) => statistics.reports.find((candidate) => candidate.month === month);
    expect(reports('2027-02')).toEqual({ month: '2027-02', total: 3, byKind: { ...Object.fromEntries(REPORT_KINDS.map((kind) => [kind, 0])), unwanted_call: 2, aggressive_selling: 1 } });
    expect(reports('2027-03')?.byKind.other).toBe(1);

    // Days from application to decision: the median of every application decided in these months, as the database holds them.
    const decided = await testApp.app.get(DataSource).query<{ submittedAt: Date; decidedAt: Date }[]>(
      `SELECT submitted_at AS "submittedAt", decided_at AS "decidedAt" FROM application WHERE decided_at IS NOT NULL AND decided_at <= $1`,
      [testApp.clock.now()],
    );
    const inWindow = decided.filter((row) => statistics.months.includes(romeMonth(row.decidedAt)));
    const days = inWindow.map((row) => (row.decidedAt.getTime() - row.submittedAt.getTime()) / 86_400_000);
    expect(statistics.decisions.count).toBe(inWindow.length);
    expect(statistics.decisions.medianDays).toBe(roundedDays(median(days) ?? NaN));
    expect(statistics.decisions.byMonth.find((month) => month.month === '2027-02')).toEqual({ month: '2027-02', decisions: 2, medianDays: 22 });

    // The page shows exactly these figures, in its tables and in its charts.
    for (const language of ['it', 'en'] as const) {
      const html = (await testApp.http.get(language === 'it' ? '/statistiche' : '/statistiche?lang=en').expect(200)).text;
      expect(tableFigures(html, 'tabella-stati')).toEqual({ today: statistics.firmsByStatus });
      expect(chartFigures(html, 'grafico-stati')).toEqual(RATING_STATUSES.map((status) => statistics.firmsByStatus[status]));
      expect(tableFigures(html, 'tabella-rating')).toEqual(Object.fromEntries(statistics.ratingEvents.map(({ month, ...counts }) => [month, counts])));
      for (const kind of COUNTED_RATING_EVENTS) expect(chartFigures(html, `grafico-rating-${kind}`)).toEqual(statistics.ratingEvents.map((month) => month[kind]));
      expect(tableFigures(html, 'tabella-segnalazioni')).toEqual(Object.fromEntries(statistics.reports.map((month) => [month.month, { ...month.byKind, total: month.total }])));
      for (const kind of REPORT_KINDS) expect(chartFigures(html, `grafico-segnalazioni-${kind}`)).toEqual(statistics.reports.map((month) => month.byKind[kind]));
      expect(tableFigures(html, 'tabella-decisioni')).toEqual(
        Object.fromEntries(statistics.decisions.byMonth.map((month) => [month.month, { decisions: month.decisions, medianDays: month.medianDays }])),
      );
      expect(chartFigures(html, 'grafico-decisioni')).toEqual(statistics.decisions.byMonth.map((month) => month.medianDays ?? 0));
      expect(html).toContain(`id="mediana" data-value="${statistics.decisions.medianDays}" data-count="${statistics.decisions.count}"`);
    }
  });

  it('draws each chart as an accessible image with a title and a description, in the page’s language, with no script', async () => {
    const italian = (await testApp.http.get('/statistiche').expect(200)).text;
    expect(italian).toContain('<h1>Il registro in cifre</h1>');
    expect(italian).not.toContain('<script');
    const charts = [...italian.matchAll(/<svg [^>]*role="img" aria-labelledby="([\w-]+)-title \1-desc"/g)];
    expect(charts).toHaveLength(1 + 4 + 5 + 1);
    expect(italian).toContain('<title id="grafico-rating-issued-title">Rating rilasciati per mese</title>');
    expect(italian).toContain(
      '<desc id="grafico-rating-issued-desc">Rating rilasciati per mese, da aprile 2026 a marzo 2027: 3 in tutto; il mese con più casi è febbraio 2027, con 2.</desc>',
    );
    expect(italian).toMatch(/<p class="key-figure" id="mediana"[^>]*>Mediana: [0-9,]+ giorni, su \d+ decisioni\.<\/p>/);
    const english = (await testApp.http.get('/statistics').expect(301)).headers.location;
    const englishPage = (await testApp.http.get(english).expect(200)).text;
    expect(englishPage).toContain('<h1>The register in figures</h1>');
    expect(englishPage).toContain('<title id="grafico-stati-title">Firms in the register by status, today</title>');
    // Linked from every page's footer.
    expect((await testApp.http.get('/').expect(200)).text).toContain('<a href="/statistiche">Statistiche</a>');
  });
});

describe('the statistics on the embedded database (PGlite, one session)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded' });
  });
  afterAll(() => testApp.close());

  it('counts by Rome months there too, and serves the page and the data package', async () => {
    // 23:30 UTC on 31 January is February in Rome.
    testApp.clock.set(new Date('2027-01-31T23:30:00Z'));
    await listedFirm(testApp, { legalName: 'Statistica Incorporata S.r.l.' });
    const statistics = (await testApp.http.get('/opendata/statistics.json').expect(200)).body as Statistics;
    expect(statistics.months.at(-1)).toBe('2027-02');
    expect(statistics.firmsByStatus).toMatchObject({ active: 1 });
    expect(statistics.ratingEvents.at(-1)).toMatchObject({ month: '2027-02', issued: 1 });
    await testApp.http.get('/statistiche').expect(200);
    expect((await testApp.http.get('/opendata/datapackage.json').expect(200)).body.lastModified).toBe('2027-01-31T23:30:00.000Z');
  });
});
