import { AppConfig } from '@app/config';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { KeyObject, createPublicKey, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519KeyFromSeed, feedKeyId } from './feed-signature';

/** Where the demo key lives inside `DATA_DIR` when FEED_SIGNING_KEY is not configured. */
export const DEMO_FEED_KEY_FILE = 'feed-signing.key';
const SEED_HEX = /^[0-9a-f]{64}$/;

const hasErrorCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;

/**
 * The Ed25519 key that signs the caller-ID feed: FEED_SIGNING_KEY (required in production on a
 * server, so every instance signs with the one published key), or a demo key created on first start in
 * `DATA_DIR/feed-signing.key`, as the certificate key is. Loaded at boot, so a bad key stops the start.
 */
@Injectable()
export class FeedSigningKey implements OnModuleInit {
  private readonly logger = new Logger(FeedSigningKey.name);
  private key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject; readonly keyId: string } | undefined;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const seed = this.config.feedSigningKey === undefined ? await this.demoSeed() : Buffer.from(this.config.feedSigningKey, 'hex');
    const privateKey = ed25519KeyFromSeed(seed);
    const publicKey = createPublicKey(privateKey);
    this.key = { privateKey, publicKey, keyId: feedKeyId(publicKey) };
  }

  get privateKey(): KeyObject {
    return this.loaded().privateKey;
  }

  get publicKey(): KeyObject {
    return this.loaded().publicKey;
  }

  get keyId(): string {
    return this.loaded().keyId;
  }

  private loaded() {
    if (!this.key) throw new Error('FeedSigningKey used before its module was initialised');
    return this.key;
  }

  private async demoSeed(): Promise<Buffer> {
    const folder = this.config.database.dataDir;
    const path = join(folder, DEMO_FEED_KEY_FILE);
    try {
      return this.parse(await readFile(path, 'utf8'), path);
    } catch (error) {
      if (!hasErrorCode(error, 'ENOENT')) throw error;
    }
    await mkdir(folder, { recursive: true });
    const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    try {
      // link() never overwrites: when the API and the worker start together, the first key wins for both.
      await link(draft, path);
      this.logger.warn(`Created a demo key for signing the caller-ID feed in ${path}; set FEED_SIGNING_KEY for real use`);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
    } finally {
      await unlink(draft);
    }
    return this.parse(await readFile(path, 'utf8'), path);
  }

  private parse(text: string, path: string): Buffer {
    const hex = text.trim().toLowerCase();
    if (!SEED_HEX.test(hex)) throw new Error(`${path} must hold 64 hexadecimal digits (the seed of an Ed25519 key)`);
    return Buffer.from(hex, 'hex');
  }
}
