import {
  NoteSigner,
  NoteVerifier,
  parseCheckpointText,
  parseNote,
  SignedNoteError,
  signatureLine,
  strictBase64,
  verifyConsistency,
  verifyNoteSignatures,
} from '@app/transparency';

/** What the witness remembers per log: the latest checkpoint it cosigned. */
export interface WitnessedCheckpoint {
  readonly size: number;
  readonly rootHash: string;
  readonly note: string;
}

export interface WitnessState {
  load(origin: string): Promise<WitnessedCheckpoint | null>;
  /** Must be durable before it returns: the witness answers only after persisting. */
  save(origin: string, checkpoint: WitnessedCheckpoint): Promise<void>;
}

export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
}

const MAX_PROOF_LINES = 63;
const text = (status: WitnessAnswer['status'], body: string): WitnessAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body: `${body}\n` });

/**
 * A C2SP tlog-witness (c2sp.org/tlog-witness): cosigns a log's checkpoint only when it is signed by
 * the log's key and provably extends the last checkpoint it cosigned, and refuses otherwise, so a log
 * that rewrote or forked its history cannot get a cosignature for it. Requests are handled one at a
 * time, so checking the old size and persisting the new checkpoint are atomic.
 */
export class Witness {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly signer: NoteSigner,
    private readonly logs: readonly NoteVerifier[],
    private readonly state: WitnessState,
    private readonly now: () => Date = () => new Date(),
  ) {}

  addCheckpoint(body: string): Promise<WitnessAnswer> {
    const answer = this.queue.then(() => this.handle(body));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private async handle(body: string): Promise<WitnessAnswer> {
    const split = body.indexOf('\n\n');
    if (split < 0) return text(400, 'The body is an old size line, proof lines, a blank line and a checkpoint');
    const [oldLine, ...proofLines] = body.slice(0, split).split('\n');
    const oldMatch = /^old (0|[1-9]\d{0,15})$/.exec(oldLine);
    if (!oldMatch || proofLines.length > MAX_PROOF_LINES) return text(400, 'The first line must be "old <size>", followed by at most 63 proof lines');
    let proof: Buffer[];
    let note: ReturnType<typeof parseNote>;
    let checkpoint: ReturnType<typeof parseCheckpointText>;
    try {
      proof = proofLines.map((line) => {
        const hash = strictBase64(line);
        if (hash.length !== 32) throw new SignedNoteError('A proof line is one base64 SHA-256 hash');
        return hash;
      });
      note = parseNote(body.slice(split + 2));
      checkpoint = parseCheckpointText(note.text);
    } catch (error) {
      return text(400, error instanceof Error ? error.message : 'Malformed request');
    }
    const oldSize = Number(oldMatch[1]);

    const logKeys = this.logs.filter((key) => key.name === checkpoint.origin);
    if (logKeys.length === 0) return text(404, `Unknown log ${checkpoint.origin}`);
    try {
      if (verifyNoteSignatures(note, logKeys).length === 0) return text(403, 'No signature of the log key');
    } catch {
      return text(403, 'The log signature does not verify');
    }
    if (oldSize > checkpoint.size) return text(400, `The old size ${oldSize} is larger than the checkpoint size ${checkpoint.size}`);

    const latest = await this.state.load(checkpoint.origin);
    const latestSize = latest?.size ?? 0;
    if (oldSize !== latestSize) return { status: 409, contentType: 'text/x.tlog.size', body: `${latestSize}\n` };
    if (latest !== null && oldSize === checkpoint.size) {
      if (latest.rootHash !== checkpoint.rootHash.toString('base64')) return text(409, 'Same size, another root hash: the log forked');
    } else if (latest !== null) {
      if (!verifyConsistency(latest.size, checkpoint.size, Buffer.from(latest.rootHash, 'base64'), checkpoint.rootHash, proof)) {
        return text(422, `The consistency proof from ${latest.size} to ${checkpoint.size} does not verify`);
      }
    } else if (proof.length > 0) {
      return text(422, 'The proof must be empty from size 0');
    }

    await this.state.save(checkpoint.origin, { size: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64'), note: note.text });
    const line = signatureLine(this.signer, note.text, Math.floor(this.now().getTime() / 1000));
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: line };
  }
}
