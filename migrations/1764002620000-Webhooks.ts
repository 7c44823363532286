import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (Standard Webhooks).
 * - `webhook_endpoint`: an owner's receiver, the events it wants (all firms, or the listed VAT numbers),
 *   its signing secret and, for 24 hours after a rotation, the previous one (both sign); `failing_since`
 *   is the first failure since the last success, and an endpoint failing for 3 days is disabled.
 * - `webhook_delivery`: one event for one endpoint, written in the event's own transaction (outbox);
 *   its id is the `webhook-id` a receiver deduplicates on, the same on every retry and redelivery.
 * - `webhook_attempt`: the delivery log, one row per attempt.
 */
export class Webhooks1764002620000 implements MigrationInterface {
  name = 'Webhooks1764002620000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_endpoint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        events text[] NOT NULL,
        vat_numbers text[] NOT NULL DEFAULT '{}',
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        failing_since timestamptz,
        disabled_at timestamptz,
        disabled_reason text,
        deleted_at timestamptz,
        CONSTRAINT pk_webhook_endpoint PRIMARY KEY (id),
        CONSTRAINT fk_webhook_endpoint_owner_id FOREIGN KEY (owner_id) REFERENCES user_account (id) ON DELETE RESTRICT,
        CONSTRAINT chk_webhook_endpoint_events CHECK (cardinality(events) > 0 AND events <@ ARRAY['firm.status_changed', 'certificate.issued', 'calling_numbers.changed']::text[]),
        CONSTRAINT chk_webhook_endpoint_previous_secret CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL)),
        CONSTRAINT chk_webhook_endpoint_disabled CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
      )`);
    await db.query(`CREATE INDEX idx_webhook_endpoint_owner_id ON webhook_endpoint (owner_id)`);
    // The listener's question on every event: which live endpoints want this event type.
    await db.query(`CREATE INDEX idx_webhook_endpoint_live_events ON webhook_endpoint USING gin (events) WHERE disabled_at IS NULL AND deleted_at IS NULL`);
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL,
        event_type text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        last_status_code integer,
        delivered_at timestamptz,
        CONSTRAINT pk_webhook_delivery PRIMARY KEY (id),
        CONSTRAINT fk_webhook_delivery_endpoint_id FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id) ON DELETE RESTRICT,
        CONSTRAINT chk_webhook_delivery_status CHECK (status IN ('pending', 'delivered', 'failed')),
        CONSTRAINT chk_webhook_delivery_delivered CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX idx_webhook_delivery_endpoint_id_created_at ON webhook_delivery (endpoint_id, created_at DESC)`);
    await db.query(`
      CREATE TABLE webhook_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY,
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        CONSTRAINT pk_webhook_attempt PRIMARY KEY (id),
        CONSTRAINT fk_webhook_attempt_delivery_id FOREIGN KEY (delivery_id) REFERENCES webhook_delivery (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX idx_webhook_attempt_delivery_id ON webhook_attempt (delivery_id, attempt)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_attempt`);
    await db.query(`DROP TABLE webhook_delivery`);
    await db.query(`DROP TABLE webhook_endpoint`);
  }
}
