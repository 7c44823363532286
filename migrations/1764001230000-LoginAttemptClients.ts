import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sign-in policy tells clients apart: a device token issued at a successful sign-in (its SHA-256 is
 * kept on the attempts made with it) exempts that client from the account-wide budget, and so does an
 * IP that signed in to the account recently. The partial index finds an account's recent successes
 * without reading the failures an attacker piles up.
 */
export class LoginAttemptClients1764001230000 implements MigrationInterface {
  name = 'LoginAttemptClients1764001230000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE login_attempt ADD COLUMN device_token_hash text`);
    await db.query(`CREATE INDEX idx_login_attempt_known_client ON login_attempt (email, attempted_at) WHERE succeeded`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_login_attempt_known_client`);
    await db.query(`ALTER TABLE login_attempt DROP COLUMN device_token_hash`);
  }
}
