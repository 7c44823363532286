import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each user chooses about e-mail: the language, the optional kinds turned off, and a daily
 * digest instead of single messages. `unsubscribe_token` is the secret of the user's unsubscribe
 * links (RFC 8058 one-click): it names the user without a session, and says nothing else.
 * Optional messages for a digest reader wait as `digest` until the day's digest takes them (`digested`).
 */
export class MailPreferences1764002430000 implements MigrationInterface {
  name = 'MailPreferences1764002430000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_preference (
        user_id uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        language text NOT NULL DEFAULT 'it',
        daily_digest boolean NOT NULL DEFAULT false,
        muted_kinds text[] NOT NULL DEFAULT '{}',
        unsubscribe_token text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_preference PRIMARY KEY (user_id),
        CONSTRAINT uq_mail_preference_unsubscribe_token UNIQUE (unsubscribe_token),
        CONSTRAINT chk_mail_preference_language CHECK (language IN ('it', 'en'))
      )`);
    await db.query(`ALTER TABLE mail_message DROP CONSTRAINT chk_mail_message_status`);
    await db.query(`ALTER TABLE mail_message ADD CONSTRAINT chk_mail_message_status CHECK (status IN ('held', 'pending', 'sending', 'sent', 'failed', 'digest', 'digested'))`);
    await db.query(`CREATE INDEX idx_mail_message_digest ON mail_message (recipient_user_id, created_at) WHERE status = 'digest'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_mail_message_digest`);
    await db.query(`DELETE FROM mail_message WHERE status IN ('digest', 'digested')`);
    await db.query(`ALTER TABLE mail_message DROP CONSTRAINT chk_mail_message_status`);
    await db.query(`ALTER TABLE mail_message ADD CONSTRAINT chk_mail_message_status CHECK (status IN ('held', 'pending', 'sending', 'sent', 'failed'))`);
    await db.query(`DROP TABLE mail_preference`);
  }
}
