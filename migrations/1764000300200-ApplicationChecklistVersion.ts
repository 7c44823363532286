import { MigrationInterface, QueryRunner } from 'typeorm';

/** An application's checklist version must exist: the checklist tables now do, so the reference becomes a foreign key. */
export class ApplicationChecklistVersion1764000300200 implements MigrationInterface {
  name = 'ApplicationChecklistVersion1764000300200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE application ADD CONSTRAINT fk_application_checklist_version_id
       FOREIGN KEY (checklist_version_id) REFERENCES checklist_version (id) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE application DROP CONSTRAINT fk_application_checklist_version_id`);
  }
}
