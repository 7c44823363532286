import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, sign-in attempts, and the append-only hash-chained history.
 * The history chain is computed by the database, under a lock, so concurrent writers
 * can neither fork it nor leave gaps; UPDATE, DELETE and TRUNCATE on it are refused.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_account (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_user_account PRIMARY KEY (id),
        CONSTRAINT uq_user_account_email UNIQUE (email),
        CONSTRAINT chk_user_account_role CHECK (role IN ('admin', 'auditor', 'reviewer', 'firm')),
        CONSTRAINT chk_user_account_email_lowercase CHECK (email = lower(email))
      )`);

    await db.query(`
      CREATE TABLE session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token_hash text NOT NULL,
        kind text NOT NULL,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT pk_session PRIMARY KEY (id),
        CONSTRAINT uq_session_token_hash UNIQUE (token_hash),
        CONSTRAINT chk_session_kind CHECK (kind IN ('cookie', 'bearer')),
        CONSTRAINT fk_session_user_id FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_session_user_id ON session (user_id)`);

    await db.query(`
      CREATE TABLE login_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        email text NOT NULL,
        ip text NOT NULL,
        succeeded boolean NOT NULL,
        attempted_at timestamptz NOT NULL,
        CONSTRAINT pk_login_attempt PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX idx_login_attempt_email_attempted_at ON login_attempt (email, attempted_at)`);
    await db.query(`CREATE INDEX idx_login_attempt_ip_attempted_at ON login_attempt (ip, attempted_at)`);

    await db.query(`
      CREATE TABLE history (
        seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_label text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_history PRIMARY KEY (seq)
      )`);
    await db.query(`CREATE INDEX idx_history_entity ON history (entity_type, entity_id, seq)`);

    // The digest of one event: its predecessor's hash and every recorded field, in a fixed textual form.
    await db.query(`
      CREATE FUNCTION history_event_hash(prev_hash text, event history) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws(E'\\x1f',
          prev_hash,
          event.seq::text,
          to_char(event.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(event.actor_id::text, ''),
          event.actor_label,
          event.action,
          event.entity_type,
          event.entity_id,
          coalesce(event.before::text, 'null'),
          coalesce(event.after::text, 'null'),
          coalesce(event.request_id, '')
        ), 'UTF8')), 'hex')
      $$`);

    // One writer at a time appends (the advisory lock is held until commit), so the chain never forks.
    await db.query(`
      CREATE FUNCTION history_append() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_event history%ROWTYPE;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('history_chain'));
        SELECT * INTO last_event FROM history ORDER BY seq DESC LIMIT 1;
        NEW.seq := coalesce(last_event.seq, 0) + 1;
        NEW.occurred_at := coalesce(NEW.occurred_at, now());
        NEW.prev_hash := coalesce(last_event.hash, repeat('0', 64));
        NEW.hash := history_event_hash(NEW.prev_hash, NEW);
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_history_append BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION history_append()`);

    await db.query(`
      CREATE FUNCTION history_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_history_no_update_delete BEFORE UPDATE OR DELETE ON history FOR EACH ROW EXECUTE FUNCTION history_refuse_change()`);
    await db.query(`CREATE TRIGGER trg_history_no_truncate BEFORE TRUNCATE ON history FOR EACH STATEMENT EXECUTE FUNCTION history_refuse_change()`);

    // Walks the chain in order and names the first event whose sequence, link or digest does not hold.
    await db.query(`
      CREATE FUNCTION history_verify_chain(OUT checked_events bigint, OUT first_broken_seq bigint, OUT problem text)
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        event history%ROWTYPE;
        expected_seq bigint := 1;
        expected_prev text := repeat('0', 64);
      BEGIN
        checked_events := 0;
        FOR event IN SELECT * FROM history ORDER BY seq LOOP
          IF event.seq <> expected_seq THEN
            first_broken_seq := expected_seq;
            problem := format('event %s is missing (the next event is %s)', expected_seq, event.seq);
            RETURN;
          END IF;
          IF event.prev_hash <> expected_prev THEN
            first_broken_seq := event.seq;
            problem := format('event %s does not link to the hash of event %s', event.seq, event.seq - 1);
            RETURN;
          END IF;
          IF event.hash <> history_event_hash(event.prev_hash, event) THEN
            first_broken_seq := event.seq;
            problem := format('event %s was altered: its content does not match its hash', event.seq);
            RETURN;
          END IF;
          checked_events := checked_events + 1;
          expected_seq := event.seq + 1;
          expected_prev := event.hash;
        END LOOP;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION history_verify_chain()`);
    await db.query(`DROP TABLE history`);
    await db.query(`DROP FUNCTION history_refuse_change()`);
    await db.query(`DROP FUNCTION history_append()`);
    await db.query(`DROP TABLE login_attempt`);
    await db.query(`DROP TABLE session`);
    await db.query(`DROP TABLE user_account`);
  }
}
