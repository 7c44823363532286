import { Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';

/** How readiness learns whether one of the process's connections to the database works. */
export interface ConnectionProbe {
  /** Whether the process is not ready while it fails; an optional one (the cache's notifications) only degrades answers. */
  readonly required: boolean;
  /** Resolves (with anything) when the connection works; rejects saying what is wrong. */
  check(): Promise<unknown>;
}

export interface ConnectionReport {
  readonly name: string;
  readonly required: boolean;
  /** Null when the connection works. */
  readonly problem: string | null;
}

const logger = new Logger('DatabaseConnections');

/**
 * Keeps a `pg` pool alive through lost connections. `pg` emits 'error' on the pool when an idle client's
 * connection breaks, and on the client itself when it breaks while checked out; an 'error' event
 * nobody listens to ends the process. With these listeners the broken client is dropped (pg-pool
 * removes a client that failed), the query that was using it fails with a connection error (a 503 for
 * its request), and the next query opens a new connection.
 */
export function surviveConnectionLoss(pool: Pool, name: string): Pool {
  pool.on('error', (error) => logger.warn({ err: error }, `A connection of the ${name} pool was lost; the next query opens a new one`));
  const guarded = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    // The query or transaction using the client receives the same failure and answers for it; this only keeps the event handled.
    client.on('error', () => undefined);
  });
  return pool;
}

/** Every connection of the process that readiness (`/health/ready`) reports on, by name. */
@Injectable()
export class DatabaseConnections {
  private readonly probes = new Map<string, ConnectionProbe>();

  add(name: string, probe: ConnectionProbe): void {
    this.probes.set(name, probe);
  }

  /** Each connection's state, each check given at most `timeoutMs`. */
  async report(timeoutMs: number): Promise<ConnectionReport[]> {
    return Promise.all(
      [...this.probes].map(async ([name, probe]) => ({ name, required: probe.required, problem: await problemOf(probe, timeoutMs) })),
    );
  }
}

async function problemOf(probe: ConnectionProbe, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
