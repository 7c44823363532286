import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for machines, and the `integrator` role for accounts that are neither a firm nor staff.
 * A key is stored as the SHA-256 of its 256 random bits; revoking keeps the row.
 */
export class ApiKeys1764002600000 implements MigrationInterface {
  name = 'ApiKeys1764002600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_account DROP CONSTRAINT chk_user_account_role`);
    await db.query(`ALTER TABLE user_account ADD CONSTRAINT chk_user_account_role CHECK (role IN ('admin', 'auditor', 'reviewer', 'firm', 'integrator'))`);
    await db.query(`
      CREATE TABLE api_key (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        token_hash text NOT NULL,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT pk_api_key PRIMARY KEY (id),
        CONSTRAINT uq_api_key_token_hash UNIQUE (token_hash),
        CONSTRAINT chk_api_key_scopes CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['registry:read', 'webhooks:manage']::text[]),
        CONSTRAINT chk_api_key_name CHECK (length(btrim(name)) BETWEEN 1 AND 80),
        CONSTRAINT fk_api_key_user_id FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_api_key_user_id ON api_key (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_key`);
    await db.query(`ALTER TABLE user_account DROP CONSTRAINT chk_user_account_role`);
    await db.query(`ALTER TABLE user_account ADD CONSTRAINT chk_user_account_role CHECK (role IN ('admin', 'auditor', 'reviewer', 'firm'))`);
  }
}
