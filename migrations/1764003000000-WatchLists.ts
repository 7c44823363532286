import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watch lists. `firm_watch`: an e-mail address that follows one firm of the public registry, by
 * double opt-in: until confirmed it holds only the SHA-256 of its confirmation token and the token's
 * expiry (48 hours); confirming spends the token (single use). `unsubscribe_token` is the secret of
 * its unsubscribe links; unsubscribing deletes the row (the address is personal data, kept no longer
 * than it is wanted). `watched_vat`: the VAT numbers a signed-in user follows, registered or not yet
 * (a firm that obtains the rating later is announced too).
 */
export class WatchLists1764003000000 implements MigrationInterface {
  name = 'WatchLists1764003000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE firm_watch (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        email text NOT NULL,
        language text NOT NULL DEFAULT 'it',
        confirm_token_hash text,
        confirm_expires_at timestamptz,
        confirmed_at timestamptz,
        unsubscribe_token text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_firm_watch PRIMARY KEY (id),
        CONSTRAINT fk_firm_watch_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE CASCADE,
        CONSTRAINT uq_firm_watch_firm_id_email UNIQUE (firm_id, email),
        CONSTRAINT uq_firm_watch_confirm_token_hash UNIQUE (confirm_token_hash),
        CONSTRAINT uq_firm_watch_unsubscribe_token UNIQUE (unsubscribe_token),
        CONSTRAINT chk_firm_watch_language CHECK (language IN ('it', 'en')),
        -- Lower-cased by the service (JavaScript's rules, as the outbox's recipient), not compared with lower() here: the two differ on some letters.
        CONSTRAINT chk_firm_watch_email CHECK (email <> '' AND length(email) <= 254),
        -- Pending: a token and its expiry, not confirmed. Confirmed: no token left to use.
        CONSTRAINT chk_firm_watch_state CHECK (
          (confirmed_at IS NULL AND confirm_token_hash IS NOT NULL AND confirm_expires_at IS NOT NULL)
          OR (confirmed_at IS NOT NULL AND confirm_token_hash IS NULL AND confirm_expires_at IS NULL)
        )
      )`);
    await db.query(`CREATE INDEX idx_firm_watch_confirmed ON firm_watch (firm_id) WHERE confirmed_at IS NOT NULL`);
    await db.query(`CREATE INDEX idx_firm_watch_pending ON firm_watch (confirm_expires_at) WHERE confirmed_at IS NULL`);
    await db.query(`
      CREATE TABLE watched_vat (
        user_id uuid NOT NULL,
        vat_number text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_watched_vat PRIMARY KEY (user_id, vat_number),
        CONSTRAINT fk_watched_vat_user_id FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE,
        CONSTRAINT chk_watched_vat_vat_number CHECK (vat_number ~ '^[0-9]{11}$')
      )`);
    await db.query(`CREATE INDEX idx_watched_vat_vat_number ON watched_vat (vat_number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM mail_message WHERE kind IN ('watch_confirm', 'watch_status_changed')`);
    await db.query(`DROP TABLE watched_vat`);
    await db.query(`DROP TABLE firm_watch`);
  }
}
