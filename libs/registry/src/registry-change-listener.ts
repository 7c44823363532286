import { AppConfig } from '@app/config';
import { DatabaseConnections, OPEN_DATABASE, OpenDatabase } from '@app/database';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Notification, PoolClient } from 'pg';
import { RegistryCache } from './registry-cache';
import { RegistryDatabase } from './registry-database';

/** The channel the triggers of migration Registry1764000600000 notify, with the firm id as payload. */
export const REGISTRY_CHANNEL = 'registry_changed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One connection per instance: retrying often costs little, and the cache is off until it listens again. */
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 5_000];
/** A connection can die without an error (a dropped route): a ping proves it still delivers. */
const PING_INTERVAL_MS = 15_000;
const PING_TIMEOUT_MS = 5_000;

/**
 * Keeps every instance's registry cache in step with the database. On a PostgreSQL server, one
 * dedicated connection per instance LISTENs on `registry_changed`: the triggers notify at commit, so
 * a change made through any instance reaches all of them within milliseconds. If that connection is
 * lost, the cache is switched off (answers come from the database) until a new connection listens
 * again, and then starts empty, since notifications sent meanwhile are lost.
 *
 * The embedded database is one PostgreSQL session in this process: LISTEN is issued on it through the
 * data source's pool, and PGlite delivers each notification with the response to the COMMIT that
 * caused it, so the cache is invalidated before the writing request even answers.
 */
@Injectable()
export class RegistryChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistryChangeListener.name);
  /** The connection being opened or listening; events of any earlier one are ignored. */
  private client: Client | undefined;
  private listening = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly cache: RegistryCache,
    private readonly db: RegistryDatabase,
    @Inject(OPEN_DATABASE) private readonly database: OpenDatabase,
    connections: DatabaseConnections,
  ) {
    connections.add('registryChanges', {
      required: false,
      check: () =>
        this.cache.isLive ? Promise.resolve() : Promise.reject(new Error('Change notifications are interrupted: the registry cache is off and answers come from the database')),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.database.embedded) await this.listenOnEmbeddedSession();
    else await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = undefined;
    this.cache.setLive(false);
    await client?.end().catch(() => undefined);
  }

  private received(notification: Notification): void {
    if (notification.channel !== REGISTRY_CHANNEL) return;
    const firmId = notification.payload ?? '';
    if (UUID.test(firmId)) this.cache.firmChanged(firmId.toLowerCase());
    else this.cache.clear();
  }

  private async listenOnEmbeddedSession(): Promise<void> {
    const pool = this.db.connectionPool;
    const listening = new WeakSet<PoolClient>();
    // The session's notifications arrive on whichever pool client runs the COMMIT: listen on each of them.
    pool.on('acquire', (client) => {
      if (listening.has(client)) return;
      listening.add(client);
      client.on('notification', (notification) => this.received(notification));
    });
    await pool.query(`LISTEN ${REGISTRY_CHANNEL}`);
    this.cache.setLive(true);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.database.url, application_name: 'azienda-qualificata-registry', keepAlive: true });
    this.client = client;
    client.on('notification', (notification) => this.received(notification));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection was closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${REGISTRY_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.client !== client) return;
    this.listening = true;
    this.failures = 0;
    this.cache.setLive(true);
    this.pingTimer = setInterval(() => void this.ping(client), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  private async ping(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer to a ping within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.lost(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.stopped || this.client !== client) return;
    const wasListening = this.listening;
    this.client = undefined;
    this.listening = false;
    clearInterval(this.pingTimer);
    this.cache.setLive(false);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    this.failures += 1;
    const message = `answering from the database, listening again in ${delay} ms`;
    if (wasListening) this.logger.warn({ err: error }, `Registry change notifications interrupted: ${message}`);
    else this.logger.debug({ err: error }, `Registry change notifications still unavailable: ${message}`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
