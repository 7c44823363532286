import {
  consistencyRanges,
  inclusionRanges,
  leafHash,
  rootFromLeafHashes,
  TransparencyLogService,
  TreeSizeError,
  verifyConsistency,
  verifyInclusion,
} from '@app/transparency';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

/** More than two full tiles of leaves, so that proofs cross tile boundaries and reach level 10. */
const LEAVES = 1100;

/** Appends leaves as the benchmark does, through the database's own trigger (history events first: leaves name theirs). */
async function appendLeaves(dataSource: DataSource, count: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`INSERT INTO history (actor_label, action, entity_type, entity_id) SELECT 'test', 'test.leaf', 'test', g::text FROM generate_series(1, $1::int) g`, [count]);
    await manager.query(
      `INSERT INTO transparency_leaf (entry, kind, certificate_number, history_seq)
       SELECT convert_to(format('{"certificateNumber":"AQ-2026-%s","kind":"rating.expired","time":"2026-01-01T00:00:00.000Z","v":1}', lpad(h.entity_id, 6, '0')), 'UTF8'),
              'rating.expired', 'AQ-2026-' || lpad(h.entity_id, 6, '0'), h.seq
       FROM history h WHERE h.action = 'test.leaf' ORDER BY h.seq`,
    );
  });
}

/** RFC 6962 recomputed from the leaves in memory: each range's hash from scratch, no stored node. */
const reference = (hashes: readonly Buffer[], ranges: readonly { start: number; end: number }[]) => ranges.map(({ start, end }) => rootFromLeafHashes(hashes.slice(start, end)));

describe.each(['server', 'embedded'] as const)('transparency proofs from stored subtrees (%s database)', (database) => {
  let testApp: TestApp;
  let log: TransparencyLogService;
  let hashes: Buffer[];

  beforeAll(async () => {
    testApp = await startTestApp({ database });
    log = testApp.app.get(TransparencyLogService);
    const dataSource = testApp.app.get(DataSource);
    await appendLeaves(dataSource, LEAVES);
    const leaves = await dataSource.query<{ entry: Buffer }[]>('SELECT entry FROM transparency_leaf ORDER BY leaf_index');
    hashes = leaves.map((leaf) => leafHash(leaf.entry));
  });
  afterAll(() => testApp?.close());

  it('answers inclusion and consistency proofs equal to the ones recomputed from the leaves, and they verify', async () => {
    const sizes = fc.integer({ min: 1, max: LEAVES });
    await fc.assert(
      fc.asyncProperty(sizes, sizes, async (a, b) => {
        const [index, size] = a <= b ? [a - 1, b] : [b - 1, a];
        const root = rootFromLeafHashes(hashes.slice(0, size));
        const inclusion = await log.inclusionProof(index, size);
        expect(inclusion).toEqual(reference(hashes, inclusionRanges(index, size)));
        expect(verifyInclusion(index, size, hashes[index], inclusion, root)).toBe(true);
        const oldSize = index + 1;
        const consistency = await log.consistencyProof(oldSize, size);
        expect(consistency).toEqual(reference(hashes, consistencyRanges(oldSize, size)));
        expect(verifyConsistency(oldSize, size, rootFromLeafHashes(hashes.slice(0, oldSize)), root, consistency)).toBe(true);
      }),
      { numRuns: 40, seed: 20261205 },
    );
    // The edges: the last leaf, powers of two, the whole log against the empty one.
    for (const [index, size] of [[LEAVES - 1, LEAVES], [0, 1], [255, 256], [256, 257], [511, 1024]]) {
      expect(await log.inclusionProof(index, size)).toEqual(reference(hashes, inclusionRanges(index, size)));
    }
    expect(await log.consistencyProof(0, LEAVES)).toEqual([]);
    expect(await log.consistencyProof(LEAVES, LEAVES)).toEqual([]);
    expect(await log.consistencyProof(256, 512)).toEqual(reference(hashes, consistencyRanges(256, 512)));
  });

  it('refuses a tree larger than the log with its current size, from the same query', async () => {
    await expect(log.inclusionProof(0, LEAVES + 1)).rejects.toThrow(TreeSizeError);
    await expect(log.inclusionProof(LEAVES, LEAVES + 1)).rejects.toThrow(`Tree size ${LEAVES + 1} is larger than the log (${LEAVES} leaves)`);
    await expect(log.consistencyProof(LEAVES, LEAVES + 5)).rejects.toThrow(`Tree size ${LEAVES + 5} is larger than the log (${LEAVES} leaves)`);
    await expect(log.consistencyProof(0, LEAVES + 5)).rejects.toThrow(TreeSizeError);
    await expect(log.inclusionProof(5, 5)).rejects.toThrow(TreeSizeError);
  });

  it('serves full tiles of the stored hashes: level-0 tiles are the leaf hashes, the same bytes once cached', async () => {
    const first = await log.tile({ level: 0, index: 1, width: undefined });
    expect(first.equals(Buffer.concat(hashes.slice(256, 512)))).toBe(true);
    expect(log.cachedFullTile({ level: 0, index: 1, width: undefined })).toBe(first);
    expect(await log.tile({ level: 0, index: 1, width: undefined })).toBe(first);
    const partial = await log.tile({ level: 0, index: 4, width: LEAVES - 1024 });
    expect(partial.equals(Buffer.concat(hashes.slice(1024)))).toBe(true);
    expect(log.cachedFullTile({ level: 0, index: 4, width: LEAVES - 1024 })).toBeUndefined();
  });
});
