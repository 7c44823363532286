import {
  checkpointText,
  consistencyRanges,
  foldNodes,
  generateNoteKey,
  Hash,
  leafHash,
  openCheckpoint,
  parseNoteSigner,
  parseNoteVerifier,
  rangeNodes,
  rootFromLeafHashes,
  signCheckpoint,
  verifierKeyText,
} from '@app/transparency';
import { Witness, WitnessedCheckpoint, WitnessState } from './witness';

class MemoryState implements WitnessState {
  readonly saved = new Map<string, WitnessedCheckpoint>();
  load(origin: string): Promise<WitnessedCheckpoint | null> {
    return Promise.resolve(this.saved.get(origin) ?? null);
  }
  save(origin: string, checkpoint: WitnessedCheckpoint): Promise<void> {
    this.saved.set(origin, checkpoint);
    return Promise.resolve();
  }
}

const ORIGIN = 'registro.example/log';
const log = parseNoteSigner(generateNoteKey(ORIGIN, 'log'));
const cosigner = parseNoteSigner(generateNoteKey('oic.example/witness', 'cosigner'));
const leaves = (n: number, changedAt = -1): Hash[] => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(i === changedAt ? `rewritten ${i}` : `leaf ${i}`)));

function proofBetween(tree: Hash[], oldSize: number, newSize: number): Hash[] {
  return consistencyRanges(oldSize, newSize).map((range) =>
    foldNodes(rangeNodes(range).map(({ level, index }) => rootFromLeafHashes(tree.slice(index * 2 ** level, (index + 1) * 2 ** level)))),
  );
}

function request(tree: Hash[], oldSize: number, size: number, signer = log): string {
  const note = signCheckpoint({ origin: ORIGIN, size, rootHash: rootFromLeafHashes(tree.slice(0, size)) }, signer);
  const proof = oldSize === 0 ? [] : proofBetween(tree, oldSize, size);
  return `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

describe('witness (c2sp.org/tlog-witness)', () => {
  let state: MemoryState;
  let witness: Witness;

  beforeEach(() => {
    state = new MemoryState();
    witness = new Witness(cosigner, [parseNoteVerifier(verifierKeyText(log))], state, () => new Date('2026-12-05T08:00:00Z'));
  });

  it('cosigns a first checkpoint, then only consistent extensions, with a timestamped cosignature that verifies', async () => {
    const tree = leaves(20);
    const first = await witness.addCheckpoint(request(tree, 0, 5));
    expect(first.status).toBe(200);
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootFromLeafHashes(tree.slice(0, 5)) }, log) + first.body;
    const opened = openCheckpoint(note, parseNoteVerifier(verifierKeyText(log)), [parseNoteVerifier(verifierKeyText(cosigner))]);
    expect(opened.signatures.map((signature) => signature.timestamp)).toEqual([undefined, Math.floor(Date.parse('2026-12-05T08:00:00Z') / 1000)]);

    expect((await witness.addCheckpoint(request(tree, 5, 13))).status).toBe(200);
    expect(state.saved.get(ORIGIN)?.size).toBe(13);
    // The same checkpoint again is fine (idempotent), from its own size.
    expect((await witness.addCheckpoint(request(tree, 13, 13))).status).toBe(200);
  });

  it('answers 409 with its size when the client has an old view', async () => {
    const tree = leaves(8);
    await witness.addCheckpoint(request(tree, 0, 3));
    const stale = await witness.addCheckpoint(request(tree, 0, 8));
    expect(stale).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '3\n' });
  });

  it('refuses a rewritten leaf or a forked log: no valid consistency proof exists', async () => {
    const tree = leaves(16);
    await witness.addCheckpoint(request(tree, 0, 6));
    const forked = leaves(16, 2);
    expect((await witness.addCheckpoint(request(forked, 6, 12))).status).toBe(422);
    expect((await witness.addCheckpoint(request(forked, 6, 6))).status).toBe(409);
    // A fork that keeps the old leaves but whose proof is forged from the honest tree.
    const forgedProof = request(tree, 6, 12).split('\n\n')[0];
    const forkedNote = signCheckpoint({ origin: ORIGIN, size: 12, rootHash: rootFromLeafHashes(leaves(12, 9)) }, log);
    expect((await witness.addCheckpoint(`${forgedProof}\n\n${forkedNote}`)).status).toBe(422);
    expect(state.saved.get(ORIGIN)?.size).toBe(6);
  });

  it('refuses unknown logs, foreign signatures and malformed requests', async () => {
    const tree = leaves(4);
    const other = parseNoteSigner(generateNoteKey(ORIGIN, 'log'));
    expect((await witness.addCheckpoint(request(tree, 0, 4, other))).status).toBe(403);
    const unknown = `old 0\n\n${signCheckpoint({ origin: 'other.example/log', size: 1, rootHash: tree[0] }, log)}`;
    expect((await witness.addCheckpoint(unknown)).status).toBe(404);
    expect((await witness.addCheckpoint(`old 9\n\n${signCheckpoint({ origin: ORIGIN, size: 4, rootHash: rootFromLeafHashes(tree) }, log)}`)).status).toBe(400);
    expect((await witness.addCheckpoint('nonsense')).status).toBe(400);
    expect((await witness.addCheckpoint(`old 0\nnot-base64!\n\n${checkpointText({ origin: ORIGIN, size: 1, rootHash: tree[0] })}`)).status).toBe(400);
  });
});
