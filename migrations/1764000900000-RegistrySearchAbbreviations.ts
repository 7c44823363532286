import { MigrationInterface, QueryRunner } from 'typeorm';

const SEARCH_TEXT = (body: string) => `
  CREATE OR REPLACE FUNCTION registry_search_text(value text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
  BEGIN
    RETURN ${body};
  END
  $$`;

const WITH_ABBREVIATIONS = `btrim(regexp_replace(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '([[:alnum:]])[.](?=[[:alnum:]])', '\\1', 'g'), '[^[:alnum:]]+', ' ', 'g'))`;
const WORDS_ONLY = `btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '[^[:alnum:]]+', ' ', 'g'))`;

const RECOMPUTE = `
  UPDATE registry_entry e SET search_name = registry_search_text(f.legal_name), search_city = registry_search_text(f.office_city)
  FROM firm f WHERE f.id = e.firm_id`;

/**
 * People search "srl" and "spa" for names registered as "S.r.l." and "S.p.A.": dots between letters
 * now join them (so "S.r.l." is stored, and searched, as "srl"), while a dot before a space still
 * separates words ("S. Giovanni"). Stored names and cities are recomputed.
 */
export class RegistrySearchAbbreviations1764000900000 implements MigrationInterface {
  name = 'RegistrySearchAbbreviations1764000900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(SEARCH_TEXT(WITH_ABBREVIATIONS));
    await db.query(RECOMPUTE);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(SEARCH_TEXT(WORDS_ONLY));
    await db.query(RECOMPUTE);
  }
}
