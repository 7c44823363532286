import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints about the scheme (README "Complaints about the scheme"), apart from consumer reports:
 * filed by anyone, acknowledged on arrival, taken in hand by staff, closed with an outcome. The
 * database allows only `acknowledged -> in_handling -> closed`, keeps what was complained of as filed,
 * lets the contact e-mail only be erased (once closed), and never deletes a complaint.
 */
export class Complaints1764003210000 implements MigrationInterface {
  name = 'Complaints1764003210000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE complaint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        subject text NOT NULL,
        firm_id uuid,
        firm_vat_number text,
        firm_name text,
        description text NOT NULL,
        contact_email text,
        language text NOT NULL,
        status text NOT NULL,
        received_at timestamptz NOT NULL,
        handling_started_at timestamptz,
        handled_by_id uuid,
        closed_at timestamptz,
        closed_by_id uuid,
        outcome text,
        contact_erased_at timestamptz,
        CONSTRAINT pk_complaint PRIMARY KEY (id),
        CONSTRAINT uq_complaint_reference UNIQUE (reference),
        CONSTRAINT chk_complaint_subject CHECK ((subject = 'scheme' AND firm_id IS NULL AND firm_vat_number IS NULL AND firm_name IS NULL) OR (subject = 'firm' AND (firm_vat_number IS NOT NULL OR firm_name IS NOT NULL))),
        CONSTRAINT chk_complaint_status CHECK (status IN ('acknowledged', 'in_handling', 'closed')),
        CONSTRAINT chk_complaint_language CHECK (language IN ('it', 'en')),
        CONSTRAINT chk_complaint_handling CHECK ((status = 'acknowledged') = (handling_started_at IS NULL) AND (handling_started_at IS NULL) = (handled_by_id IS NULL)),
        CONSTRAINT chk_complaint_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closed_by_id IS NOT NULL AND outcome IS NOT NULL)),
        CONSTRAINT chk_complaint_contact_erased CHECK (contact_erased_at IS NULL OR (contact_email IS NULL AND status = 'closed')),
        CONSTRAINT fk_complaint_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_complaint_handled_by_id FOREIGN KEY (handled_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_complaint_closed_by_id FOREIGN KEY (closed_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_complaint_status_received_at ON complaint (status, received_at)`);
    await db.query(`
      CREATE FUNCTION complaint_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'complaints are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'INSERT' THEN
          IF NEW.status <> 'acknowledged' THEN
            RAISE EXCEPTION 'complaint: a new complaint is acknowledged' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END IF;
        IF NEW.reference <> OLD.reference OR NEW.subject <> OLD.subject OR NEW.firm_id IS DISTINCT FROM OLD.firm_id
           OR NEW.firm_vat_number IS DISTINCT FROM OLD.firm_vat_number OR NEW.firm_name IS DISTINCT FROM OLD.firm_name
           OR NEW.description <> OLD.description OR NEW.language <> OLD.language OR NEW.received_at <> OLD.received_at THEN
          RAISE EXCEPTION 'complaint %: what was complained of never changes', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.contact_email IS DISTINCT FROM OLD.contact_email AND NEW.contact_email IS NOT NULL THEN
          RAISE EXCEPTION 'complaint %: the contact is only ever erased', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status = 'closed' AND (NEW.status <> 'closed' OR NEW.closed_at <> OLD.closed_at OR NEW.closed_by_id <> OLD.closed_by_id OR NEW.outcome <> OLD.outcome
           OR NEW.handling_started_at <> OLD.handling_started_at OR NEW.handled_by_id <> OLD.handled_by_id) THEN
          RAISE EXCEPTION 'complaint %: closed', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status = 'in_handling' AND (NEW.handling_started_at <> OLD.handling_started_at OR NEW.handled_by_id <> OLD.handled_by_id) THEN
          RAISE EXCEPTION 'complaint %: who took it in hand never changes', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status <> OLD.status AND NOT ((OLD.status = 'acknowledged' AND NEW.status = 'in_handling') OR (OLD.status = 'in_handling' AND NEW.status = 'closed')) THEN
          RAISE EXCEPTION 'complaint %: illegal transition from % to %', OLD.reference, OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_complaint_guard BEFORE INSERT OR UPDATE OR DELETE ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_guard()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE complaint`);
    await db.query(`DROP FUNCTION complaint_guard()`);
  }
}
