import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { createApiApplication } from './bootstrap';
import { DemoDataService } from './demo/demo-data.service';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApplication({ config });
  await app.listen({ port: config.port, host: config.host });
  const where = config.embedded ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL server';
  process.stdout.write(app.get(DemoDataService).demoAccountsNotice() ?? '');
  process.stdout.write(`Azienda Qualificata is running on ${config.publicBaseUrl} (${where}); API docs at ${config.publicBaseUrl}/api/docs\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
