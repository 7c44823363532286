import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

export interface StoredBlobRef {
  readonly sha256: string;
  readonly size: number;
}

export interface BlobContent extends StoredBlobRef {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Content-addressed storage. An interface, so another backend (object storage) can replace PostgreSQL later. */
export abstract class BlobStore {
  /** Stores the bytes unless identical bytes are already stored; joins the current transaction. */
  abstract put(bytes: Buffer, contentType: string): Promise<StoredBlobRef>;
  abstract get(sha256: string): Promise<BlobContent | null>;
}

@Injectable()
export class PostgresBlobStore extends BlobStore {
  constructor(private readonly txHost: TransactionHost<TransactionAdapter>) {
    super();
  }

  async put(bytes: Buffer, contentType: string): Promise<StoredBlobRef> {
    const sha256 = sha256Hex(bytes);
    await this.txHost.tx.query(
      `INSERT INTO stored_blob (sha256, content_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, contentType, bytes.length, bytes],
    );
    return { sha256, size: bytes.length };
  }

  async get(sha256: string): Promise<BlobContent | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const rows = await this.txHost.tx.query<{ content_type: string; size: number; bytes: Buffer }[]>(
      `SELECT content_type, size, bytes FROM stored_blob WHERE sha256 = $1`,
      [sha256],
    );
    const row = rows[0];
    return row ? { sha256, size: row.size, contentType: row.content_type, bytes: row.bytes } : null;
  }
}
