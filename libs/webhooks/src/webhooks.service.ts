import { AppConfig } from '@app/config';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { JobQueue } from '@app/jobs';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { returningRows } from './returning-rows';
import { WebhookEventType } from './webhook-events';
import { isAllowedAddress, webhookUrlProblem } from './webhook-target';
import { TooManyWebhookEndpointsError, WebhookDeliveryNotFoundError, WebhookEndpointNotFoundError, WebhookUrlError } from './webhooks.errors';

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';
/** After a rotation the old secret signs too, for this long, so receivers can switch without losing a delivery. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 3_600_000;
/** An endpoint that has failed every delivery for this long is disabled and its owner told. */
export const FAILING_ENDPOINT_LIMIT_MS = 3 * 24 * 3_600_000;
export const MAX_ENDPOINTS_PER_OWNER = 50;

export interface NewWebhookEndpoint {
  readonly url: string;
  readonly description: string;
  readonly events: readonly WebhookEventType[];
  /** Empty: every firm. */
  readonly vatNumbers: readonly string[];
}

export interface WebhookEndpointView {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly events: WebhookEventType[];
  readonly vatNumbers: string[];
  readonly createdAt: Date;
  /** The first failure since the last success, while deliveries fail. */
  readonly failingSince: Date | null;
  readonly disabledAt: Date | null;
  readonly disabledReason: string | null;
  /** Until when the previous secret still signs, after a rotation. */
  readonly previousSecretExpiresAt: Date | null;
}

/** A secret is shown when the endpoint is created and when it is rotated. */
export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpointView;
  readonly secret: string;
}

export interface WebhookAttemptView {
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookDeliveryView {
  readonly id: string;
  readonly eventType: WebhookEventType;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly createdAt: Date;
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly deliveredAt: Date | null;
  readonly payload: unknown;
  readonly log: WebhookAttemptView[];
}

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  vat_numbers: string[];
  created_at: Date;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  previous_secret_expires_at: Date | null;
}

const ENDPOINT_COLUMNS = `id, url, description, events, vat_numbers, created_at, failing_since, disabled_at, disabled_reason, previous_secret_expires_at`;

const toView = (row: EndpointRow): WebhookEndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events,
  vatNumbers: row.vat_numbers,
  createdAt: row.created_at,
  failingSince: row.failing_since,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
  previousSecretExpiresAt: row.previous_secret_expires_at,
});

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** Webhook endpoints of admins, firm users and integrators: each owner sees and changes only their own. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Registers an endpoint; its URL must be acceptable and resolve to public addresses only. */
  @Transactional()
  async create(actor: Actor, input: NewWebhookEndpoint): Promise<EndpointWithSecret> {
    await this.checkTarget(input.url);
    // One registration at a time per owner, so the bound holds under concurrent requests.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook_endpoint:' || $1, 0))`, [actor.userId]);
    const [{ count }] = await this.txHost.tx.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM webhook_endpoint WHERE owner_id = $1 AND deleted_at IS NULL`, [actor.userId]);
    if (count >= MAX_ENDPOINTS_PER_OWNER) throw new TooManyWebhookEndpointsError(MAX_ENDPOINTS_PER_OWNER);
    const secret = newWebhookSecret();
    const [row] = await this.txHost.tx.query<EndpointRow[]>(
      `INSERT INTO webhook_endpoint (owner_id, url, description, events, vat_numbers, secret, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT_COLUMNS}`,
      [actor.userId, input.url, input.description.trim(), [...new Set(input.events)], [...new Set(input.vatNumbers)], secret, this.clock.now()],
    );
    const endpoint = toView(row);
    await this.history.record(actor, { action: 'webhook_endpoint.created', entityType: 'webhook_endpoint', entityId: endpoint.id, after: { url: endpoint.url, events: endpoint.events, vatNumbers: endpoint.vatNumbers } });
    return { endpoint, secret };
  }

  async list(actor: Actor): Promise<WebhookEndpointView[]> {
    const rows = await this.txHost.tx.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id`,
      [actor.userId],
    );
    return rows.map(toView);
  }

  async get(actor: Actor, id: string): Promise<WebhookEndpointView> {
    return toView(await this.ownEndpoint(actor, id));
  }

  /** A new secret; the previous one keeps signing (a second signature) for 24 hours. */
  @Transactional()
  async rotateSecret(actor: Actor, id: string): Promise<EndpointWithSecret> {
    await this.ownEndpoint(actor, id, true);
    const secret = newWebhookSecret();
    const [row] = await returningRows<EndpointRow>(
      this.txHost.tx,
      `UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_expires_at = $2, secret = $3 WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, new Date(this.clock.now().getTime() + PREVIOUS_SECRET_VALID_MS), secret],
    );
    await this.history.record(actor, { action: 'webhook_endpoint.secret_rotated', entityType: 'webhook_endpoint', entityId: id });
    return { endpoint: toView(row), secret };
  }

  /** Turns a disabled endpoint back on, after its owner fixed the receiver. */
  @Transactional()
  async enable(actor: Actor, id: string): Promise<WebhookEndpointView> {
    await this.ownEndpoint(actor, id, true);
    const [row] = await returningRows<EndpointRow>(
      this.txHost.tx,
      `UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id],
    );
    await this.history.record(actor, { action: 'webhook_endpoint.enabled', entityType: 'webhook_endpoint', entityId: id });
    return toView(row);
  }

  /** Stops deliveries to an endpoint for good; its deliveries stay on record. */
  @Transactional()
  async remove(actor: Actor, id: string): Promise<void> {
    await this.ownEndpoint(actor, id, true);
    await this.txHost.tx.query(`UPDATE webhook_endpoint SET deleted_at = $2 WHERE id = $1`, [id, this.clock.now()]);
    await this.history.record(actor, { action: 'webhook_endpoint.deleted', entityType: 'webhook_endpoint', entityId: id });
  }

  /** An endpoint's latest deliveries, newest first, each with its log of attempts. */
  async deliveries(actor: Actor, endpointId: string, limit = 50): Promise<WebhookDeliveryView[]> {
    await this.ownEndpoint(actor, endpointId);
    const rows = await this.txHost.tx.query<
      { id: string; event_type: WebhookEventType; status: WebhookDeliveryView['status']; created_at: Date; attempts: number; last_attempt_at: Date | null; last_status_code: number | null; delivered_at: Date | null; payload: string; log: WebhookAttemptView[] | null }[]
    >(
      `SELECT d.id, d.event_type, d.status, d.created_at, d.attempts, d.last_attempt_at, d.last_status_code, d.delivered_at, d.payload,
              (SELECT json_agg(json_build_object('attempt', a.attempt, 'attemptedAt', a.attempted_at, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
               FROM webhook_attempt a WHERE a.delivery_id = d.id) AS log
       FROM webhook_delivery d WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id LIMIT $2`,
      [endpointId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      eventType: row.event_type,
      status: row.status,
      createdAt: row.created_at,
      attempts: row.attempts,
      lastAttemptAt: row.last_attempt_at,
      lastStatusCode: row.last_status_code,
      deliveredAt: row.delivered_at,
      payload: JSON.parse(row.payload) as unknown,
      log: (row.log ?? []).map((attempt) => ({ ...attempt, attemptedAt: new Date(attempt.attemptedAt) })),
    }));
  }

  /** Sends a delivery again, with the same `webhook-id` (receivers that already have it can tell). */
  @Transactional()
  async redeliver(actor: Actor, deliveryId: string): Promise<void> {
    const rows = await this.txHost.tx.query<{ id: string }[]>(
      `SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
       WHERE d.id = $1 AND e.owner_id = $2 AND e.deleted_at IS NULL FOR UPDATE OF d`,
      [deliveryId, actor.userId],
    );
    if (rows.length === 0) throw new WebhookDeliveryNotFoundError();
    await this.txHost.tx.query(`UPDATE webhook_delivery SET status = 'pending', delivered_at = NULL WHERE id = $1`, [deliveryId]);
    await this.jobs.enqueueMany(WEBHOOK_DELIVERY_QUEUE, [{ deliveryId }]);
    await this.history.record(actor, { action: 'webhook_delivery.redelivered', entityType: 'webhook_delivery', entityId: deliveryId });
  }

  /** Refuses a URL whose form is not acceptable or whose name resolves to a non-public address. */
  private async checkTarget(url: string): Promise<void> {
    const problem = webhookUrlProblem(url, this.config.webhooks);
    if (problem !== null) throw new WebhookUrlError(problem);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: { address: string }[];
    try {
      addresses = await lookup(host, { all: true });
    } catch {
      throw new WebhookUrlError(`url: the name ${host} does not resolve`);
    }
    if (addresses.length === 0 || addresses.some(({ address }) => !isAllowedAddress(address, this.config.webhooks))) throw new WebhookUrlError('url must point to a public address');
  }

  private async ownEndpoint(actor: Actor, id: string, lock = false): Promise<EndpointRow> {
    const rows = await this.txHost.tx.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [id, actor.userId],
    );
    if (rows.length === 0) throw new WebhookEndpointNotFoundError();
    return rows[0];
  }
}
