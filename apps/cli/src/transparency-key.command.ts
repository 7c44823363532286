import { generateNoteKey, NoteKeyKind, parseNoteSigner, verifierKeyText } from '@app/transparency';

/**
 * `transparency-key <name> [--cosigner]`: prints a new signed-note private key (for TRANSPARENCY_LOG_KEY,
 * or WITNESS_KEY with --cosigner) and its public verifier key. Needs no database.
 */
export function printTransparencyKey(args: readonly string[]): void {
  const name = args.find((arg) => !arg.startsWith('--'));
  if (name === undefined) {
    process.stderr.write('Usage: npm run cli -- transparency-key <name, e.g. registro.example.it/log> [--cosigner]\n');
    process.exitCode = 1;
    return;
  }
  const kind: NoteKeyKind = args.includes('--cosigner') ? 'cosigner' : 'log';
  const privateKey = generateNoteKey(name, kind);
  process.stdout.write(`private key (keep secret): ${privateKey}\nverifier key (publish):    ${verifierKeyText(parseNoteSigner(privateKey))}\n`);
}
