import 'reflect-metadata';
import { ConfigError, loadConfig, logOutput } from '@app/config';
import { Logger } from 'nestjs-pino';
import { createApiApplication } from './bootstrap';
import { DEMO_USERS } from './demo/demo-data.service';
import { serverAddress, StartFacts, startBanner } from './start-banner';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApplication({ config });
  await app.listen({ port: config.port, host: config.host });
  const { url, dataDir } = config.database;
  const facts: StartFacts = {
    url: config.publicBaseUrl,
    data: url === undefined ? { embedded: true, dataDir } : { embedded: false, server: serverAddress(url) },
    demoAccounts: config.demoData ? DEMO_USERS.map(({ role, email, password }) => ({ role, email, password })) : null,
  };
  // A person at a terminal reads a banner; a log collector gets the same facts as one JSON line.
  if (logOutput(config, process.stdout.isTTY === true) === 'pretty') process.stdout.write(startBanner(facts));
  else app.get(Logger).log({ msg: 'Azienda Qualificata is running', ...facts, docs: `${config.publicBaseUrl}/api/docs` });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
