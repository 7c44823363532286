import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of e-mail: each message is written, already rendered, in the transaction of the event
 * that causes it, and sent later by a job. The unique idempotency key (event and recipient) makes a
 * retried or twice-run writer add nothing; the status keeps the delivery state.
 * `held`: no SMTP server is configured (the embedded default), kept for admins to read;
 * `pending` -> `sending` (claimed by one sender) -> `sent`, or back to `pending` on a failure, or
 * `failed` when the retries are spent (dead letter).
 */
export class MailOutbox1764002400000 implements MigrationInterface {
  name = 'MailOutbox1764002400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        recipient_user_id uuid REFERENCES user_account (id) ON DELETE SET NULL,
        language text NOT NULL,
        subject text NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        smtp_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        sent_at timestamptz,
        CONSTRAINT uq_mail_message_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT chk_mail_message_language CHECK (language IN ('it', 'en')),
        CONSTRAINT chk_mail_message_status CHECK (status IN ('held', 'pending', 'sending', 'sent', 'failed')),
        CONSTRAINT chk_mail_message_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX idx_mail_message_created_at ON mail_message (created_at DESC)`);
    await db.query(`CREATE INDEX idx_mail_message_undelivered ON mail_message (status, created_at) WHERE status <> 'sent'`);
    await db.query(`CREATE INDEX idx_mail_message_recipient_user_id ON mail_message (recipient_user_id) WHERE recipient_user_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_message`);
  }
}
