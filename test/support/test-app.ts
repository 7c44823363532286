import { AppConfig, loadConfig } from '@app/config';
import { AdjustableClock, Clock, Role } from '@app/core';
import { UsersService } from '@app/identity';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApiApplication } from '../../apps/api/src/bootstrap';
import { createTestDatabase, TestDatabase } from './test-database';
import { EMBEDDED_TEMPLATE_ENV } from './test-database.constants';
import { CHEAP_PASSWORD_HASHING } from './test-env';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly clock: AdjustableClock;
  readonly http: TestAgent;
  /** Creates a user directly and signs in through the API; returns the bearer token. */
  signIn(role: Role, overrides?: { email?: string; password?: string }): Promise<SignedInUser>;
  close(): Promise<void>;
}

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
  readonly auth: { Authorization: string };
}

export interface TestAppOptions {
  /**
   * `server` (default): a fresh database on the PostgreSQL server; `embedded`: PGlite in a temporary folder,
   * a copy of the migrated one Jest's global setup made (the app finds no migration pending);
   * `embedded-empty`: PGlite in an empty folder, created and migrated by the app's start, as on a first `npm start`.
   */
  readonly database?: 'server' | 'embedded' | 'embedded-empty' | { url: string };
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  readonly imports?: Type[];
}

let userCounter = 0;

function embeddedTemplate(): string {
  const folder = process.env[EMBEDDED_TEMPLATE_ENV];
  if (!folder) throw new Error('The embedded test template is missing: run tests through jest (globalSetup creates it)');
  return folder;
}

/** Boots the real API application on a real database, as `npm start` would, minus the listening socket. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false', ...CHEAP_PASSWORD_HASHING, ...options.env };
  if (options.database === 'embedded' || options.database === 'embedded-empty') {
    dataDir = mkdtempSync(join(tmpdir(), 'aq-pglite-'));
    if (options.database === 'embedded') cpSync(embeddedTemplate(), dataDir, { recursive: true });
    env.DATA_DIR = dataDir;
  } else if (typeof options.database === 'object') {
    env.DATABASE_URL = options.database.url;
  } else {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
  }
  const config = loadConfig(env);
  const clock = options.clock instanceof AdjustableClock ? options.clock : new AdjustableClock();
  const app = await createApiApplication({ config, clock, imports: options.imports });
  const http = request(app.getHttpServer());

  return {
    app,
    config,
    clock,
    http,
    async signIn(role, overrides = {}) {
      userCounter += 1;
      const email = overrides.email ?? `${role}-${process.pid}-${userCounter}@test.example.it`;
      const password = overrides.password ?? `password-of-${role}-${userCounter}`;
      const user = await app.get(UsersService).create({ userId: null, label: 'system' }, { email, displayName: `${role} ${userCounter}`, password, role });
      const response = await http.post('/api/v1/auth/login').send({ email, password }).expect(200);
      const token = (response.body as { token: string }).token;
      return { id: user.id, email, password, token, auth: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
