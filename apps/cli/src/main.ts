import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { runNumberSync } from './number-sync';
import { generateMigration, migrate } from './schema-commands';
import { runMonitorLog } from './monitor-log';
import { printTransparencyKey } from './transparency-key.command';

async function main(): Promise<void> {
  // Commands that need no database: a key for the log or a witness, and the monitor anyone can run.
  if (process.argv[2] === 'transparency-key') return printTransparencyKey(process.argv.slice(3));
  if (process.argv[2] === 'monitor-log') return runMonitorLog(process.argv.slice(3));
  // The caller-ID feed's client runs where the platform does not: no database, no configuration.
  if (process.argv[2] === 'sync-numbers') return runNumberSync(process.argv.slice(3), process.env);
  if (process.argv[2] === 'lookup') return runNumberSync(process.argv.slice(2), process.env);
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false' });
  const [command, argument] = process.argv.slice(2);
  if (command === 'migrate') return migrate(config);
  if (command === 'migration:generate') return generateMigration(config, argument ?? '');
  await CommandFactory.run(CliModule.register(config), {
    logger: ['error', 'warn'],
    errorHandler: (error: Error & { code?: string; exitCode?: number }) => {
      // Commander reports --help and bad options as errors; only the latter should fail the command.
      if (error.code?.startsWith('commander.help') || error.code === 'commander.helpDisplayed') process.exit(0);
      if (!error.code?.startsWith('commander.')) process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode && error.exitCode > 0 ? error.exitCode : 1);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
