import { generateNoteKey, NoteSigner, NoteVerifier, parseNoteSigner, parseNoteVerifier, verifierKeyText } from '@app/transparency';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Witness } from './witness';
import { witnessServer } from './witness-server';
import { FileWitnessState } from './witness-state';

/**
 * The witness process, run by the second organisation with its own key. Configuration:
 * WITNESS_LOG_KEY (required): the log's verifier key, from its operator (out of band);
 * WITNESS_KEY: its cosigner private key (absent: a demo key made on first start in WITNESS_DATA_DIR);
 * WITNESS_DATA_DIR (./data/witness), WITNESS_PORT (3100), WITNESS_HOST (127.0.0.1).
 */
function main(): void {
  const env = process.env;
  const problems: string[] = [];
  const dataDir = resolve(env.WITNESS_DATA_DIR ?? './data/witness');
  const port = Number(env.WITNESS_PORT ?? '3100');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('WITNESS_PORT must be a port number');
  let logKey: NoteVerifier | undefined;
  try {
    logKey = parseNoteVerifier(env.WITNESS_LOG_KEY ?? '');
    if (logKey.kind !== 'log') problems.push('WITNESS_LOG_KEY must be an Ed25519 log key (type 0x01)');
  } catch (error) {
    problems.push(`WITNESS_LOG_KEY must be the log's verifier key <origin>+<key id>+<key>: ${(error as Error).message}`);
  }
  let signer: NoteSigner | undefined;
  try {
    signer = parseNoteSigner(env.WITNESS_KEY ?? demoKey(join(dataDir, 'witness.key')));
    if (signer.kind !== 'cosigner') problems.push('WITNESS_KEY must be a cosignature/v1 key (npm run cli -- transparency-key <name> --cosigner)');
  } catch (error) {
    problems.push(`WITNESS_KEY is not a signed-note private key: ${(error as Error).message}`);
  }
  if (problems.length > 0 || logKey === undefined || signer === undefined) {
    process.stderr.write(`Invalid witness configuration:\n  - ${problems.join('\n  - ')}\n`);
    process.exit(1);
  }
  const cosigner = signer;
  const log = logKey;
  const witness = new Witness(cosigner, [log], new FileWitnessState(join(dataDir, 'state.json')));
  const server = witnessServer(witness, verifierKeyText(cosigner));
  server.listen({ port, host: env.WITNESS_HOST ?? '127.0.0.1' }).then(
    (address) => process.stdout.write(`Witness ${cosigner.name} for ${log.name} listening on ${address}\nWitness verifier key: ${verifierKeyText(cosigner)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
}

/** A demo cosigner key kept next to the witness state, for trying the scheme on one machine. */
function demoKey(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${generateNoteKey('witness.demo.localhost/oic', 'cosigner')}\n`, { mode: 0o600, flag: 'wx' });
    process.stderr.write(`Created a demo witness key in ${path}; set WITNESS_KEY for real use\n`);
  }
  return readFileSync(path, 'utf8');
}

main();
