import { AppConfig } from '@app/config';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REPORTER_KEY_SECRET_FILE = 'reporter-key.secret';
const SECRET_HEX = /^[0-9a-f]{64}$/;

const hasErrorCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;

/**
 * Keyed hashes of reporters (HMAC-SHA256), so duplicates can be recognised without keeping raw IP
 * addresses or e-mails in the key. The secret is never in the database: a copy of the database alone
 * cannot be used to test guessed addresses against the keys. Several instances share it through
 * REPORTS_REPORTER_KEY (required in production on a server); without it, a single process creates it
 * in the data folder on first start.
 */
@Injectable()
export class ReporterKeys implements OnModuleInit {
  private readonly logger = new Logger(ReporterKeys.name);
  private secret: Buffer | undefined;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const configured = this.config.reports.reporterKey;
    this.secret = configured === undefined ? await this.loadSecret() : Buffer.from(configured, 'hex');
  }

  keyOf(identity: string): string {
    if (!this.secret) throw new Error('ReporterKeys used before its module was initialised');
    return createHmac('sha256', this.secret).update(identity).digest('hex');
  }

  private async loadSecret(): Promise<Buffer> {
    const folder = this.config.database.dataDir;
    const path = join(folder, REPORTER_KEY_SECRET_FILE);
    try {
      return this.parse(await readFile(path, 'utf8'), path);
    } catch (error) {
      if (!hasErrorCode(error, 'ENOENT')) throw error;
    }
    await mkdir(folder, { recursive: true });
    const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    try {
      // link() never overwrites: when several processes start together, the first secret wins for all.
      await link(draft, path);
      this.logger.log(`Created the secret that keys consumer reporters in ${path}`);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
    } finally {
      await unlink(draft);
    }
    return this.parse(await readFile(path, 'utf8'), path);
  }

  private parse(text: string, path: string): Buffer {
    const hex = text.trim();
    if (!SECRET_HEX.test(hex)) throw new Error(`${path} must hold 64 hexadecimal digits (a 256-bit secret)`);
    return Buffer.from(hex, 'hex');
  }
}
