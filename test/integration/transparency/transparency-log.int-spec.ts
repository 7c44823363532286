import type { TransactionAdapter } from '@app/database';
import { RatingsService } from '@app/ratings';
import {
  decodeLogEntry,
  leafHash,
  LogKey,
  openCheckpoint,
  parseNoteVerifier,
  rootFromLeafHashes,
  TransparencyLogService,
  verifierKeyText,
  verifyConsistency,
  verifyInclusion,
} from '@app/transparency';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { proposedAudit } from '../../factories/audit.factory';
import { registerFirm } from '../../factories/firm.factory';
import { issueRating, ratedFirm, reviewerActor } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/** The log as the database holds it, checked against the history and against RFC 6962 from scratch. */
async function assertLogMatchesHistory(testApp: TestApp): Promise<number> {
  const dataSource = testApp.app.get(DataSource);
  const leaves = await dataSource.query<{ leaf_index: string; entry: Buffer; history_seq: string; kind: string }[]>(
    'SELECT leaf_index, entry, history_seq, kind FROM transparency_leaf ORDER BY leaf_index',
  );
  // Gapless from 0, and exactly one leaf per public rating event, in the events' order.
  expect(leaves.map((leaf) => Number(leaf.leaf_index))).toEqual(leaves.map((_, i) => i));
  const events = await dataSource.query<{ seq: string; action: string }[]>(
    `SELECT seq, action FROM history WHERE entity_type = 'rating' AND action IN
       ('rating.issued', 'rating.renewed', 'rating.certificate_attached', 'rating.suspended', 'rating.reinstated', 'rating.revoked', 'rating.expired', 'rating.superseded')
     ORDER BY seq`,
  );
  expect(leaves.map((leaf) => [leaf.history_seq, leaf.kind])).toEqual(events.map((event) => [event.seq, event.action]));
  const log = testApp.app.get(TransparencyLogService);
  const hashes = leaves.map((leaf) => leafHash(leaf.entry));
  expect((await log.rootHash(leaves.length)).equals(rootFromLeafHashes(hashes))).toBe(true);
  return leaves.length;
}

describe.each(['server', 'embedded'] as const)('transparency log (%s database)', (database) => {
  let testApp: TestApp;
  let log: TransparencyLogService;
  let txHost: TransactionHost<TransactionAdapter>;

  beforeAll(async () => {
    testApp = await startTestApp({ database });
    log = testApp.app.get(TransparencyLogService);
    txHost = testApp.app.get(TransactionHost);
  });
  afterAll(() => testApp?.close());

  it('logs every public event of a rating with the facts the registry publishes, and proves each', async () => {
    const { firm, rating, reviewer } = await ratedFirm(testApp);
    const ratings = testApp.app.get(RatingsService);
    const actor = reviewerActor(reviewer);
    await txHost.withTransaction(() => ratings.suspend(actor, rating.id, { reason: 'irregularities', publicNote: 'Verifica in corso presso la sede di Mario Rossi' }));
    await txHost.withTransaction(() => ratings.reinstate(actor, rating.id, null));
    await txHost.withTransaction(() => ratings.attachCertificate(rating.id, 'a'.repeat(64)).catch(() => false));
    await txHost.withTransaction(() => ratings.revoke(actor, rating.id, { reason: 'firm_request', publicNote: 'Su richiesta' }));

    const size = await assertLogMatchesHistory(testApp);
    const entries = (await log.entries(0, size)).filter((logged) => logged.entry.certificateNumber === rating.certificateNumber);
    expect(entries.map((logged) => logged.entry.kind)).toEqual(
      expect.arrayContaining(['rating.issued', 'rating.suspended', 'rating.reinstated', 'rating.revoked']),
    );
    const [{ legal_name: legalName }] = await testApp.app.get(DataSource).query<{ legal_name: string }[]>('SELECT legal_name FROM firm WHERE id = $1', [firm.id]);
    expect(entries[0].entry).toMatchObject({ kind: 'rating.issued', vatNumber: firm.vatNumber, legalName, checklistVersion: '2026.1', validUntil: new Date(rating.validUntil) });
    // No free text: the public note may name people, and the log never forgets.
    expect(entries.map((logged) => logged.bytes.toString('utf8')).join('')).not.toMatch(/Mario Rossi|Su richiesta/);

    const checkpoint = await txHost.withTransaction(() => log.publishCheckpoint());
    const key = testApp.app.get(LogKey);
    const opened = openCheckpoint(checkpoint.note, parseNoteVerifier(verifierKeyText(key.current)));
    expect(opened.size).toBe(size);
    for (const logged of entries) {
      const proof = await log.inclusionProof(logged.index, opened.size);
      expect(verifyInclusion(logged.index, opened.size, leafHash(logged.bytes), proof, opened.rootHash)).toBe(true);
      expect(decodeLogEntry(logged.bytes)).toEqual(logged.entry);
    }
  });

  it('keeps indexes gapless and one to one with events under 30 concurrent decisions, and forgets rolled-back ones', async () => {
    const before = await log.size();
    const oldRoot = await log.rootHash(before);
    const reviewer = await testApp.signIn('reviewer');
    const firms = await Promise.all(Array.from({ length: 30 }, () => registerFirm(testApp)));
    await Promise.all(firms.map((firm) => issueRating(testApp, firm.id, reviewer)));
    await expect(
      txHost.withTransaction(async () => {
        await testApp.app.get(RatingsService).issue(reviewerActor(reviewer), { firmId: firms[0].id, applicationId: firms[0].id, checklistVersion: '2026.1' });
      }),
    ).rejects.toThrow();
    const size = await assertLogMatchesHistory(testApp);
    expect(size).toBe(before + 30);
    const proof = await log.consistencyProof(before, size);
    expect(verifyConsistency(before, size, oldRoot, await log.rootHash(size), proof)).toBe(true);
  });

  it('logs 30 concurrent reviewer decisions (the audit decision route) one leaf each, gapless', async () => {
    const before = await log.size();
    const admin = await testApp.signIn('admin');
    const auditor = await testApp.signIn('auditor');
    const reviewer = await testApp.signIn('reviewer');
    // Made three at a time (about 30 requests each), which the server overlaps with this process's work; the decisions below are the test, all 30 at once.
    const audits = [];
    for (let i = 0; i < 10; i++) audits.push(...(await Promise.all([1, 2, 3].map(() => proposedAudit(testApp, { admin, auditor })))));
    const decisions = await Promise.all(
      audits.map((audit) => testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' })),
    );
    expect(decisions.map((decision) => decision.status)).toEqual(audits.map(() => 201));
    expect(await assertLogMatchesHistory(testApp)).toBe(before + 30);
    const logged = new Set((await log.entries(before, before + 30)).map((entry) => entry.entry.certificateNumber));
    expect(logged).toEqual(new Set(decisions.map((decision) => decision.body.rating.certificateNumber as string)));
  });

  it('is append-only in the database: no update, delete, truncate, or hand-made node', async () => {
    const dataSource = testApp.app.get(DataSource);
    await expect(dataSource.query(`UPDATE transparency_leaf SET entry = '\\x7b7d'::bytea WHERE leaf_index = 0`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM transparency_leaf WHERE leaf_index = 0')).rejects.toThrow(/append-only/);
    await expect(dataSource.query('TRUNCATE transparency_node')).rejects.toThrow(/append-only/);
    await expect(dataSource.query('UPDATE transparency_node SET hash = hash WHERE level = 0')).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`INSERT INTO transparency_node (level, node_index, hash) VALUES (40, 0, sha256(''::bytea))`)).rejects.toThrow(/only by appending a leaf/);
    await expect(dataSource.query('DELETE FROM transparency_checkpoint')).rejects.toThrow(/append-only/);
  });
});
