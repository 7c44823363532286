import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { DatabaseConnections } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NoteVerifier, parseNote, parseNoteVerifier, verifyNoteSignatures } from './signed-note';
import { PublishedCheckpoint, TransparencyLogService } from './transparency-log.service';

const REQUEST_TIMEOUT_MS = 10_000;
/** A checkpoint left without cosignature longer than this many intervals means the witness stopped signing. */
const GRACE_INTERVALS = 2;

export class WitnessRefusedError extends Error {}

/**
 * Asks the configured witness (c2sp.org/tlog-witness) to cosign each new checkpoint, with a consistency
 * proof from the last size it cosigned, and keeps the cosignature with the checkpoint. Whether the
 * witness keeps signing is read from the database, so every instance's /health/ready tells the same.
 */
@Injectable()
export class WitnessClient {
  private readonly logger = new Logger(WitnessClient.name);
  private readonly witness: { readonly url: string; readonly key: NoteVerifier } | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly log: TransparencyLogService,
    private readonly clock: Clock,
    dataSource: DataSource,
    connections: DatabaseConnections,
  ) {
    const configured = config.transparency.witness;
    this.witness = configured === undefined ? undefined : { url: configured.url, key: parseNoteVerifier(configured.key) };
    if (this.witness !== undefined) {
      if (this.witness.key.kind !== 'cosigner') throw new Error('TRANSPARENCY_WITNESS_KEY must be a cosignature/v1 key (type 0x04)');
      const name = this.witness.key.name;
      connections.add('witness', { required: false, check: () => this.stillSigning(dataSource, name) });
    }
  }

  get configured(): boolean {
    return this.witness !== undefined;
  }

  /** Gets the checkpoint cosigned, unless it already is; throws when the witness refuses or cannot be reached. */
  async cosign(checkpoint: PublishedCheckpoint): Promise<void> {
    const witness = this.witness;
    if (witness === undefined || checkpoint.cosigners.some((cosigner) => cosigner.name === witness.key.name)) return;
    let oldSize = await this.log.lastCosignedSize(witness.key.name);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (oldSize > checkpoint.size) throw new WitnessRefusedError(`The witness cosigned size ${oldSize}, beyond this checkpoint (${checkpoint.size})`);
      const proof = await this.log.consistencyProof(oldSize, checkpoint.size);
      const body = `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${checkpoint.logNote}`;
      const response = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await response.text();
      if (response.status === 409 && response.headers.get('content-type')?.startsWith('text/x.tlog.size') && /^\d+\n$/.test(text)) {
        // The witness knows a different last size (our record was lost, or it was reset): go again from its size.
        oldSize = Number(text.trim());
        continue;
      }
      if (response.status !== 200) throw new WitnessRefusedError(`The witness answered ${response.status}: ${text.trim()}`);
      const cosigned = parseNote(`${checkpoint.logNote}${text}`);
      const valid = verifyNoteSignatures(cosigned, [witness.key]);
      if (valid.length === 0) throw new WitnessRefusedError('The witness answered without a cosignature of its key');
      for (const signature of valid) await this.log.addCosignature(checkpoint.size, witness.key.name, signature.line);
      return;
    }
    throw new WitnessRefusedError('The witness keeps changing its last size');
  }

  private async stillSigning(dataSource: DataSource, name: string): Promise<void> {
    const [latest] = await dataSource.query<{ tree_size: string; published_at: Date; cosigned: boolean }[]>(
      `SELECT c.tree_size, c.published_at, EXISTS (SELECT 1 FROM transparency_cosignature s WHERE s.tree_size = c.tree_size AND s.cosigner = $1) AS cosigned
       FROM transparency_checkpoint c ORDER BY c.tree_size DESC LIMIT 1`,
      [name],
    );
    if (latest === undefined || latest.cosigned) return;
    const late = this.clock.now().getTime() - latest.published_at.getTime() > GRACE_INTERVALS * this.config.transparency.checkpointIntervalSeconds * 1000 + REQUEST_TIMEOUT_MS;
    if (!late) return;
    const [last] = await dataSource.query<{ tree_size: string | null; cosigned_at: Date | null }[]>(
      `SELECT tree_size, cosigned_at FROM transparency_cosignature WHERE cosigner = $1 ORDER BY tree_size DESC LIMIT 1`,
      [name],
    );
    const since = last?.cosigned_at ? `last cosigned size ${last.tree_size} at ${last.cosigned_at.toISOString()}` : 'never cosigned';
    throw new Error(`The witness ${name} stopped signing: checkpoint ${latest.tree_size} is not cosigned (${since})`);
  }

  /** Cosigns, logging a refusal instead of failing the caller: the checkpoint stands without it, and health says so. */
  async cosignOrWarn(checkpoint: PublishedCheckpoint): Promise<void> {
    try {
      await this.cosign(checkpoint);
    } catch (error) {
      this.logger.warn({ err: error }, `The witness did not cosign checkpoint ${checkpoint.size}`);
    }
  }
}
