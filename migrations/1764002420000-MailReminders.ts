import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders that a sweep sends when a date comes (a rating expiring in 30 days, a question unanswered
 * for 5 days): the key of each (what and which band) is claimed in the transaction that writes its
 * messages, so a sweep that runs late, twice, or on two workers at once sends each reminder once.
 */
export class MailReminders1764002420000 implements MigrationInterface {
  name = 'MailReminders1764002420000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_reminder (
        reminder_key text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_mail_reminder PRIMARY KEY (reminder_key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_reminder`);
  }
}
