/**
 * A registry of realistic shape, generated inside the database with generate_series (the same SQL on
 * the PostgreSQL server and on PGlite): firms with Italian-looking names and valid VAT numbers, one
 * rating each (mostly active; some suspended, revoked, expired), its public events, and ten calling
 * numbers per firm. The registry's own triggers run, so `registry_entry` fills as in production.
 */

export const PREFIXES = [
  'Contact', 'Call', 'Tele', 'Voce', 'Linea', 'Ascolto', 'Dialogo', 'Rete', 'Sistemi', 'Globale', 'Italia', 'Centro', 'Nord', 'Sud',
  'Azzurra', 'Blu', 'Verde', 'Sole', 'Luna', 'Stella', 'Qualità', 'Società', 'Città', 'Futura', 'Prima', 'Nuova', 'Alfa', 'Delta',
  'Omega', 'Orizzonte', 'Ponte', 'Faro', 'Porto', 'Valle', 'Monte', 'Mare', 'Cielo', 'Terra', 'Fiume', 'Lago',
];
export const MIDDLES = [
  'Servizi', 'Comunicazioni', 'Marketing', 'Vendite', 'Assistenza', 'Clienti', 'Energia', 'Telefonia', 'Consulting', 'Solutions',
  'Partners', 'Group', 'Lab', 'Point', 'Service', 'Digital', 'Smart', 'Net', 'Plus', 'Pro', 'Contatti', 'Relazioni', 'Informazioni',
  'Prenotazioni', 'Sondaggi', 'Ricerche', 'Outsourcing', 'Supporto', 'Help', 'Desk', 'Agenzia', 'Studio', 'Ufficio', 'Officina',
  'Bottega', 'Impresa', 'Lavoro', 'Progetti', 'Idee', 'Dati',
];
export const SURNAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti',
  'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi',
  'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola',
  'De Santis', "D'Angelo", 'Marchetti', 'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco', 'Marini', 'Grasso',
  'Valentini', 'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo', 'Sanna', 'Farina', 'Rizzi', 'Monti',
];
const FORMS = ['S.r.l.', 'S.p.A.', 'S.n.c.', 'S.a.s.', 'Soc. Coop.'];
/** The seats the dataset draws from, as people would type them. */
export const CITIES = ['Roma', 'Milano', 'Napoli', 'Torino', 'Palermo', 'Genova', 'Bologna', 'Firenze', 'Bari', 'Catania', 'Venezia', 'Verona', 'Messina', 'Padova', 'Trieste', 'Brescia', 'Forli', 'Cantu', 'Reggio Calabria', 'Cagliari'];
const SEATS: readonly (readonly [string, string])[] = [
  ['Roma', 'RM'], ['Milano', 'MI'], ['Napoli', 'NA'], ['Torino', 'TO'], ['Palermo', 'PA'], ['Genova', 'GE'], ['Bologna', 'BO'],
  ['Firenze', 'FI'], ['Bari', 'BA'], ['Catania', 'CT'], ['Venezia', 'VE'], ['Verona', 'VR'], ['Messina', 'ME'], ['Padova', 'PD'],
  ['Trieste', 'TS'], ['Brescia', 'BS'], ['Forlì', 'FC'], ['Cantù', 'CO'], ['Reggio Calabria', 'RC'], ['Cagliari', 'CA'],
];

export type Execute = (sql: string) => Promise<unknown>;

/** Names differ in their first three words this many times; firms past it repeat them with a number. */
const DISTINCT_NAMES = PREFIXES.length * MIDDLES.length * SURNAMES.length;

const literalArray = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}]`;

/**
 * The name of firm `i`, as the dataset writes it (the benchmark builds its search terms from these).
 * Its seat is drawn by a multiplicative hash of `i`, so that the city does not follow the name.
 */
export function firmName(i: number): string {
  const prefix = PREFIXES[i % PREFIXES.length];
  const middle = MIDDLES[Math.floor(i / PREFIXES.length) % MIDDLES.length];
  const surname = SURNAMES[Math.floor(i / (PREFIXES.length * MIDDLES.length)) % SURNAMES.length];
  const copy = Math.floor(i / DISTINCT_NAMES);
  return `${prefix} ${middle} ${surname}${copy > 0 ? ` ${copy + 1}` : ''} ${FORMS[i % FORMS.length]}`;
}

/**
 * The name firm `i` bears (as an index for `firmName`) when names are spread by `stride`: with 1 firm i
 * is named `firmName(i)`, so the first few thousand firms share a couple of surnames; a stride prime to
 * the number of names gives a small dataset names from all over the lists, all different.
 */
export const nameIndexOf = (i: number, stride: number): number => (stride === 1 ? i : 1 + ((i * stride) % DISTINCT_NAMES));

export const certificateNumberOf = (i: number): string => `AQ-2026-${String(i).padStart(6, '0')}`;
/** Firm i declares numbers +39347 followed by seven digits from (i - 1) * perFirm. */
export const callingNumberOf = (n: number): string => `+39347${String(n).padStart(7, '0')}`;

/**
 * Loads `firms` firms with `numbersPerFirm` numbers each into a freshly migrated database; firm i is
 * named `firmName(nameIndexOf(i, nameStride))`.
 */
export async function loadRegistryDataset(execute: Execute, firms: number, numbersPerFirm: number, nameStride = 1): Promise<void> {
  const name = `(${literalArray(PREFIXES)})[1 + n % ${PREFIXES.length}] || ' ' || (${literalArray(MIDDLES)})[1 + (n / ${PREFIXES.length}) % ${MIDDLES.length}]
    || ' ' || (${literalArray(SURNAMES)})[1 + (n / ${PREFIXES.length * MIDDLES.length}) % ${SURNAMES.length}]
    || CASE WHEN n / ${DISTINCT_NAMES} > 0 THEN ' ' || (n / ${DISTINCT_NAMES} + 1) ELSE '' END
    || ' ' || (${literalArray(FORMS)})[1 + n % ${FORMS.length}]`;
  const nameIndex = nameStride === 1 ? 'i' : `(1 + (i::bigint * ${nameStride}) % ${DISTINCT_NAMES})::int`;
  await execute(`
    CREATE FUNCTION pg_temp.vat_number(i integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT body || ((10 - (
        (substr(body, 1, 1)::int + substr(body, 3, 1)::int + substr(body, 5, 1)::int + substr(body, 7, 1)::int + substr(body, 9, 1)::int)
        + (SELECT sum(CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END) FROM unnest(ARRAY[substr(body, 2, 1)::int, substr(body, 4, 1)::int,
             substr(body, 6, 1)::int, substr(body, 8, 1)::int, substr(body, 10, 1)::int]) AS d)
      ) % 10) % 10)::text
      FROM (SELECT '1' || lpad(i::text, 9, '0') AS body) AS v
    $$`);
  await execute(`INSERT INTO user_account (id, email, display_name, password_hash, role)
    VALUES ('00000000-0000-4000-8000-0000000000bb', 'deliberante@bench.example.it', 'Deliberante', 'not-a-hash', 'reviewer')`);
  await execute(`
    INSERT INTO firm (id, legal_name, vat_number, roc_number, office_address, office_city, office_province, pec_address, service_kind, website)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${name}, pg_temp.vat_number(i), 'ROC' || i, 'Via Roma ' || (i % 200 + 1),
      (${literalArray(SEATS.map(([city]) => city))})[1 + seat], (${literalArray(SEATS.map(([, province]) => province))})[1 + seat],
      'azienda' || i || '@pec.example.it', 'both', 'https://www.azienda' || i || '.example.it'
    FROM generate_series(1, ${firms}) AS i, LATERAL (SELECT ((i::bigint * 2654435761) % 4294967296 % ${SEATS.length})::int AS seat, ${nameIndex} AS n) AS hashed`);
  await execute(`
    INSERT INTO application (id, firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
      (SELECT id FROM checklist_version WHERE is_current), 'decided', 'approved', now() - interval '400 days', now() - interval '390 days', now() - interval '380 days'
    FROM generate_series(1, ${firms}) AS i`);
  // 94% active, 2% each suspended, revoked, expired; issue dates spread over the past year.
  await execute(`
    INSERT INTO rating (id, firm_id, application_id, decided_by_id, certificate_number, certificate_year, certificate_sequence, checklist_version,
      status, issued_at, valid_from, valid_until, suspended_at, suspension_deadline, suspension_reason, ended_at, revocation_reason, public_note, certificate_sha256)
    SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
      ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, '00000000-0000-4000-8000-0000000000bb',
      'AQ-2026-' || lpad(i::text, 6, '0'), 2026, i, '1',
      CASE i % 50 WHEN 1 THEN 'suspended' WHEN 2 THEN 'revoked' WHEN 3 THEN 'expired' ELSE 'active' END,
      issued, issued, CASE WHEN i % 50 = 3 THEN issued + interval '1 day' ELSE issued + interval '1 year' END,
      CASE WHEN i % 50 = 1 THEN now() - interval '1 day' END, CASE WHEN i % 50 = 1 THEN now() + interval '89 days' END,
      CASE WHEN i % 50 = 1 THEN 'irregularities' END,
      CASE WHEN i % 50 = 2 THEN now() - interval '2 days' WHEN i % 50 = 3 THEN issued + interval '1 day' END,
      CASE WHEN i % 50 = 2 THEN 'irregularities' END,
      CASE WHEN i % 50 IN (1, 2) THEN 'Verifiche su segnalazioni documentate' END, NULL
    FROM (SELECT i, now() - ((i % 360) + 5) * interval '1 day' - CASE WHEN i % 50 = 3 THEN interval '2 days' ELSE interval '0' END AS issued
          FROM generate_series(1, ${firms}) AS i) AS issue`);
  await execute(`
    INSERT INTO rating_event (rating_id, firm_id, kind, occurred_at, reason, public_note)
    SELECT r.id, r.firm_id, 'issued', r.issued_at, NULL, NULL FROM rating r
    UNION ALL
    SELECT r.id, r.firm_id, CASE r.status WHEN 'suspended' THEN 'suspended' ELSE 'revoked' END, coalesce(r.suspended_at, r.ended_at), r.revocation_reason, r.public_note
    FROM rating r WHERE r.status IN ('suspended', 'revoked')
    UNION ALL
    SELECT r.id, r.firm_id, 'expired', r.ended_at, NULL, NULL FROM rating r WHERE r.status = 'expired'`);
  await execute(`INSERT INTO certificate_counter (year, last_sequence) VALUES (2026, ${firms})`);
  await execute(`
    INSERT INTO calling_number (firm_id, e164, declared_at)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n / ${numbersPerFirm} + 1), 12, '0'))::uuid, '+39347' || lpad(n::text, 7, '0'), now() - interval '400 days'
    FROM generate_series(0, ${firms * numbersPerFirm - 1}) AS n`);
  await execute(`ANALYZE`);
}
