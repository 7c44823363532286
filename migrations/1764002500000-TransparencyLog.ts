import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public transparency log (README "Transparency log"). The database, not the application, keeps
 * it a log: a trigger gives each leaf the next gapless index under a lock held until commit, hashes it
 * (RFC 6962: SHA-256 of 0x00 || entry) and stores every complete subtree's hash (SHA-256 of 0x01 ||
 * left || right) as the leaf completes it, so proofs and tiles are lookups. Nothing may update,
 * delete or truncate a leaf, a node or a checkpoint, and nodes come only from that trigger.
 */
export class TransparencyLog1764002500000 implements MigrationInterface {
  name = 'TransparencyLog1764002500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE transparency_leaf (
        leaf_index bigint NOT NULL,
        entry bytea NOT NULL,
        kind text NOT NULL,
        certificate_number text NOT NULL,
        history_seq bigint NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_transparency_leaf PRIMARY KEY (leaf_index),
        CONSTRAINT uq_transparency_leaf_history_seq UNIQUE (history_seq),
        CONSTRAINT fk_transparency_leaf_history_seq FOREIGN KEY (history_seq) REFERENCES history (seq) ON DELETE RESTRICT,
        CONSTRAINT chk_transparency_leaf_entry_size CHECK (octet_length(entry) BETWEEN 1 AND 65535)
      )`);
    await db.query(`CREATE INDEX idx_transparency_leaf_certificate_number ON transparency_leaf (certificate_number, leaf_index)`);
    await db.query(`
      CREATE TABLE transparency_node (
        level smallint NOT NULL,
        node_index bigint NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_transparency_node PRIMARY KEY (level, node_index),
        CONSTRAINT chk_transparency_node_hash CHECK (octet_length(hash) = 32)
      )`);
    await db.query(`
      CREATE TABLE transparency_checkpoint (
        tree_size bigint NOT NULL,
        root_hash bytea NOT NULL,
        note text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_transparency_checkpoint PRIMARY KEY (tree_size),
        CONSTRAINT chk_transparency_checkpoint_root_hash CHECK (octet_length(root_hash) = 32)
      )`);
    await db.query(`
      CREATE TABLE transparency_cosignature (
        tree_size bigint NOT NULL,
        cosigner text NOT NULL,
        signature_line text NOT NULL,
        cosigned_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_transparency_cosignature PRIMARY KEY (tree_size, cosigner),
        CONSTRAINT fk_transparency_cosignature_tree_size FOREIGN KEY (tree_size) REFERENCES transparency_checkpoint (tree_size) ON DELETE RESTRICT
      )`);

    // The next index under a lock held until commit: concurrent appends queue, and a rollback frees its index.
    await db.query(`
      CREATE FUNCTION transparency_leaf_assign_index() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('transparency_log'));
        SELECT coalesce(max(leaf_index) + 1, 0) INTO NEW.leaf_index FROM transparency_leaf;
        NEW.logged_at := now();
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_transparency_leaf_assign_index BEFORE INSERT ON transparency_leaf FOR EACH ROW EXECUTE FUNCTION transparency_leaf_assign_index()`);

    await db.query(`
      CREATE FUNCTION transparency_leaf_hash_nodes() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        node_hash bytea := sha256('\\x00'::bytea || NEW.entry);
        node_level smallint := 0;
        node_position bigint := NEW.leaf_index;
        left_hash bytea;
      BEGIN
        INSERT INTO transparency_node (level, node_index, hash) VALUES (0, node_position, node_hash);
        -- A right child completes its parent: hash upwards while this node is a right child.
        WHILE node_position % 2 = 1 LOOP
          SELECT hash INTO STRICT left_hash FROM transparency_node WHERE level = node_level AND node_index = node_position - 1;
          node_hash := sha256('\\x01'::bytea || left_hash || node_hash);
          node_level := node_level + 1;
          node_position := node_position / 2;
          INSERT INTO transparency_node (level, node_index, hash) VALUES (node_level, node_position, node_hash);
        END LOOP;
        RETURN NULL;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_transparency_leaf_hash_nodes AFTER INSERT ON transparency_leaf FOR EACH ROW EXECUTE FUNCTION transparency_leaf_hash_nodes()`);

    await db.query(`
      CREATE FUNCTION transparency_node_only_from_leaves() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'transparency_node is written only by appending a leaf' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_transparency_node_only_from_leaves BEFORE INSERT ON transparency_node FOR EACH ROW EXECUTE FUNCTION transparency_node_only_from_leaves()`);

    await db.query(`
      CREATE FUNCTION transparency_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    for (const table of ['transparency_leaf', 'transparency_node', 'transparency_checkpoint', 'transparency_cosignature']) {
      await db.query(`CREATE TRIGGER trg_${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change()`);
      await db.query(`CREATE TRIGGER trg_${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE transparency_cosignature`);
    await db.query(`DROP TABLE transparency_checkpoint`);
    await db.query(`DROP TABLE transparency_node`);
    await db.query(`DROP TABLE transparency_leaf`);
    await db.query(`DROP FUNCTION transparency_refuse_change()`);
    await db.query(`DROP FUNCTION transparency_node_only_from_leaves()`);
    await db.query(`DROP FUNCTION transparency_leaf_hash_nodes()`);
    await db.query(`DROP FUNCTION transparency_leaf_assign_index()`);
  }
}
