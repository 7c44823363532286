import { SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { RatingsService } from '@app/ratings';
import { BlobStore } from '@app/storage';
import { decodeLogEntry, encodeLogEntry, LOG_REASONS, LogEntry } from '@app/transparency';
import { TransactionHost } from '@nestjs-cls/transactional';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { issueRating, ratedFirm, reviewerActor } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/** Any text PostgreSQL can hold (no NUL, no lone surrogate), with the characters JSON escapes made frequent. */
const text = fc
  .string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0001', '\u001f', '\u007f', '\u2028', 'è', '😀')), minLength: 1 })
  .filter((value) => !value.includes('\u0000') && Buffer.from(value, 'utf8').toString('utf8') === value);
/** Times as the application writes them: milliseconds, years 1 to 9999 (four digits in both encoders). */
const time = fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z') });
const reason = fc.constantFrom(...LOG_REASONS);
const base = { time, certificateNumber: text };
const issue = { ...base, vatNumber: text, legalName: text, validFrom: time, validUntil: time, checklistVersion: text };
/** A rating row's facts, as the tests below read them back. */
interface RatingRow {
  readonly certificate_number: string;
  readonly issued_at: Date;
  readonly valid_from: Date;
  readonly valid_until: Date;
  readonly ended_at: Date | null;
  readonly legal_name: string;
  readonly reinstated_at: Date | null;
}

const entry: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({ kind: fc.constant('rating.issued' as const), ...issue }),
  fc.record({ kind: fc.constant('rating.renewed' as const), ...issue, renews: text }),
  fc.record({ kind: fc.constant('rating.certificate_attached' as const), ...base, pdfSha256: text }),
  fc.record({ kind: fc.constant('rating.suspended' as const), ...base, reason, deadline: time }),
  fc.record({ kind: fc.constant('rating.reinstated' as const), ...base }),
  fc.record({ kind: fc.constant('rating.revoked' as const), ...base, reason }),
  fc.record({ kind: fc.constant('rating.expired' as const), ...base }),
  fc.record({ kind: fc.constant('rating.superseded' as const), ...base, supersededBy: text }),
);

/** The SQL encoder's bytes for an entry: each field it has, the others NULL; times sent as ISO text, so the driver adds nothing. */
async function sqlEncoding(dataSource: DataSource, logged: LogEntry): Promise<Buffer> {
  const field = (name: string): unknown => {
    const value = (logged as unknown as Record<string, unknown>)[name];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  };
  const [{ entry: bytes }] = await dataSource.query<{ entry: Buffer }[]>(
    `SELECT transparency_leaf_entry($1, $2::timestamptz, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11::timestamptz, $12::timestamptz, $13) AS entry`,
    ['kind', 'time', 'certificateNumber', 'checklistVersion', 'deadline', 'legalName', 'pdfSha256', 'reason', 'renews', 'supersededBy', 'validFrom', 'validUntil', 'vatNumber'].map(field),
  );
  return bytes;
}

describe.each(['server', 'embedded'] as const)('transparency leaves built by the database (%s database)', (database) => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let txHost: TransactionHost<TransactionAdapter>;

  beforeAll(async () => {
    testApp = await startTestApp({ database });
    dataSource = testApp.app.get(DataSource);
    txHost = testApp.app.get(TransactionHost);
  });
  afterAll(() => testApp?.close());

  it('encodes every entry byte for byte as encodeLogEntry does', async () => {
    const fixed: LogEntry[] = [
      { kind: 'rating.issued', time: new Date('2026-03-01T09:30:00.000Z'), certificateNumber: 'AQ-2026-000001', vatNumber: '01234567897', legalName: 'Contatti & Servizi S.r.l. — "Sede" Perugia\\\n\u0007', validFrom: new Date('0001-01-01T00:00:00.000Z'), validUntil: new Date('9999-12-31T23:59:59.999Z'), checklistVersion: '2026.1' },
      { kind: 'rating.revoked', time: new Date(0), certificateNumber: 'AQ-2026-000001', reason: 'firm_request' },
    ];
    for (const logged of fixed) expect((await sqlEncoding(dataSource, logged)).toString('utf8')).toBe(encodeLogEntry(logged).toString('utf8'));
    await fc.assert(
      fc.asyncProperty(entry, async (logged) => {
        expect((await sqlEncoding(dataSource, logged)).equals(encodeLogEntry(logged))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('appends each public event of a rating with its own INSERT into history, with the facts the registry publishes', async () => {
    const { firm, rating, reviewer } = await ratedFirm(testApp);
    const ratings = testApp.app.get(RatingsService);
    const actor = reviewerActor(reviewer);
    const pdf = await testApp.app.get(BlobStore).put(Buffer.from('%PDF-1.7 certificato'), 'application/pdf');
    expect(await txHost.withTransaction(() => ratings.attachCertificate(rating.id, pdf.sha256))).toBe(true);
    const suspendedAt = testApp.clock.now();
    await txHost.withTransaction(() => ratings.suspend(actor, rating.id, { reason: 'failed_surveillance', publicNote: 'Nota' }));
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 60_000));
    await txHost.withTransaction(() => ratings.reinstate(actor, rating.id, null));
    const renewal = await issueRating(testApp, firm.id, reviewer);
    await txHost.withTransaction(() => ratings.revoke(actor, renewal.id, { reason: 'false_declarations', publicNote: 'Nota' }));

    const leaves = await dataSource.query<{ entry: Buffer; kind: string; certificate_number: string; action: string; occurred_at: Date }[]>(
      `SELECT l.entry, l.kind, l.certificate_number, h.action, h.occurred_at FROM transparency_leaf l JOIN history h ON h.seq = l.history_seq
       WHERE l.certificate_number IN ($1, $2) ORDER BY l.leaf_index`,
      [rating.certificateNumber, renewal.certificateNumber],
    );
    const [first, second] = await dataSource.query<RatingRow[]>(
      `SELECT r.certificate_number, r.issued_at, r.valid_from, r.valid_until, r.ended_at, f.legal_name,
              (SELECT max(e.occurred_at) FROM rating_event e WHERE e.rating_id = r.id AND e.kind = 'reinstated') AS reinstated_at
       FROM rating r JOIN firm f ON f.id = r.firm_id WHERE r.id IN ($1, $2) ORDER BY r.issued_at, r.valid_from`,
      [rating.id, renewal.id],
    );
    const issuedFacts = (row: RatingRow) => ({
      time: row.issued_at,
      vatNumber: firm.vatNumber,
      legalName: row.legal_name,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      checklistVersion: '2026.1',
    });
    const attached = leaves.find((leaf) => leaf.kind === 'rating.certificate_attached')!;
    // Each leaf is what its kind publishes and nothing more (decoding is strict), and names its own event.
    expect(leaves.map((leaf) => leaf.kind)).toEqual(leaves.map((leaf) => leaf.action));
    expect(leaves.map((leaf) => decodeLogEntry(leaf.entry))).toEqual([
      { kind: 'rating.issued', certificateNumber: rating.certificateNumber, ...issuedFacts(first) },
      { kind: 'rating.certificate_attached', certificateNumber: rating.certificateNumber, time: attached.occurred_at, pdfSha256: pdf.sha256 },
      { kind: 'rating.suspended', certificateNumber: rating.certificateNumber, time: suspendedAt, reason: 'failed_surveillance', deadline: new Date(suspendedAt.getTime() + ratings.suspensionMaxDays * 86_400_000) },
      { kind: 'rating.reinstated', certificateNumber: rating.certificateNumber, time: first.reinstated_at },
      { kind: 'rating.superseded', certificateNumber: rating.certificateNumber, time: first.ended_at, supersededBy: renewal.certificateNumber },
      { kind: 'rating.renewed', certificateNumber: renewal.certificateNumber, ...issuedFacts(second), renews: rating.certificateNumber },
      { kind: 'rating.revoked', certificateNumber: renewal.certificateNumber, time: second.ended_at, reason: 'false_declarations' },
    ]);
    expect(first.reinstated_at).toEqual(testApp.clock.now());
  });

  it('commits the leaf with its event or not at all, and refuses an event without the fact its leaf publishes', async () => {
    const { rating } = await ratedFirm(testApp);
    const before = await dataSource.query<{ count: string }[]>('SELECT count(*) FROM transparency_leaf');
    const history = testApp.app.get(HistoryService);
    // No PDF attached yet: the leaf would lack its hash, so the event is refused with it.
    await expect(
      txHost.withTransaction(() => history.record(SYSTEM_ACTOR, { action: 'rating.certificate_attached', entityType: 'rating', entityId: rating.id })),
    ).rejects.toThrow(/without the fact its leaf publishes/);
    await expect(
      txHost.withTransaction(async () => {
        await history.record(SYSTEM_ACTOR, { action: 'rating.expired', entityType: 'rating', entityId: rating.id });
        const [{ count }] = await txHost.tx.query<{ count: string }[]>('SELECT count(*) FROM transparency_leaf');
        expect(Number(count)).toBe(Number(before[0].count) + 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dataSource.query('SELECT count(*) FROM transparency_leaf')).toEqual(before);
    // Other events, and other entities' events of the same name, are not logged.
    await txHost.withTransaction(() => history.record(SYSTEM_ACTOR, { action: 'rating.issued', entityType: 'firm', entityId: rating.firmId }));
    expect(await dataSource.query('SELECT count(*) FROM transparency_leaf')).toEqual(before);
  });
});
