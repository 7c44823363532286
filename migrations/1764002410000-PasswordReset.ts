import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset links: only the SHA-256 of each token is kept (a database leak yields no usable
 * link); a token works once (`used_at`) and until `expires_at` (one hour after it is asked for).
 */
export class PasswordReset1764002410000 implements MigrationInterface {
  name = 'PasswordReset1764002410000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT uq_password_reset_token_token_hash UNIQUE (token_hash),
        CONSTRAINT chk_password_reset_token_expiry CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX idx_password_reset_token_user_id ON password_reset_token (user_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE password_reset_token`);
  }
}
