import { AppConfig } from '@app/config';
import { Clock, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService, RecordedEvent } from '@app/history';
import { JobQueue } from '@app/jobs';
import { effectiveRatingStatusSql } from '@app/ratings';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { returningRows } from './returning-rows';
import { firmLookupOf, WebhookEventType, webhookEventOf, WebhookPayload } from './webhook-events';
import { sendWebhook, WebhookResponse } from './webhook-sender';
import { FAILING_ENDPOINT_LIMIT_MS, WEBHOOK_DELIVERY_QUEUE } from './webhooks.service';

/** pg-boss retries a failed delivery with exponential backoff: 60 s × 2^n (with jitter), 12 times, over 3 to 5 days. */
const RETRY_LIMIT = 12;
const RETRY_DELAY_SECONDS = 60;
/** Deliveries sent at once per worker poll: one slow receiver does not hold the others up. */
const DELIVERY_BATCH = 100;

export interface WebhookDeliveryJob {
  readonly deliveryId: string;
}

interface FirmFacts {
  readonly firm_id: string;
  readonly vat_number: string;
  readonly legal_name: string;
  readonly status: string;
  readonly certificate_number: string;
  readonly certificate_sha256: string | null;
  readonly revocation_reason: string | null;
  readonly public_note: string | null;
}

/** Which firm an event is about, and what the registry shows of it now (only firms the registry lists). */
const FIRM_FACTS = (firmCondition: string) => `
  SELECT f.id AS firm_id, f.vat_number, f.legal_name, ${effectiveRatingStatusSql('r', '$2')} AS status, r.certificate_number,
         r.certificate_sha256, r.revocation_reason, r.public_note
  FROM registry_entry e JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
  WHERE ${firmCondition}`;
const FIRM_OF: Readonly<Record<'rating' | 'calling_number' | 'firm', string>> = {
  rating: FIRM_FACTS('e.firm_id = (SELECT firm_id FROM rating WHERE id = $1)'),
  calling_number: FIRM_FACTS('e.firm_id = (SELECT firm_id FROM calling_number WHERE id = $1)'),
  firm: FIRM_FACTS('e.firm_id = $1'),
};

/**
 * Turns history events into webhook deliveries and sends them. The listener runs inside the event's
 * own transaction: the deliveries and their jobs commit with the change or not at all (outbox). The
 * job signs each attempt afresh (Standard Webhooks, with the previous secret too for 24 hours after a
 * rotation), re-checks the target's addresses on connecting, and logs the attempt; an endpoint that
 * has failed for 3 days is disabled, which is recorded as a history event its owner is shown.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  constructor(
    private readonly history: HistoryService,
    private readonly jobs: JobQueue,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.declare({ name: WEBHOOK_DELIVERY_QUEUE, retryLimit: RETRY_LIMIT, retryDelaySeconds: RETRY_DELAY_SECONDS, expireInSeconds: 120 });
    this.jobs.process<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE, (job, meta) => this.deliver(job.deliveryId, meta.retryCount), { batchSize: DELIVERY_BATCH });
    this.history.addListener((event) => this.enqueueDeliveries(event));
  }

  /** Writes one delivery per interested endpoint, and its job, in the event's transaction. */
  async enqueueDeliveries(event: RecordedEvent): Promise<void> {
    const type = webhookEventOf(event);
    const target = type === null ? null : firmLookupOf(event);
    if (type === null || target === null) return;
    const now = this.clock.now();
    const [firm] = await this.txHost.tx.query<FirmFacts[]>(FIRM_OF[target.table], [target.id, now]);
    if (!firm) return;
    const payload: WebhookPayload = { type, timestamp: now.toISOString(), data: this.dataOf(type, event, firm) };
    const rows = await this.txHost.tx.query<{ id: string }[]>(
      `INSERT INTO webhook_delivery (endpoint_id, event_type, payload, created_at)
       SELECT id, $1, $2, $4 FROM webhook_endpoint
       WHERE disabled_at IS NULL AND deleted_at IS NULL AND events @> ARRAY[$1]::text[] AND (vat_numbers = '{}' OR $3 = ANY(vat_numbers))
       RETURNING id`,
      [type, JSON.stringify(payload), firm.vat_number, now],
    );
    await this.jobs.enqueueMany<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE, rows.map(({ id }) => ({ deliveryId: id })));
  }

  /** One attempt; throws to have pg-boss try again later, returns when done (delivered, or given up). */
  async deliver(deliveryId: string, retryCount: number): Promise<void> {
    const [delivery] = await this.txHost.tx.query<
      { status: string; payload: string; url: string; secret: string; previous_secret: string | null; previous_secret_expires_at: Date | null; live: boolean }[]
    >(
      `SELECT d.status, d.payload, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, (e.disabled_at IS NULL AND e.deleted_at IS NULL) AS live
       FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = $1`,
      [deliveryId],
    );
    if (!delivery || delivery.status !== 'pending') return;
    if (!delivery.live) {
      await this.txHost.tx.query(`UPDATE webhook_delivery SET status = 'failed' WHERE id = $1 AND status = 'pending'`, [deliveryId]);
      return;
    }
    const sentAt = this.clock.now();
    const signatures = [new Webhook(delivery.secret).sign(deliveryId, sentAt, delivery.payload)];
    if (delivery.previous_secret !== null && delivery.previous_secret_expires_at !== null && delivery.previous_secret_expires_at > sentAt) {
      signatures.push(new Webhook(delivery.previous_secret).sign(deliveryId, sentAt, delivery.payload));
    }
    const headers = { 'webhook-id': deliveryId, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': signatures.join(' ') };
    const response = await sendWebhook({ url: delivery.url, headers, body: delivery.payload }, this.config.webhooks, this.config.webhooks.timeoutMs);
    const outcome = await this.recordAttempt(deliveryId, sentAt, response, retryCount >= RETRY_LIMIT);
    if (outcome === 'retry') throw new Error(`Webhook delivery ${deliveryId} failed: ${response.error ?? `status ${response.statusCode}`}`);
  }

  @Transactional()
  private async recordAttempt(deliveryId: string, sentAt: Date, response: WebhookResponse, lastTry: boolean): Promise<'delivered' | 'retry' | 'given_up'> {
    const tx = this.txHost.tx;
    const delivered = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const [row] = await returningRows<{ attempts: number; endpoint_id: string }>(
      tx,
      `UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = $2, last_status_code = $3 WHERE id = $1 RETURNING attempts, endpoint_id`,
      [deliveryId, sentAt, response.statusCode],
    );
    await tx.query(`INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`, [
      deliveryId,
      row.attempts,
      sentAt,
      response.statusCode,
      response.error?.slice(0, 500) ?? null,
      response.durationMs,
    ]);
    if (delivered) {
      await tx.query(`UPDATE webhook_delivery SET status = 'delivered', delivered_at = $2 WHERE id = $1`, [deliveryId, sentAt]);
      await tx.query(`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [row.endpoint_id]);
      return 'delivered';
    }
    const [endpoint] = await returningRows<{ owner_id: string; url: string; failing_since: Date; disabled_at: Date | null }>(
      tx,
      `UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, $2) WHERE id = $1 RETURNING owner_id, url, failing_since, disabled_at`,
      [row.endpoint_id, sentAt],
    );
    const disable = endpoint.disabled_at === null && sentAt.getTime() - endpoint.failing_since.getTime() >= FAILING_ENDPOINT_LIMIT_MS;
    if (disable) {
      await tx.query(`UPDATE webhook_endpoint SET disabled_at = $2, disabled_reason = 'failing_for_3_days' WHERE id = $1`, [row.endpoint_id, sentAt]);
      // The owner is told through this event: the workspace shows it, and a notifications library can listen to it.
      await this.history.record(SYSTEM_ACTOR, {
        action: 'webhook_endpoint.disabled',
        entityType: 'webhook_endpoint',
        entityId: row.endpoint_id,
        after: { ownerId: endpoint.owner_id, url: endpoint.url, failingSince: endpoint.failing_since, reason: 'failing_for_3_days' },
      });
    }
    if (disable || lastTry) {
      await tx.query(`UPDATE webhook_delivery SET status = 'failed' WHERE id = $1`, [deliveryId]);
      return 'given_up';
    }
    return 'retry';
  }

  private dataOf(type: WebhookEventType, event: RecordedEvent, firm: FirmFacts): Record<string, unknown> {
    const common = { vatNumber: firm.vat_number, legalName: firm.legal_name, status: firm.status, qualified: firm.status === 'active' };
    switch (type) {
      case 'firm.status_changed':
        return { ...common, change: event.action.replace('rating.', ''), certificateNumber: firm.certificate_number, revocationReason: firm.revocation_reason, publicNote: firm.public_note };
      case 'certificate.issued':
        return { ...common, certificateNumber: firm.certificate_number, certificateSha256: firm.certificate_sha256 };
      case 'calling_numbers.changed': {
        const after = (event.after ?? {}) as { e164?: string; imported?: number };
        return { ...common, change: event.action.replace('calling_number.', ''), ...(after.e164 === undefined ? {} : { e164: after.e164 }), ...(after.imported === undefined ? {} : { imported: after.imported }) };
      }
    }
  }
}
