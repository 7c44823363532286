import { Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { decodeLogEntry, LogEntry } from './log-entry';
import { LogKey } from './log-key';
import { consistencyRanges, foldNodes, Hash, inclusionRanges, LeafRange, rangeNodes, TreeNode } from './merkle';
import { checkpointText, signCheckpoint } from './signed-note';
import { encodeEntryBundle, TILE_HEIGHT, TILE_WIDTH, TileAddress } from './tiles';
import { TileNotFoundError, TreeSizeError } from './transparency.errors';

export interface LoggedEntry {
  readonly index: number;
  readonly entry: LogEntry;
  /** The exact leaf bytes, which hash to the leaf's Merkle hash. */
  readonly bytes: Buffer;
  readonly loggedAt: Date;
}

export interface PublishedCheckpoint {
  readonly size: number;
  readonly rootHash: Hash;
  /** The signed note with every cosignature collected for it. */
  readonly note: string;
  /** The note as the log signed it, without cosignatures: what is sent to witnesses. */
  readonly logNote: string;
  readonly publishedAt: Date;
  readonly cosigners: readonly { readonly name: string; readonly cosignedAt: Date }[];
}

/** Full tiles never change: this many (8 KiB each for hashes) are kept in memory once read. */
const CACHED_FULL_TILES = 2048;

/** Entries served per request of the JSON API: one entry bundle's worth. */
export const MAX_ENTRIES_PER_PAGE = TILE_WIDTH;

/**
 * The public transparency log. The database appends the leaves, with the INSERT of each public history
 * event (migration TransparencyLeafFromHistory), and gives the index and hashes the tree; this answers
 * with roots, proofs, tiles and signed checkpoints computed from the stored complete subtrees, so every
 * answer costs O(log n) lookups whatever the log's size.
 */
@Injectable()
export class TransparencyLogService {
  private readonly fullTiles = new Map<string, Buffer>();

  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly key: LogKey,
    private readonly clock: Clock,
  ) {}

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.txHost.tx.query<T[]>(sql, parameters);
  }

  /** The number of committed leaves. */
  async size(): Promise<number> {
    const [row] = await this.query<{ size: string }>(`SELECT coalesce(max(leaf_index) + 1, 0) AS size FROM transparency_leaf`);
    return Number(row.size);
  }

  /**
   * The stored hashes of these complete subtrees, in one query: each looked up by its primary key
   * (LATERAL keeps the plan a loop of index probes whatever the table's size and statistics).
   */
  private async nodes(nodes: readonly TreeNode[]): Promise<Map<string, Hash>> {
    if (nodes.length === 0) return new Map();
    const rows = await this.query<{ level: number; node_index: string; hash: Buffer }>(
      `SELECT wanted.level, wanted.node_index, n.hash FROM unnest($1::smallint[], $2::bigint[]) AS wanted(level, node_index)
       CROSS JOIN LATERAL (SELECT hash FROM transparency_node WHERE level = wanted.level AND node_index = wanted.node_index) n`,
      [nodes.map((node) => node.level), nodes.map((node) => node.index)],
    );
    return new Map(rows.map((row) => [`${row.level}/${row.node_index}`, row.hash]));
  }

  /**
   * The hash of each range, from one query for all the stored subtrees they need. With `size`, the
   * same query reads the tree's last leaf: it exists only if the log holds `size` leaves (nodes come
   * only from appended leaves), so a proof needs no separate query for the log's size.
   */
  private async rangeHashes(ranges: readonly LeafRange[], size?: number): Promise<Hash[]> {
    const perRange = ranges.map(rangeNodes);
    const last = size === undefined || size === 0 ? [] : [{ level: 0, index: size - 1 }];
    const found = await this.nodes([...perRange.flat(), ...last]);
    if (size !== undefined && size > 0 && !found.has(`0/${size - 1}`)) {
      const current = await this.size();
      throw new TreeSizeError(`Tree size ${size} is larger than the log (${current} leaves)`, { size, current });
    }
    return perRange.map((nodes) =>
      foldNodes(
        nodes.map(({ level, index }) => {
          const hash = found.get(`${level}/${index}`);
          if (hash === undefined) throw new TreeSizeError(`The log has no subtree ${level}/${index} yet`);
          return hash;
        }),
      ),
    );
  }

  async rootHash(size: number): Promise<Hash> {
    const [root] = await this.rangeHashes([{ start: 0, end: size }]);
    return root;
  }

  /** RFC 6962 PATH, from one query of the O(log n) stored subtrees it needs. */
  async inclusionProof(index: number, size: number): Promise<Hash[]> {
    if (!(index < size)) throw new TreeSizeError(`Entry ${index} is not in a tree of ${size} leaves`, { index, size });
    return this.rangeHashes(inclusionRanges(index, size), size);
  }

  /** RFC 6962 PROOF, from one query of the O(log n) stored subtrees it needs. */
  async consistencyProof(oldSize: number, newSize: number): Promise<Hash[]> {
    if (oldSize > newSize) throw new TreeSizeError(`The old size ${oldSize} is larger than the new size ${newSize}`, { oldSize, newSize });
    return this.rangeHashes(consistencyRanges(oldSize, newSize), newSize);
  }

  async entries(start: number, end: number): Promise<LoggedEntry[]> {
    const rows = await this.query<{ leaf_index: string; entry: Buffer; logged_at: Date }>(
      `SELECT leaf_index, entry, logged_at FROM transparency_leaf WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
      [start, Math.min(end, start + MAX_ENTRIES_PER_PAGE)],
    );
    return rows.map((row) => ({ index: Number(row.leaf_index), entry: decodeLogEntry(row.entry), bytes: row.entry, loggedAt: row.logged_at }));
  }

  /** The latest leaf of a certificate below a tree size, to prove its state as of that checkpoint. */
  async latestEntryOf(certificateNumber: string, belowSize: number): Promise<LoggedEntry | null> {
    const [row] = await this.query<{ leaf_index: string; entry: Buffer; logged_at: Date }>(
      `SELECT leaf_index, entry, logged_at FROM transparency_leaf WHERE certificate_number = $1 AND leaf_index < $2 ORDER BY leaf_index DESC LIMIT 1`,
      [certificateNumber, belowSize],
    );
    return row ? { index: Number(row.leaf_index), entry: decodeLogEntry(row.entry), bytes: row.entry, loggedAt: row.logged_at } : null;
  }

  /**
   * A tile's bytes: hashes of tree level 8 x L (or the entries), `width` of them, or 256 for a full
   * tile. Only what the log already holds exists; a partial tile is served only at its exact width.
   */
  async tile(address: TileAddress): Promise<Buffer> {
    if (address.width !== undefined) return this.readTile(address);
    const cached = this.cachedFullTile(address);
    if (cached !== undefined) return cached;
    const bytes = await this.readTile(address);
    if (this.fullTiles.size >= CACHED_FULL_TILES) this.fullTiles.delete(this.fullTiles.keys().next().value!);
    this.fullTiles.set(`${address.level}/${address.index}`, bytes);
    return bytes;
  }

  /**
   * A full tile already in memory, without a promise: the HTTP fast path answers from it synchronously.
   * Always the same Buffer for a tile while it stays cached, so callers may key derived data on it.
   */
  cachedFullTile(address: TileAddress): Buffer | undefined {
    return address.width === undefined ? this.fullTiles.get(`${address.level}/${address.index}`) : undefined;
  }

  private async readTile({ level, index, width }: TileAddress): Promise<Buffer> {
    const count = width ?? TILE_WIDTH;
    const first = index * TILE_WIDTH;
    const path = `${level}/${index}${width === undefined ? '' : `.p/${width}`}`;
    if (level === 'entries') {
      const rows = await this.query<{ entry: Buffer }>(`SELECT entry FROM transparency_leaf WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`, [first, first + count]);
      if (rows.length !== count) throw new TileNotFoundError(path);
      return encodeEntryBundle(rows.map((row) => row.entry));
    }
    const rows = await this.query<{ hash: Buffer }>(
      `SELECT hash FROM transparency_node WHERE level = $1 AND node_index >= $2 AND node_index < $3 ORDER BY node_index`,
      [level * TILE_HEIGHT, first, first + count],
    );
    if (rows.length !== count) throw new TileNotFoundError(path);
    return Buffer.concat(rows.map((row) => row.hash));
  }

  /**
   * Signs and stores a checkpoint of the log as it is now, unless the latest one already has this
   * size. Safe to call from several instances at once: the first row of a size wins.
   */
  async publishCheckpoint(): Promise<PublishedCheckpoint> {
    const size = await this.size();
    const latest = await this.latestCheckpoint();
    if (latest !== null && latest.size >= size) return latest;
    const rootHash = await this.rootHash(size);
    const note = signCheckpoint({ origin: this.key.current.name, size, rootHash }, this.key.current);
    await this.query(`INSERT INTO transparency_checkpoint (tree_size, root_hash, note, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tree_size) DO NOTHING`, [
      size,
      rootHash,
      note,
      this.clock.now(),
    ]);
    return (await this.latestCheckpoint())!;
  }

  async latestCheckpoint(): Promise<PublishedCheckpoint | null> {
    const [row] = await this.query<{ tree_size: string }>(`SELECT tree_size FROM transparency_checkpoint ORDER BY tree_size DESC LIMIT 1`);
    return row ? this.checkpoint(Number(row.tree_size)) : null;
  }

  async checkpoint(size: number): Promise<PublishedCheckpoint | null> {
    const [row] = await this.query<{ tree_size: string; root_hash: Buffer; note: string; published_at: Date }>(
      `SELECT tree_size, root_hash, note, published_at FROM transparency_checkpoint WHERE tree_size = $1`,
      [size],
    );
    if (!row) return null;
    const cosignatures = await this.query<{ cosigner: string; signature_line: string; cosigned_at: Date }>(
      `SELECT cosigner, signature_line, cosigned_at FROM transparency_cosignature WHERE tree_size = $1 ORDER BY cosigner`,
      [size],
    );
    return {
      size: Number(row.tree_size),
      rootHash: row.root_hash,
      note: row.note + cosignatures.map((cosignature) => cosignature.signature_line).join(''),
      logNote: row.note,
      publishedAt: row.published_at,
      cosigners: cosignatures.map((cosignature) => ({ name: cosignature.cosigner, cosignedAt: cosignature.cosigned_at })),
    };
  }

  /** The checkpoint's body, as witnesses sign it. */
  checkpointBody(checkpoint: PublishedCheckpoint): string {
    return checkpointText({ origin: this.key.current.name, size: checkpoint.size, rootHash: checkpoint.rootHash });
  }

  /** The largest tree size a witness cosigned, 0 when none. */
  async lastCosignedSize(cosigner: string): Promise<number> {
    const [row] = await this.query<{ size: string | null }>(`SELECT max(tree_size) AS size FROM transparency_cosignature WHERE cosigner = $1`, [cosigner]);
    return row.size === null ? 0 : Number(row.size);
  }

  /** Keeps a witness's cosignature of a checkpoint (the first one per witness and size). */
  async addCosignature(size: number, cosigner: string, signatureLine: string): Promise<void> {
    await this.query(`INSERT INTO transparency_cosignature (tree_size, cosigner, signature_line, cosigned_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      size,
      cosigner,
      signatureLine,
      this.clock.now(),
    ]);
  }
}
