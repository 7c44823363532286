import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  // SIGTERM lets running jobs finish (pg-boss stops gracefully) before the database closes.
  worker.enableShutdownHooks();
  process.stdout.write('Azienda Qualificata worker is running\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
