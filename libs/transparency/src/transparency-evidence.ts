import { Clock } from '@app/core';
import { Injectable } from '@nestjs/common';
import { leafHash } from './merkle';
import { TransparencyLogService } from './transparency-log.service';

/** What lets anyone check a certificate's public state against the log without trusting the server. */
export interface InclusionEvidence {
  /** The certificate's latest entry that the checkpoint covers. */
  readonly index: number;
  readonly leafHash: string;
  /** The exact leaf bytes, base64: its SHA-256 with the 0x00 prefix is `leafHash`. */
  readonly leaf: string;
  /** The latest checkpoint, as a signed note, and the RFC 6962 inclusion proof of the entry against it. */
  readonly checkpoint: { readonly size: number; readonly rootHash: string; readonly note: string };
  readonly inclusionProof: readonly string[];
}

/** The latest checkpoint is re-read at most this often: checkpoints come every interval, not every request. */
const CHECKPOINT_TTL_MS = 5_000;
const MAX_CACHED = 10_000;

/**
 * Inclusion evidence for the verification answers, cached per certificate and checkpoint (the answer
 * for one checkpoint never changes), so the hottest public question costs no proof computation.
 */
@Injectable()
export class TransparencyEvidence {
  private checkpoint: { readonly at: number; readonly value: Promise<{ size: number; rootHash: string; note: string } | null> } | undefined;
  private readonly cache = new Map<string, Promise<InclusionEvidence | null>>();

  constructor(
    private readonly log: TransparencyLogService,
    private readonly clock: Clock,
  ) {}

  async forCertificate(certificateNumber: string): Promise<InclusionEvidence | null> {
    const checkpoint = await this.latestCheckpoint();
    if (checkpoint === null) return null;
    const key = `${certificateNumber}@${checkpoint.size}`;
    let evidence = this.cache.get(key);
    if (evidence === undefined) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      evidence = this.build(certificateNumber, checkpoint);
      this.cache.set(key, evidence);
      evidence.catch(() => this.cache.delete(key));
    }
    return evidence;
  }

  private latestCheckpoint(): Promise<{ size: number; rootHash: string; note: string } | null> {
    const now = this.clock.now().getTime();
    if (this.checkpoint === undefined || now - this.checkpoint.at > CHECKPOINT_TTL_MS || now < this.checkpoint.at) {
      const value = this.log.latestCheckpoint().then((latest) => (latest === null ? null : { size: latest.size, rootHash: latest.rootHash.toString('base64'), note: latest.note }));
      this.checkpoint = { at: now, value };
      value.catch(() => (this.checkpoint = undefined));
    }
    return this.checkpoint.value;
  }

  private async build(certificateNumber: string, checkpoint: { size: number; rootHash: string; note: string }): Promise<InclusionEvidence | null> {
    const entry = await this.log.latestEntryOf(certificateNumber, checkpoint.size);
    if (entry === null) return null;
    const proof = await this.log.inclusionProof(entry.index, checkpoint.size);
    return {
      index: entry.index,
      leafHash: leafHash(entry.bytes).toString('base64'),
      leaf: entry.bytes.toString('base64'),
      checkpoint,
      inclusionProof: proof.map((hash) => hash.toString('base64')),
    };
  }
}

/** A registry answer's ETag, made to change when the checkpoint its evidence refers to does. */
export function etagWithCheckpoint(etag: string, evidence: InclusionEvidence | null): string {
  if (evidence === null) return etag;
  return etag.endsWith('"') ? `${etag.slice(0, -1)}.${evidence.checkpoint.size}"` : `${etag}.${evidence.checkpoint.size}`;
}
