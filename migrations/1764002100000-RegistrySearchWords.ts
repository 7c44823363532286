import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Misspelt names: people write "Servisi Klienti" for "Servizi Clienti", "vendite srl" for "Vendite
 * Telefoniche Revocate S.r.l.", words in any order. A name is now also kept as the set of its words,
 * folded the way Italian misspellings collapse, and the registry keeps a vocabulary of those words; a
 * search that nothing contains looks each of its words up in the vocabulary (the same word, a word it
 * begins, a word one edit away, a word sharing enough trigrams) and then finds the names holding those
 * words through a GIN index on the word sets. The vocabulary is small (words, not names), so the
 * resemblance of each typed word is computed on a few hundred rows instead of every name.
 *
 * - `registry_search_words(search_text)`: from `registry_search_text()`'s output, the distinct words,
 *   folded: single letters written apart joined ("s r l" is "srl"), the abbreviations "soc" and "coop"
 *   written out ("societa", "cooperativa"), ph as f, ch and gh as c and g, k and q as c, z and x as s,
 *   y and j as i, w as v, then doubled letters single ("Servizzi" and "Servisi" are both "servisi").
 * - `registry_word_variants(word, deletions)`: the word and every way of deleting up to `deletions`
 *   letters from it (the deletion neighbourhood of SymSpell): two words whose one-deletion variants meet
 *   are at most one letter dropped, added, changed or swapped apart, two-deletion variants two such
 *   edits; trigrams miss these in short words. `registry_word_neighbourhood(word)` is what a word is
 *   compared by: two deletions from five letters on, one from three.
 * - `registry_entry.search_words`, set by a row trigger whenever the stored name changes, with a GIN index.
 * - `registry_word`: every folded word of a listed name (with a trigram index), and
 *   `registry_word_variant`: each word's neighbourhood, one row per variant, looked up by variant.
 *   Statement triggers add the words of new and renamed entries. Words are never removed (a renamed
 *   firm's old words stay): a stale word resembles a query at worst and then matches no name.
 */
export class RegistrySearchWords1764002100000 implements MigrationInterface {
  name = 'RegistrySearchWords1764002100000';

  async up(db: QueryRunner): Promise<void> {
    // PL/pgSQL, like registry_search_text: called with a constant, it runs once while planning.
    await db.query(`
      CREATE FUNCTION registry_search_words(search_text text) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        folded text := ' ' || search_text || ' ';
      BEGIN
        folded := regexp_replace(folded, '\\m([a-z]) (?=[a-z]\\M)', '\\1', 'g');
        folded := regexp_replace(folded, '\\msoc\\M', 'societa', 'g');
        folded := regexp_replace(folded, '\\mcoop\\M', 'cooperativa', 'g');
        folded := replace(folded, 'ph', 'f');
        folded := regexp_replace(folded, '([cg])h', '\\1', 'g');
        folded := translate(folded, 'kqzxyjw', 'ccssiiv');
        folded := regexp_replace(folded, '([a-z])\\1+', '\\1', 'g');
        RETURN ARRAY(SELECT DISTINCT word FROM unnest(string_to_array(btrim(folded), ' ')) AS word WHERE word <> '');
      END
      $$`);
    await db.query(`
      CREATE FUNCTION registry_word_variants(word text, deletions integer) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        variants text[] := ARRAY[word];
        shorter text[];
      BEGIN
        FOR round IN 1..deletions LOOP
          shorter := ARRAY(SELECT DISTINCT left(variant, i - 1) || substr(variant, i + 1)
                           FROM unnest(variants) AS variant, generate_series(1, length(variant)) AS i
                           WHERE length(variant) = length(word) - round + 1);
          variants := variants || shorter;
        END LOOP;
        RETURN variants;
      END
      $$`);
    // Words of five letters or more lose up to two (two edits, or a swap and an edit), shorter ones one, the
    // shortest none: fewer letters left would make unrelated words meet.
    await db.query(`
      CREATE FUNCTION registry_word_neighbourhood(word text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT registry_word_variants(word, CASE WHEN length(word) >= 5 THEN 2 WHEN length(word) >= 3 THEN 1 ELSE 0 END)
      $$`);

    await db.query(`ALTER TABLE registry_entry ADD COLUMN search_words text[]`);
    await db.query(`UPDATE registry_entry SET search_words = registry_search_words(search_name)`);
    await db.query(`ALTER TABLE registry_entry ALTER COLUMN search_words SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION registry_entry_fold_words() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_words := registry_search_words(NEW.search_name);
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER trg_registry_entry_fold_words BEFORE INSERT OR UPDATE OF search_name ON registry_entry
      FOR EACH ROW EXECUTE FUNCTION registry_entry_fold_words()`);
    // Entries are few and rarely added: without a pending list, a search never scans unsorted recent entries.
    await db.query(`CREATE INDEX idx_registry_entry_search_words ON registry_entry USING gin (search_words) WITH (fastupdate = off)`);

    await db.query(`CREATE TABLE registry_word (word text NOT NULL, CONSTRAINT pk_registry_word PRIMARY KEY (word))`);
    await db.query(`CREATE INDEX idx_registry_word_word_trgm ON registry_word USING gin (word gin_trgm_ops)`);
    await db.query(`
      CREATE TABLE registry_word_variant (
        variant text NOT NULL,
        word text NOT NULL,
        CONSTRAINT pk_registry_word_variant PRIMARY KEY (variant, word),
        CONSTRAINT fk_registry_word_variant_word FOREIGN KEY (word) REFERENCES registry_word (word) ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE FUNCTION registry_word_collect() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        WITH added AS (
          INSERT INTO registry_word (word) SELECT DISTINCT unnest(search_words) FROM changed_rows
          ON CONFLICT (word) DO NOTHING RETURNING word)
        INSERT INTO registry_word_variant (variant, word) SELECT DISTINCT unnest(registry_word_neighbourhood(word)), word FROM added;
        RETURN NULL;
      END
      $$`);
    for (const event of ['INSERT', 'UPDATE']) {
      await db.query(`
        CREATE TRIGGER trg_registry_entry_words_${event.toLowerCase()} AFTER ${event} ON registry_entry
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_word_collect()`);
    }
    await db.query(`INSERT INTO registry_word (word) SELECT DISTINCT unnest(search_words) FROM registry_entry`);
    await db.query(`INSERT INTO registry_word_variant (variant, word) SELECT DISTINCT unnest(registry_word_neighbourhood(word)), word FROM registry_word`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update']) await db.query(`DROP TRIGGER trg_registry_entry_words_${event} ON registry_entry`);
    await db.query(`DROP FUNCTION registry_word_collect()`);
    await db.query(`DROP TABLE registry_word_variant`);
    await db.query(`DROP TABLE registry_word`);
    await db.query(`DROP TRIGGER trg_registry_entry_fold_words ON registry_entry`);
    await db.query(`DROP FUNCTION registry_entry_fold_words()`);
    await db.query(`ALTER TABLE registry_entry DROP COLUMN search_words`);
    await db.query(`DROP FUNCTION registry_word_neighbourhood(text)`);
    await db.query(`DROP FUNCTION registry_word_variants(text, integer)`);
    await db.query(`DROP FUNCTION registry_search_words(text)`);
  }
}
