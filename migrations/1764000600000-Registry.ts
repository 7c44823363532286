import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public registry's search projection and its change notifications.
 * - `registry_search_text(text)`: lower case, accents removed, every run of other characters one
 *   space. `unaccent()` is only STABLE (it finds its dictionary by name at run time); naming the
 *   dictionary makes this wrapper IMMUTABLE, so its results can be stored and indexed.
 * - `registry_entry`: one row per firm that ever held a rating (the registry lists exactly these),
 *   with its latest rating and its name and city already normalised, so a search compares stored
 *   text instead of recomputing unaccent per row. Triggers keep it in step, in the same transaction
 *   as the change: a new rating adds or advances the entry, a firm's new name or seat updates it.
 * - an index on the next instant a current rating changes by itself (expiry, lapsing suspension);
 *   an expression index, invisible to TypeORM's schema diff, so the ratings entity stays as it is.
 * - triggers that NOTIFY `registry_changed` with the firm id on every change to what the registry
 *   publishes; PostgreSQL delivers them at commit, once per distinct firm per transaction.
 */
export class Registry1764000600000 implements MigrationInterface {
  name = 'Registry1764000600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // PL/pgSQL, not SQL: a SQL body would be inlined, and its unaccent() (only STABLE) would then run once
    // per row; an IMMUTABLE PL/pgSQL call with a constant is evaluated once, while planning, with its
    // own plan cached for the session.
    await db.query(`
      CREATE FUNCTION registry_search_text(value text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        RETURN btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '[^[:alnum:]]+', ' ', 'g'));
      END
      $$`);

    await db.query(`
      CREATE TABLE registry_entry (
        firm_id uuid NOT NULL,
        rating_id uuid NOT NULL,
        search_name text NOT NULL,
        search_city text NOT NULL,
        province text NOT NULL,
        CONSTRAINT pk_registry_entry PRIMARY KEY (firm_id),
        CONSTRAINT uq_registry_entry_rating_id UNIQUE (rating_id),
        CONSTRAINT fk_registry_entry_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_registry_entry_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_registry_entry_search_name ON registry_entry (search_name)`);
    // Entries are few and rarely added: without a pending list, a search never scans unsorted recent entries.
    await db.query(`CREATE INDEX idx_registry_entry_search_name_trgm ON registry_entry USING gin (search_name gin_trgm_ops) WITH (fastupdate = off)`);
    await db.query(`CREATE INDEX idx_registry_entry_search_city ON registry_entry (search_city)`);
    await db.query(`CREATE INDEX idx_registry_entry_province_search_name ON registry_entry (province, search_name)`);
    await db.query(`
      INSERT INTO registry_entry (firm_id, rating_id, search_name, search_city, province)
      SELECT DISTINCT ON (r.firm_id) r.firm_id, r.id, registry_search_text(f.legal_name), registry_search_text(f.office_city), f.office_province
      FROM rating r JOIN firm f ON f.id = r.firm_id
      ORDER BY r.firm_id, r.issued_at DESC`);

    await db.query(`
      CREATE FUNCTION registry_entry_follow_rating() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO registry_entry (firm_id, rating_id, search_name, search_city, province)
        SELECT f.id, NEW.id, registry_search_text(f.legal_name), registry_search_text(f.office_city), f.office_province
        FROM firm f WHERE f.id = NEW.firm_id
        ON CONFLICT (firm_id) DO UPDATE SET rating_id = EXCLUDED.rating_id
        WHERE (SELECT latest.issued_at FROM rating latest WHERE latest.id = registry_entry.rating_id) <= NEW.issued_at;
        RETURN NULL;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_rating_registry_entry AFTER INSERT ON rating FOR EACH ROW EXECUTE FUNCTION registry_entry_follow_rating()`);
    await db.query(`
      CREATE FUNCTION registry_entry_follow_firm() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE registry_entry
        SET search_name = registry_search_text(NEW.legal_name), search_city = registry_search_text(NEW.office_city), province = NEW.office_province
        WHERE firm_id = NEW.id;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER trg_firm_registry_entry AFTER UPDATE OF legal_name, office_city, office_province ON firm
      FOR EACH ROW EXECUTE FUNCTION registry_entry_follow_firm()`);

    await db.query(`CREATE INDEX idx_rating_next_change ON rating (least(valid_until, suspension_deadline)) WHERE status IN ('active', 'suspended')`);

    await db.query(`
      CREATE FUNCTION registry_notify_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        firm_column text := TG_ARGV[0];
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('registry_changed', to_jsonb(OLD) ->> firm_column);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM pg_notify('registry_changed', to_jsonb(NEW) ->> firm_column);
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [table, firmColumn] of [['firm', 'id'], ['rating', 'firm_id'], ['rating_event', 'firm_id'], ['calling_number', 'firm_id']]) {
      await db.query(`
        CREATE TRIGGER trg_${table}_registry_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION registry_notify_change('${firmColumn}')`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['calling_number', 'rating_event', 'rating', 'firm']) await db.query(`DROP TRIGGER trg_${table}_registry_changed ON ${table}`);
    await db.query(`DROP FUNCTION registry_notify_change()`);
    await db.query(`DROP INDEX idx_rating_next_change`);
    await db.query(`DROP TRIGGER trg_firm_registry_entry ON firm`);
    await db.query(`DROP FUNCTION registry_entry_follow_firm()`);
    await db.query(`DROP TRIGGER trg_rating_registry_entry ON rating`);
    await db.query(`DROP FUNCTION registry_entry_follow_rating()`);
    await db.query(`DROP TABLE registry_entry`);
    await db.query(`DROP FUNCTION registry_search_text(text)`);
    // pg_trgm and unaccent stay installed: extensions are shared by the whole database.
  }
}
