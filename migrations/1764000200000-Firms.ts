import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Firms, their users, operating sites and declared calling numbers. An active calling number
 * belongs to one firm only (a unique partial index); retired numbers stay, with their dates.
 */
export class Firms1764000200000 implements MigrationInterface {
  name = 'Firms1764000200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE firm (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        legal_name text NOT NULL,
        vat_number text NOT NULL,
        tax_code text,
        roc_number text NOT NULL,
        office_address text NOT NULL,
        office_city text NOT NULL,
        office_province text NOT NULL,
        pec_address text NOT NULL,
        website text,
        service_kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_firm PRIMARY KEY (id),
        CONSTRAINT uq_firm_vat_number UNIQUE (vat_number),
        CONSTRAINT chk_firm_vat_number CHECK (vat_number ~ '^[0-9]{11}$'),
        CONSTRAINT chk_firm_office_province CHECK (office_province ~ '^[A-Z]{2}$'),
        CONSTRAINT chk_firm_service_kind CHECK (service_kind IN ('inbound', 'outbound', 'both'))
      )`);

    await db.query(`
      CREATE TABLE firm_member (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        is_owner boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_firm_member PRIMARY KEY (id),
        CONSTRAINT uq_firm_member_user_id UNIQUE (user_id),
        CONSTRAINT fk_firm_member_user_id FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_firm_member_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_firm_member_firm_id ON firm_member (firm_id)`);

    await db.query(`
      CREATE TABLE operating_site (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        name text NOT NULL,
        address text NOT NULL,
        city text NOT NULL,
        country text NOT NULL,
        declared_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT pk_operating_site PRIMARY KEY (id),
        CONSTRAINT chk_operating_site_country CHECK (country ~ '^[A-Z]{2}$'),
        CONSTRAINT chk_operating_site_closed_after_declared CHECK (closed_at IS NULL OR closed_at >= declared_at),
        CONSTRAINT fk_operating_site_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_operating_site_firm_id ON operating_site (firm_id)`);

    await db.query(`
      CREATE TABLE calling_number (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        e164 text NOT NULL,
        declared_at timestamptz NOT NULL,
        retired_at timestamptz,
        CONSTRAINT pk_calling_number PRIMARY KEY (id),
        CONSTRAINT chk_calling_number_e164 CHECK (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT chk_calling_number_retired_after_declared CHECK (retired_at IS NULL OR retired_at >= declared_at),
        CONSTRAINT fk_calling_number_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_calling_number_e164_active ON calling_number (e164) WHERE retired_at IS NULL`);
    await db.query(`CREATE INDEX idx_calling_number_firm_id_e164 ON calling_number (firm_id, e164)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calling_number`);
    await db.query(`DROP TABLE operating_site`);
    await db.query(`DROP TABLE firm_member`);
    await db.query(`DROP TABLE firm`);
  }
}
