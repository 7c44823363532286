import {
  CompactTree,
  decodeEntryBundle,
  decodeLogEntry,
  effectiveStatus,
  leafHash,
  LogReplay,
  NoteVerifier,
  openCheckpoint,
  parseNoteVerifier,
  partialTileWidth,
  ReplayError,
  strictBase64,
  TILE_WIDTH,
  tilePath,
  verifierKeyText,
  verifyConsistency,
  verifyInclusion,
  VerifiedCheckpoint,
} from '@app/transparency';
import { readFile, rename, writeFile } from 'node:fs/promises';

export interface MonitorOptions {
  /** The platform's public address, e.g. https://registro.example.it */
  readonly url: string;
  /** Where what the monitor saw is kept between runs. */
  readonly stateFile: string;
  /** The log's verifier key; without it, the key seen on the first run is trusted from then on. */
  readonly logKey?: string;
  /** A witness whose cosignature every checkpoint must carry. */
  readonly witnessKey?: string;
  /** Also prove this certificate's inclusion, as the verification answer gives it. */
  readonly certificate?: string;
  readonly now?: () => Date;
}

export interface MonitorState {
  readonly logKey: string;
  readonly size: number;
  readonly rootHash: string;
}

export class Disagreement extends Error {}

interface RegistryJson {
  readonly firms: readonly { vatNumber: string; legalName: string; status: string; certificateNumber: string; validUntil: string; certificateSha256: string | null; revocationReason: string | null }[];
}

const fail = (message: string): never => {
  throw new Disagreement(message);
};

async function get(url: string): Promise<Response> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) fail(`GET ${url} answered ${response.status}`);
  return response;
}

async function readState(path: string): Promise<MonitorState | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as MonitorState;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Checks a running platform's transparency log as anyone can, with no account: the checkpoint's
 * signature (and witness cosignature), its consistency with the checkpoint seen last time, every leaf
 * against the tree, the replay of every event against the public registry, and optionally one
 * certificate's inclusion proof. Throws a Disagreement naming the first thing that does not hold;
 * saves what it saw only when everything held.
 */
export async function monitorLog(options: MonitorOptions): Promise<string[]> {
  const base = options.url.replace(/\/+$/, '');
  const report: string[] = [];
  const previous = await readState(options.stateFile);

  // The registry first: every event it shows is then already in the log we read after it.
  const registry = (await (await get(`${base}/opendata/registry.json`)).json()) as RegistryJson;

  const logKeyText = options.logKey ?? previous?.logKey ?? ((await (await get(`${base}/api/v1/transparency/checkpoint`)).json()) as { logKey: string }).logKey;
  if (previous !== null && previous.logKey !== logKeyText) fail(`The log key changed from ${previous.logKey} to ${logKeyText}`);
  const logKey: NoteVerifier = parseNoteVerifier(logKeyText);
  const witness = options.witnessKey === undefined ? undefined : parseNoteVerifier(options.witnessKey);

  let checkpoint: VerifiedCheckpoint;
  try {
    checkpoint = openCheckpoint(await (await get(`${base}/log/checkpoint`)).text(), logKey, witness ? [witness] : []);
  } catch (error) {
    return fail(`The checkpoint does not verify: ${(error as Error).message}`);
  }
  if (witness !== undefined && !checkpoint.signatures.some((signature) => signature.verifier === witness)) fail(`The checkpoint of size ${checkpoint.size} carries no cosignature of ${witness.name}`);
  report.push(`Checkpoint ${checkpoint.origin} size ${checkpoint.size}, signed by the log${witness ? ` and cosigned by ${witness.name}` : ''}`);

  if (previous !== null) {
    if (checkpoint.size < previous.size) fail(`The log shrank from ${previous.size} to ${checkpoint.size} entries`);
    const proof = (
      (await (await get(`${base}/api/v1/transparency/proofs/consistency?from=${previous.size}&to=${checkpoint.size}`)).json()) as { proof: string[] }
    ).proof.map((hash) => strictBase64(hash));
    if (!verifyConsistency(previous.size, checkpoint.size, Buffer.from(previous.rootHash, 'base64'), checkpoint.rootHash, proof)) {
      fail(`The checkpoint of size ${checkpoint.size} is not consistent with the one of size ${previous.size} seen before: the log's past was rewritten or forked`);
    }
    report.push(`Consistent with the checkpoint of size ${previous.size} seen before`);
  }

  // Every leaf, from the entry bundles, hashed into the tree: the root must be the checkpoint's.
  const tree = new CompactTree();
  const replay = new LogReplay();
  const fullBundles = Math.floor(checkpoint.size / TILE_WIDTH);
  const partial = partialTileWidth(0, checkpoint.size);
  for (let n = 0; n <= fullBundles; n++) {
    const width = n < fullBundles ? undefined : partial;
    if (width === 0) break;
    const bundle = Buffer.from(await (await get(`${base}/log/${tilePath({ level: 'entries', index: n, width })}`)).arrayBuffer());
    const entries = decodeEntryBundle(bundle);
    if (entries.length !== (width ?? TILE_WIDTH)) fail(`Entry bundle ${n} holds ${entries.length} entries instead of ${width ?? TILE_WIDTH}`);
    for (const bytes of entries) {
      const index = tree.size;
      let entry;
      try {
        entry = decodeLogEntry(bytes);
        replay.apply(index, entry);
      } catch (error) {
        return fail(error instanceof ReplayError ? error.message : `Entry ${index} is not a valid leaf: ${(error as Error).message}`);
      }
      tree.append(leafHash(bytes));
    }
  }
  if (!tree.root().equals(checkpoint.rootHash)) fail(`The ${checkpoint.size} entries served do not hash to the checkpoint's root: an entry was rewritten`);
  report.push(`All ${checkpoint.size} entries verified against the root`);

  // Events logged after the checkpoint (not yet signed) still count for the comparison with the registry.
  for (let start = checkpoint.size; ; start += TILE_WIDTH) {
    const page = ((await (await get(`${base}/api/v1/transparency/entries?start=${start}&end=${start + TILE_WIDTH}`)).json()) as { entries: { index: number; leaf: string }[] }).entries;
    for (const { index, leaf } of page) {
      try {
        replay.apply(index, decodeLogEntry(strictBase64(leaf)));
      } catch (error) {
        return fail(error instanceof ReplayError ? error.message : `Entry ${index} is not a valid leaf: ${(error as Error).message}`);
      }
    }
    if (page.length < TILE_WIDTH) break;
  }

  const now = options.now?.() ?? new Date();
  const replayed = replay.firms();
  for (const firm of registry.firms) {
    const logged = replayed.get(firm.vatNumber);
    if (logged === undefined) fail(`The registry lists ${firm.legalName} (VAT ${firm.vatNumber}), which the log never issued a certificate to`);
    else {
      if (logged.certificateNumber !== firm.certificateNumber) fail(`VAT ${firm.vatNumber}: the registry shows certificate ${firm.certificateNumber}, the log ${logged.certificateNumber}`);
      const status = effectiveStatus(logged, now);
      if (status !== firm.status) fail(`${firm.certificateNumber} (VAT ${firm.vatNumber}): the registry shows ${firm.status}, the log's events make it ${status}`);
      if (firm.certificateSha256 !== null && logged.pdfSha256 !== null && firm.certificateSha256 !== logged.pdfSha256) {
        fail(`${firm.certificateNumber}: the registry's PDF SHA-256 ${firm.certificateSha256} is not the logged ${logged.pdfSha256}`);
      }
      if (new Date(firm.validUntil).getTime() !== logged.validUntil.getTime()) fail(`${firm.certificateNumber}: the registry shows validity to ${firm.validUntil}, the log ${logged.validUntil.toISOString()}`);
    }
  }
  const listed = new Set(registry.firms.map((firm) => firm.vatNumber));
  for (const [vatNumber, logged] of replayed) if (!listed.has(vatNumber)) fail(`The log issued ${logged.certificateNumber} to VAT ${vatNumber}, which the registry does not list`);
  report.push(`The registry's ${registry.firms.length} firms agree with the log's events`);

  if (options.certificate !== undefined) report.push(await checkCertificate(base, options.certificate.trim().toUpperCase(), logKey, checkpoint));

  const state: MonitorState = { logKey: verifierKeyText(logKey), size: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64') };
  const draft = `${options.stateFile}.tmp`;
  await writeFile(draft, `${JSON.stringify(state, null, 2)}\n`);
  await rename(draft, options.stateFile);
  return report;
}

/** The verification answer's evidence, checked: a signed checkpoint consistent with ours, and the leaf proven in it. */
async function checkCertificate(base: string, certificateNumber: string, logKey: NoteVerifier, verified: VerifiedCheckpoint): Promise<string> {
  const answer = (await (await get(`${base}/api/v1/verify/${encodeURIComponent(certificateNumber)}`)).json()) as {
    outcome: string;
    transparency: { index: number; leaf: string; leafHash: string; checkpoint: { note: string }; inclusionProof: string[] } | null;
  };
  if (answer.transparency === null) return fail(`${certificateNumber}: the verification answer carries no log entry (outcome ${answer.outcome})`);
  const evidence = answer.transparency;
  const leaf = strictBase64(evidence.leaf);
  const entry = decodeLogEntry(leaf);
  if (entry.certificateNumber !== certificateNumber) fail(`${certificateNumber}: the evidence is the entry of ${entry.certificateNumber}`);
  const checkpoint = openCheckpoint(evidence.checkpoint.note, logKey);
  if (checkpoint.size > verified.size) fail(`${certificateNumber}: proven against a checkpoint (${checkpoint.size}) newer than the one verified (${verified.size}); run again`);
  if (checkpoint.size === verified.size && !checkpoint.rootHash.equals(verified.rootHash)) fail(`${certificateNumber}: proven against another tree of size ${checkpoint.size}: a split view`);
  const proof = evidence.inclusionProof.map((hash) => strictBase64(hash));
  if (!verifyInclusion(evidence.index, checkpoint.size, leafHash(leaf), proof, checkpoint.rootHash)) fail(`${certificateNumber}: the inclusion proof of entry ${evidence.index} does not verify`);
  return `${certificateNumber}: entry ${evidence.index} (${entry.kind}) is included in the checkpoint of size ${checkpoint.size}`;
}

/** `monitor-log --url <address> [--state <file>] [--log-key <key>] [--witness-key <key>] [--certificate <AQ-...>]` */
export async function runMonitorLog(args: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const url = option('url');
  if (url === undefined) {
    process.stderr.write('Usage: npm run cli -- monitor-log --url <https://registro...> [--state monitor-state.json] [--log-key <key>] [--witness-key <key>] [--certificate AQ-YYYY-NNNNNN]\n');
    process.exitCode = 1;
    return;
  }
  try {
    const report = await monitorLog({ url, stateFile: option('state') ?? 'monitor-state.json', logKey: option('log-key'), witnessKey: option('witness-key'), certificate: option('certificate') });
    process.stdout.write(`${report.join('\n')}\nOK\n`);
  } catch (error) {
    process.stderr.write(`DISAGREEMENT: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
