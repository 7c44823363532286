import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Surveillance plans (README "Certification cycle", "Surveillance"). One plan per year lists every
 * active rating for its yearly check and the weighted random sample drawn for an unannounced one,
 * with the seed, the weights, each rating's risk factors and the numbers that decided its rank, so
 * the draw can be recomputed and explained. A plan and its entries are a record: never changed or
 * deleted, and one entry per rating per plan.
 */
export class SurveillancePlans1764003300000 implements MigrationInterface {
  name = 'SurveillancePlans1764003300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE surveillance_plan (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        year integer NOT NULL,
        seed text NOT NULL,
        sample_percent integer NOT NULL,
        weights jsonb NOT NULL,
        checklist_version_id uuid NOT NULL,
        item_codes text[] NOT NULL,
        population integer NOT NULL,
        sample_size integer NOT NULL,
        threshold double precision,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_surveillance_plan PRIMARY KEY (id),
        CONSTRAINT uq_surveillance_plan_year UNIQUE (year),
        CONSTRAINT chk_surveillance_plan_year CHECK (year BETWEEN 2000 AND 2999),
        CONSTRAINT chk_surveillance_plan_seed CHECK (seed ~ '^[0-9a-f]{32}$'),
        CONSTRAINT chk_surveillance_plan_sample_percent CHECK (sample_percent BETWEEN 0 AND 100),
        CONSTRAINT chk_surveillance_plan_items CHECK (cardinality(item_codes) >= 1),
        CONSTRAINT chk_surveillance_plan_sample CHECK (population >= 0 AND sample_size BETWEEN 0 AND population AND (threshold IS NULL) = (sample_size = 0)),
        CONSTRAINT fk_surveillance_plan_checklist_version_id FOREIGN KEY (checklist_version_id) REFERENCES checklist_version (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_plan_created_by_id FOREIGN KEY (created_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE TABLE surveillance_plan_entry (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        rating_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        factors jsonb NOT NULL,
        points jsonb NOT NULL,
        weight integer NOT NULL,
        random_unit double precision NOT NULL,
        draw_key double precision NOT NULL,
        rank integer NOT NULL,
        drawn boolean NOT NULL,
        CONSTRAINT pk_surveillance_plan_entry PRIMARY KEY (id),
        CONSTRAINT uq_surveillance_plan_entry_plan_id_rating_id UNIQUE (plan_id, rating_id),
        CONSTRAINT uq_surveillance_plan_entry_plan_id_rank UNIQUE (plan_id, rank),
        CONSTRAINT chk_surveillance_plan_entry_weight CHECK (weight >= 1),
        CONSTRAINT chk_surveillance_plan_entry_random_unit CHECK (random_unit > 0 AND random_unit < 1),
        CONSTRAINT chk_surveillance_plan_entry_rank CHECK (rank >= 1),
        CONSTRAINT fk_surveillance_plan_entry_plan_id FOREIGN KEY (plan_id) REFERENCES surveillance_plan (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_plan_entry_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_plan_entry_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_surveillance_plan_entry_firm_id ON surveillance_plan_entry (firm_id)`);
    await db.query(`CREATE INDEX idx_surveillance_plan_entry_rating_id ON surveillance_plan_entry (rating_id)`);

    // The plan's draw is evidence: once made it never changes, so an explanation given today holds tomorrow.
    await db.query(`
      CREATE FUNCTION surveillance_plan_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%: a surveillance plan and its draw never change (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_surveillance_plan_refuse_change BEFORE UPDATE OR DELETE ON surveillance_plan FOR EACH ROW EXECUTE FUNCTION surveillance_plan_refuse_change()`);
    await db.query(`CREATE TRIGGER trg_surveillance_plan_entry_refuse_change BEFORE UPDATE OR DELETE ON surveillance_plan_entry FOR EACH ROW EXECUTE FUNCTION surveillance_plan_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE surveillance_plan_entry`);
    await db.query(`DROP TABLE surveillance_plan`);
    await db.query(`DROP FUNCTION surveillance_plan_refuse_change()`);
  }
}
