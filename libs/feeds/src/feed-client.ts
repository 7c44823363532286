import type { KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeltaHeader, DeltaLine, FeedStatus, isQualified, SnapshotFirm, SnapshotHeader } from './feed-lines';
import { feedKeyId, FeedSignatureError, publicKeyFromPem, verifiedBody } from './feed-signature';

/** What a lookup finds: the firm that declared the number, and its status. */
export interface NumberOwner {
  readonly vat: string;
  readonly name: string;
  readonly status: FeedStatus;
  readonly qualified: boolean;
}

export class FeedFormatError extends Error {}

const lines = (body: Buffer): string[] => body.toString('utf8').split('\n').filter((line) => line !== '');

/**
 * A local copy of the caller-ID feed, the shape a phone app would keep: built from a verified snapshot,
 * kept current with verified deltas, answering lookups offline. Firms are shared between their numbers,
 * so a million numbers of ten thousand firms cost a map entry each.
 */
export class NumberDirectory {
  private readonly owners = new Map<string, NumberOwner>();
  private readonly interned = new Map<string, NumberOwner>();

  private constructor(public cursor: string) {}

  /** A directory from a snapshot's verified body (without its signature line). */
  static fromSnapshot(body: Buffer): NumberDirectory {
    const [first, ...firms] = lines(body);
    const header = JSON.parse(first ?? '{}') as Partial<SnapshotHeader>;
    if (header.feed !== 'calling-numbers' || header.type !== 'snapshot' || typeof header.cursor !== 'string') throw new FeedFormatError('Not a calling-numbers snapshot');
    const directory = new NumberDirectory(header.cursor);
    for (const text of firms) {
      const firm = JSON.parse(text) as SnapshotFirm;
      const owner = directory.intern(firm.vat, firm.name, firm.status);
      for (const e164 of firm.numbers) directory.owners.set(e164, owner);
    }
    if (header.numbers !== undefined && header.numbers !== directory.owners.size) throw new FeedFormatError('The snapshot holds another count of numbers than its header says');
    return directory;
  }

  /** Applies a delta's verified body, in order; refuses one that does not start at this directory's cursor. */
  applyDelta(body: Buffer): DeltaHeader {
    const [first, ...changes] = lines(body);
    const header = JSON.parse(first ?? '{}') as DeltaHeader;
    if (header.feed !== 'calling-numbers' || header.type !== 'delta') throw new FeedFormatError('Not a calling-numbers delta');
    if (header.since !== this.cursor) throw new FeedFormatError(`The delta starts at ${header.since}, this copy is at ${this.cursor}`);
    for (const text of changes) {
      const line = JSON.parse(text) as DeltaLine;
      if (line.change === 'retired') {
        if (this.owners.get(line.e164)?.vat === line.vat) this.owners.delete(line.e164);
      } else {
        this.owners.set(line.e164, this.intern(line.vat, line.name, line.status));
      }
    }
    this.cursor = header.cursor;
    return header;
  }

  lookup(e164: string): NumberOwner | undefined {
    return this.owners.get(e164);
  }

  get size(): number {
    return this.owners.size;
  }

  /** The copy as a snapshot body (header and one line per firm), to keep on disk. */
  serialize(): string {
    const byOwner = new Map<NumberOwner, string[]>();
    for (const [e164, owner] of this.owners) {
      const numbers = byOwner.get(owner);
      if (numbers) numbers.push(e164);
      else byOwner.set(owner, [e164]);
    }
    const header: SnapshotHeader = { feed: 'calling-numbers', type: 'snapshot', cursor: this.cursor, firms: byOwner.size, numbers: this.owners.size };
    const parts = [`${JSON.stringify(header)}\n`];
    for (const [owner, numbers] of byOwner) {
      const firm: SnapshotFirm = { vat: owner.vat, name: owner.name, status: owner.status, qualified: owner.qualified, numbers: numbers.sort() };
      parts.push(`${JSON.stringify(firm)}\n`);
    }
    return parts.join('');
  }

  private intern(vat: string, name: string, status: FeedStatus): NumberOwner {
    const key = `${vat}\u0000${name}\u0000${status}`;
    let owner = this.interned.get(key);
    if (!owner) {
      owner = { vat, name, status, qualified: isQualified(status) };
      this.interned.set(key, owner);
    }
    return owner;
  }
}

export interface SyncOptions {
  /** The platform's base URL, e.g. https://registro.example.it */
  readonly url: string;
  readonly dir: string;
  /** An API key with the `registry:read` scope. */
  readonly apiKey: string;
  readonly fetch?: typeof fetch;
}

export interface SyncResult {
  readonly kind: 'snapshot' | 'delta' | 'unchanged';
  readonly cursor: string;
  readonly numbers: number;
  readonly changes: number;
}

interface LocalState {
  readonly url: string;
  readonly cursor: string;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

const STATE_FILE = 'state.json';
const NUMBERS_FILE = 'numbers.ndjson';
const FEED_PATH = '/api/v1/feeds/calling-numbers';
export const FEED_KEY_PATH = '/.well-known/azienda-qualificata/feed-key.json';

/**
 * The reference client: the first run trusts and keeps the public key the platform publishes (pin it by
 * checking its key id out of band), downloads the snapshot; later runs ask only for what changed since
 * the local cursor. Every document is verified against the kept key before a byte of it is used, and the
 * local copy is replaced atomically, so an interrupted sync leaves the previous copy.
 */
export async function syncNumbers(options: SyncOptions): Promise<SyncResult> {
  const get = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.apiKey}`, 'accept-encoding': 'gzip' };
  await mkdir(options.dir, { recursive: true });
  const state = await readState(options.dir);
  if (state && state.url === base) {
    const publicKey = publicKeyFromPem(state.publicKeyPem);
    const directory = NumberDirectory.fromSnapshot(await readFile(join(options.dir, NUMBERS_FILE)));
    let changes = 0;
    for (;;) {
      const response = await get(`${base}${FEED_PATH}?since=${encodeURIComponent(directory.cursor)}`, { headers });
      if (!response.ok) throw new Error(`The feed answered ${response.status}: ${await response.text()}`);
      const header = directory.applyDelta(verifiedBody(Buffer.from(await response.arrayBuffer()), publicKey));
      changes += header.changes;
      if (!header.more) break;
    }
    if (changes > 0 || directory.cursor !== state.cursor) await save(options.dir, directory, { ...state, cursor: directory.cursor });
    return { kind: changes === 0 ? 'unchanged' : 'delta', cursor: directory.cursor, numbers: directory.size, changes };
  }
  const keyResponse = await get(`${base}${FEED_KEY_PATH}`);
  if (!keyResponse.ok) throw new Error(`The feed key could not be read: ${keyResponse.status}`);
  const { publicKeyPem } = (await keyResponse.json()) as { publicKeyPem: string };
  const publicKey: KeyObject = publicKeyFromPem(publicKeyPem);
  const response = await get(`${base}${FEED_PATH}`, { headers });
  if (!response.ok) throw new Error(`The feed answered ${response.status}: ${await response.text()}`);
  const directory = NumberDirectory.fromSnapshot(verifiedBody(Buffer.from(await response.arrayBuffer()), publicKey));
  await save(options.dir, directory, { url: base, cursor: directory.cursor, publicKeyPem, keyId: feedKeyId(publicKey) });
  return { kind: 'snapshot', cursor: directory.cursor, numbers: directory.size, changes: 0 };
}

/** The local copy kept by `syncNumbers`, for offline lookups. */
export async function openLocalDirectory(dir: string): Promise<NumberDirectory> {
  if (!(await readState(dir))) throw new FeedSignatureError(`${dir} holds no synced copy: run sync-numbers first`);
  return NumberDirectory.fromSnapshot(await readFile(join(dir, NUMBERS_FILE)));
}

async function readState(dir: string): Promise<LocalState | null> {
  try {
    return JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as LocalState;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}

async function save(dir: string, directory: NumberDirectory, state: LocalState): Promise<void> {
  const numbers = join(dir, NUMBERS_FILE);
  await writeFile(`${numbers}.tmp`, directory.serialize());
  await rename(`${numbers}.tmp`, numbers);
  await writeFile(join(dir, `${STATE_FILE}.tmp`), `${JSON.stringify(state, null, 2)}\n`);
  await rename(join(dir, `${STATE_FILE}.tmp`), join(dir, STATE_FILE));
}
