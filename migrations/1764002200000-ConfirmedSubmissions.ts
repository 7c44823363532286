import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Irreversible acts on the pages are confirmed on a page of their own, which carries a random token;
 * the token is recorded in the act's transaction, so posting the same confirmation twice acts once.
 */
export class ConfirmedSubmissions1764002200000 implements MigrationInterface {
  name = 'ConfirmedSubmissions1764002200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE confirmed_submission (
        token uuid NOT NULL,
        user_id uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        CONSTRAINT pk_confirmed_submission PRIMARY KEY (token),
        CONSTRAINT fk_confirmed_submission_user_id FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE confirmed_submission`);
  }
}
