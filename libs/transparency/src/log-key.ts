import { AppConfig } from '@app/config';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateNoteKey, NoteSigner, parseNoteSigner, verifierKeyText } from './signed-note';

/** Where the demo log key lives inside `DATA_DIR` when no TRANSPARENCY_LOG_KEY is configured. */
export const DEMO_LOG_KEY_FILE = 'transparency-log.key';

const hasCode = (error: unknown, code: string): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

/** The log's origin for a demo key: the public address without scheme or trailing slash, plus `/log` (c2sp.org/tlog-tiles). */
export function demoLogOrigin(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '')}/log`;
}

/**
 * The Ed25519 key that signs checkpoints: TRANSPARENCY_LOG_KEY, or a demo key created on first start in
 * `DATA_DIR/transparency-log.key` and reused afterwards (as the certificate signing key is). Its name
 * is the log's origin. Read once, at boot, so a bad key stops the start.
 */
@Injectable()
export class LogKey {
  private readonly logger = new Logger(LogKey.name);
  private signer: NoteSigner | undefined;

  constructor(private readonly config: AppConfig) {}

  async load(): Promise<NoteSigner> {
    this.signer ??= this.config.transparency.logKey !== undefined ? parseNoteSigner(this.config.transparency.logKey) : await this.demoKey();
    if (this.signer.kind !== 'log') throw new Error('TRANSPARENCY_LOG_KEY must be an Ed25519 (type 0x01) key');
    return this.signer;
  }

  get current(): NoteSigner {
    if (this.signer === undefined) throw new Error('The log key is read at boot; it is not loaded yet');
    return this.signer;
  }

  /** The public key as monitors and witnesses configure it. */
  get verifierKey(): string {
    return verifierKeyText(this.current);
  }

  private async demoKey(): Promise<NoteSigner> {
    const path = join(this.config.database.dataDir, DEMO_LOG_KEY_FILE);
    try {
      return parseNoteSigner(await readFile(path, 'utf8'));
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
    }
    await mkdir(this.config.database.dataDir, { recursive: true });
    const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(draft, `${generateNoteKey(demoLogOrigin(this.config.publicBaseUrl), 'log')}\n`, { mode: 0o600 });
    try {
      // link() never overwrites: when the API and the worker start together, the first key wins and both use it.
      await link(draft, path);
      this.logger.warn(`Created a demo transparency log key in ${path}; set TRANSPARENCY_LOG_KEY for real use`);
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) throw error;
    } finally {
      await unlink(draft);
    }
    return parseNoteSigner(await readFile(path, 'utf8'));
  }
}
