import { AppConfig } from '@app/config';
import { Clock, DomainError, NotFoundError, UnprocessableError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { InvalidVatNumberError, normalizeVatNumber, vatNumberProblem } from '@app/firms';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mailDateTime } from './mail-format';
import { MailLanguage } from './mail-kinds';
import { MailOutbox } from './mail-outbox';

/** A confirmation link works for 48 hours, once. */
export const WATCH_CONFIRM_TTL_MS = 48 * 60 * 60_000;
/** The most VAT numbers one account follows: a list is read in full on every public change. */
export const WATCH_LIST_MAX = 5_000;
/** The lines of a refused CSV named in the answer; the count says how many in all. */
export const WATCH_LIST_ERRORS_SHOWN = 50;

/** The page of a confirmation link; the token follows in `?token=`. */
export const WATCH_CONFIRM_PATH = '/segui/conferma';
/** The page of an unsubscribe link (asks first); the token follows in the path. */
export const WATCH_UNSUBSCRIBE_PATH = '/segui/disiscrizione';
/** The target of a mail client's RFC 8058 one-click POST. */
export const WATCH_ONE_CLICK_PATH = '/api/v1/watch/unsubscribe';

export class InvalidWatchTokenError extends UnprocessableError {
  constructor() {
    super('invalid_watch_token', 'This confirmation link was already used, has expired (48 hours) or does not exist: subscribe again from the firm\'s registry page');
  }
}

export class WatchListTooLongError extends UnprocessableError {
  constructor(size: number) {
    super('watch_list_too_long', `A watch list holds at most ${WATCH_LIST_MAX} VAT numbers; this one would hold ${size}`, { max: WATCH_LIST_MAX, size });
  }
}

export interface WatchListLineError {
  readonly line: number;
  readonly value: string;
  readonly reason: string;
}

/** Nothing of the file was saved; `errors` names the first lines at fault. */
export class WatchListImportRefusedError extends DomainError {
  constructor(errorCount: number, errors: readonly WatchListLineError[]) {
    super(
      'bad_request',
      'watch_list_refused',
      `${errorCount} ${errorCount === 1 ? 'line' : 'lines'} of the file ${errorCount === 1 ? 'is' : 'are'} not a valid VAT number, so nothing was saved; fix ${errorCount === 1 ? 'it' : 'them'} and upload the file again`,
      { errorCount, errors, errorsShown: errors.length },
    );
  }
}

export const sha256Hex = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('hex');

/** Why a line of a list is no VAT number: one of `WATCH_LIST_LINE_REASONS`, short and stable for pages to translate. */
export const WATCH_LIST_LINE_REASONS = ['not digits only', 'not 11 digits', 'all zeros', 'check digit fails'] as const;

function csvLineReason(vatNumber: string): (typeof WATCH_LIST_LINE_REASONS)[number] {
  if (!/^[0-9]+$/.test(vatNumber)) return 'not digits only';
  if (vatNumber.length !== 11) return 'not 11 digits';
  if (/^0+$/.test(vatNumber)) return 'all zeros';
  return 'check digit fails';
}

/** A VAT number as the registry keeps it, or InvalidVatNumberError with what is wrong. */
export function canonicalWatchedVat(input: string): string {
  const vatNumber = normalizeVatNumber(input);
  const problem = vatNumberProblem(vatNumber);
  if (problem !== null) throw new InvalidVatNumberError(problem);
  return vatNumber;
}

/**
 * Watch lists. The public follow a firm of the registry with an e-mail address, by double opt-in:
 * `subscribe` answers nothing about the address (the caller says the same whatever happens), stores
 * only the hash of a token valid 48 hours and writes its confirmation message in the same
 * transaction. Unsubscribing deletes the address, with the messages kept for it. Signed-in users
 * keep a list of VAT numbers instead, replaced whole from a CSV or changed one at a time.
 */
@Injectable()
export class WatchList {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Asks `email` to confirm that it follows the firm. A pending subscription gets a new token (the
   * old link stops working) and a new message; a confirmed one gets nothing, so a stranger cannot
   * send it mail; and the caller learns neither. NotFoundError when no firm has the VAT number.
   */
  @Transactional()
  async subscribe(vatNumberInput: string, emailInput: string, language: MailLanguage): Promise<void> {
    const vatNumber = canonicalWatchedVat(vatNumberInput);
    const [firm] = await this.txHost.tx.query<{ id: string; legal_name: string }[]>(`SELECT id, legal_name FROM firm WHERE vat_number = $1`, [vatNumber]);
    if (!firm) throw new NotFoundError('Firm');
    const email = emailInput.trim().toLowerCase();
    const now = this.clock.now();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + WATCH_CONFIRM_TTL_MS);
    // One statement, so concurrent requests for the same address meet on the unique key, not in a race.
    const [row] = await this.txHost.tx.query<{ id: string; confirmed: boolean }[]>(
      `INSERT INTO firm_watch (firm_id, email, language, confirm_token_hash, confirm_expires_at, unsubscribe_token, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (firm_id, email) DO UPDATE SET
         confirm_token_hash = CASE WHEN firm_watch.confirmed_at IS NULL THEN EXCLUDED.confirm_token_hash END,
         confirm_expires_at = CASE WHEN firm_watch.confirmed_at IS NULL THEN EXCLUDED.confirm_expires_at END,
         language = CASE WHEN firm_watch.confirmed_at IS NULL THEN EXCLUDED.language ELSE firm_watch.language END
       RETURNING id, confirmed_at IS NOT NULL AS confirmed`,
      [firm.id, email, language, sha256Hex(token), expiresAt, newToken(), now],
    );
    if (row.confirmed) return;
    await this.outbox.write([
      {
        idempotencyKey: `watch_confirm:${row.id}:${sha256Hex(token)}`,
        kind: 'watch_confirm',
        to: email,
        userId: null,
        language,
        model: {
          email,
          firmName: firm.legal_name,
          vatNumber,
          expiresAt: mailDateTime(expiresAt, language),
          confirmUrl: `${this.config.publicBaseUrl}${WATCH_CONFIRM_PATH}?token=${token}`,
        },
      },
    ]);
  }

  /** The firm a usable confirmation token is for (for the page that asks to confirm), or null. */
  async pendingFirm(token: string): Promise<{ legalName: string; vatNumber: string } | null> {
    const [row] = await this.txHost.tx.query<{ legal_name: string; vat_number: string }[]>(
      `SELECT f.legal_name, f.vat_number FROM firm_watch w JOIN firm f ON f.id = w.firm_id
       WHERE w.confirm_token_hash = $1 AND w.confirmed_at IS NULL AND w.confirm_expires_at > $2`,
      [sha256Hex(token), this.clock.now()],
    );
    return row ? { legalName: row.legal_name, vatNumber: row.vat_number } : null;
  }

  /** Confirms with the token of the link: spent at once. InvalidWatchTokenError when used, expired or unknown. */
  @Transactional()
  async confirm(token: string): Promise<{ legalName: string; vatNumber: string }> {
    const now = this.clock.now();
    const [row] = await this.txHost.tx.query<{ legal_name: string; vat_number: string }[]>(
      `WITH confirmed AS (
         UPDATE firm_watch SET confirmed_at = $2, confirm_token_hash = NULL, confirm_expires_at = NULL
         WHERE confirm_token_hash = $1 AND confirmed_at IS NULL AND confirm_expires_at > $2
         RETURNING firm_id)
       SELECT f.legal_name, f.vat_number FROM confirmed c JOIN firm f ON f.id = c.firm_id`,
      [sha256Hex(token), now],
    );
    if (!row) throw new InvalidWatchTokenError();
    return { legalName: row.legal_name, vatNumber: row.vat_number };
  }

  /** The firm an unsubscribe token follows (for the page that asks first), or null. */
  async watchedFirm(unsubscribeToken: string): Promise<{ legalName: string; vatNumber: string } | null> {
    const [row] = await this.txHost.tx.query<{ legal_name: string; vat_number: string }[]>(
      `SELECT f.legal_name, f.vat_number FROM firm_watch w JOIN firm f ON f.id = w.firm_id WHERE w.unsubscribe_token = $1`,
      [unsubscribeToken],
    );
    return row ? { legalName: row.legal_name, vatNumber: row.vat_number } : null;
  }

  /**
   * Deletes the subscription of the token, its address with it, and the messages kept for it (those
   * not sent yet are then never sent). A spent or unknown token does nothing: unsubscribing twice is fine.
   */
  @Transactional()
  async unsubscribe(unsubscribeToken: string): Promise<void> {
    // In a WITH, so that TypeORM returns the rows (for a bare DELETE it returns [rows, count]).
    const deleted = await this.txHost.tx.query<{ id: string; email: string }[]>(
      `WITH deleted AS (DELETE FROM firm_watch WHERE unsubscribe_token = $1 RETURNING id, email) SELECT * FROM deleted`,
      [unsubscribeToken],
    );
    await this.forgetMessages(deleted);
  }

  /** Deletes subscriptions never confirmed within 48 hours, with their confirmation messages; returns how many. */
  @Transactional()
  async purgeUnconfirmed(): Promise<number> {
    const deleted = await this.txHost.tx.query<{ id: string; email: string }[]>(
      `WITH deleted AS (DELETE FROM firm_watch WHERE confirmed_at IS NULL AND confirm_expires_at <= $1 RETURNING id, email) SELECT * FROM deleted`,
      [this.clock.now()],
    );
    await this.forgetMessages(deleted);
    return deleted.length;
  }

  /** The VAT numbers the user follows, in order. */
  async list(userId: string): Promise<string[]> {
    const rows = await this.txHost.tx.query<{ vat_number: string }[]>(`SELECT vat_number FROM watched_vat WHERE user_id = $1 ORDER BY vat_number`, [userId]);
    return rows.map((row) => row.vat_number);
  }

  /** Follows one more VAT number (already followed: nothing changes). */
  @Transactional()
  async add(userId: string, vatNumberInput: string): Promise<string> {
    const vatNumber = canonicalWatchedVat(vatNumberInput);
    await this.lockList(userId);
    const [{ count }] = await this.txHost.tx.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM watched_vat WHERE user_id = $1 AND vat_number <> $2`, [userId, vatNumber]);
    if (count + 1 > WATCH_LIST_MAX) throw new WatchListTooLongError(count + 1);
    await this.txHost.tx.query(`INSERT INTO watched_vat (user_id, vat_number, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [userId, vatNumber, this.clock.now()]);
    return vatNumber;
  }

  /** Stops following a VAT number (not followed: nothing changes). */
  @Transactional()
  async remove(userId: string, vatNumberInput: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM watched_vat WHERE user_id = $1 AND vat_number = $2`, [userId, canonicalWatchedVat(vatNumberInput)]);
  }

  /**
   * Replaces the list with the VAT numbers of a CSV (one a line, in the first column; a header line
   * and empty lines are skipped; `IT`, spaces and dots allowed). One bad line refuses the whole file,
   * naming the lines at fault: the list is never half-written.
   */
  @Transactional()
  async replaceFromCsv(userId: string, csv: string): Promise<string[]> {
    const vatNumbers = new Set<string>();
    const errors: WatchListLineError[] = [];
    let errorCount = 0;
    csv.split(/\r\n|\n|\r/).forEach((text, index) => {
      const value = (text.split(/[;,]/)[0] ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
      if (value === '' || (index === 0 && /^[a-z_ ]+$/i.test(value) && !/^it$/i.test(value))) return;
      const vatNumber = normalizeVatNumber(value);
      if (vatNumberProblem(vatNumber) === null) {
        vatNumbers.add(vatNumber);
        return;
      }
      errorCount += 1;
      if (errors.length < WATCH_LIST_ERRORS_SHOWN) errors.push({ line: index + 1, value: value.slice(0, 40), reason: csvLineReason(vatNumber) });
    });
    if (errorCount > 0) throw new WatchListImportRefusedError(errorCount, errors);
    if (vatNumbers.size > WATCH_LIST_MAX) throw new WatchListTooLongError(vatNumbers.size);
    await this.lockList(userId);
    await this.txHost.tx.query(`DELETE FROM watched_vat WHERE user_id = $1`, [userId]);
    await this.txHost.tx.query(`INSERT INTO watched_vat (user_id, vat_number, created_at) SELECT $1, unnest($2::text[]), $3`, [userId, [...vatNumbers], this.clock.now()]);
    return [...vatNumbers].sort();
  }

  /** The list as a CSV file with a header line, as `replaceFromCsv` reads it back. */
  async csv(userId: string): Promise<string> {
    return `vat_number\r\n${(await this.list(userId)).map((vatNumber) => `${vatNumber}\r\n`).join('')}`;
  }

  /** One account's list changes one transaction at a time, so the cap holds under concurrent requests. */
  private async lockList(userId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT id FROM user_account WHERE id = $1 FOR UPDATE`, [userId]);
  }

  /** The messages kept for deleted subscriptions: their keys end with the subscription's id. */
  private async forgetMessages(deleted: readonly { id: string; email: string }[]): Promise<void> {
    if (deleted.length === 0) return;
    await this.txHost.tx.query(
      `DELETE FROM mail_message m USING unnest($1::text[], $2::text[]) AS d(id, email)
       WHERE m.recipient = d.email AND m.recipient_user_id IS NULL AND m.kind IN ('watch_confirm', 'watch_status_changed')
         AND (m.idempotency_key LIKE 'watch:%:' || d.id OR m.idempotency_key LIKE 'watch_confirm:' || d.id || ':%')`,
      [deleted.map((row) => row.id), deleted.map((row) => row.email)],
    );
  }
}
