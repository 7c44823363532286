import { normalizePhoneNumber } from '@app/firms';
import { openLocalDirectory, syncNumbers } from '@app/feeds';
import { parseArgs } from 'node:util';

const USAGE = `Usage:
  sync-numbers --url <platform URL> --dir <folder> [--key <API key>]   download or update the local copy (key also from AQ_API_KEY)
  sync-numbers --dir <folder> lookup <phone number>                   answer from the local copy, offline`;

/**
 * The caller-ID feed's reference client, without the platform's database or configuration: what a
 * phone app would do. `sync-numbers` downloads and verifies; `lookup` answers from the local copy.
 */
export async function runNumberSync(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { url: { type: 'string' }, dir: { type: 'string' }, key: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.dir === undefined) throw new Error(USAGE);
  if (positionals[0] === 'lookup') {
    const written = positionals.slice(1).join(' ');
    const phone = normalizePhoneNumber(written);
    if (!phone.ok) throw new Error(`${written || '(empty)'} is not a phone number: ${phone.reason}`);
    const directory = await openLocalDirectory(values.dir);
    const owner = directory.lookup(phone.e164);
    if (!owner) {
      process.stdout.write(`${phone.e164}: not declared by any firm of the registry (copy at cursor ${directory.cursor})\n`);
      process.exitCode = 3;
      return;
    }
    const verdict = owner.qualified ? 'QUALIFIED (Azienda Qualificata)' : `NOT qualified: rating ${owner.status}`;
    process.stdout.write(`${phone.e164}: ${owner.name}, VAT ${owner.vat}, ${verdict}\n`);
    return;
  }
  if (positionals.length > 0 || values.url === undefined) throw new Error(USAGE);
  const apiKey = values.key ?? env.AQ_API_KEY;
  if (apiKey === undefined) throw new Error('An API key with the registry:read scope is needed: --key or AQ_API_KEY');
  const started = Date.now();
  const result = await syncNumbers({ url: values.url, dir: values.dir, apiKey });
  const what = result.kind === 'snapshot' ? 'full snapshot' : result.kind === 'delta' ? `${result.changes} changes` : 'no changes';
  process.stdout.write(`Synced ${what} in ${Date.now() - started} ms: ${result.numbers} numbers, cursor ${result.cursor}, in ${values.dir}\n`);
}
