import { AppConfig } from '@app/config';
import { Clock, romeCalendarDate } from '@app/core';
import { InvalidPhoneNumberError, InvalidVatNumberError, normalizePhoneNumber, normalizeVatNumber, vatNumberProblem } from '@app/firms';
import { CERTIFICATE_NUMBER_PATTERN, RATING_STATUSES, RatingEventKind, RatingStatus } from '@app/ratings';
import { Injectable } from '@nestjs/common';
import { FeedEntry, renderAtomFeed } from './atom-feed';
import { openDataCsv, openDataJson, openDataPackage, OpenDataRecord } from './open-data';
import { Cached, CacheScope, Loaded, RegistryCache } from './registry-cache';
import { isQueryCanceled, RegistryDatabase } from './registry-database';
import { FirmNotInRegistryError, InvalidRegistryInputError, SearchTooBroadError } from './registry.errors';
import {
  CallingNumberRow,
  FEED_EVENTS,
  FeedEventRow,
  FIRM_BY_VAT_NUMBER,
  FIRM_CALLING_NUMBERS,
  FIRM_TIMELINE,
  FIRMS_BY_STATUS,
  FirmDetailRow,
  FirstPageRow,
  ListedFirmRow,
  LOOKUP_PHONE,
  NEXT_REGISTRY_CHANGE,
  OPEN_DATA,
  OPEN_DATA_LAST_CHANGE,
  OpenDataRow,
  PhoneRow,
  RATING_EVENTS_PER_MONTH,
  readingsOf,
  resemblingNamesQuery,
  SearchQuery,
  searchQuery,
  TimelineRow,
  UNRECORDED_LAPSES,
  VERIFY_CERTIFICATE,
  VerificationRow,
  WordResemblanceRow,
} from './registry.queries';
import { nextChangeOf, unrecordedLapse } from './registry-rules';
import type { RegistrySearch } from './registry-search';
import {
  PhoneLookup,
  RegistryFirm,
  RegistrySearchItem,
  RegistrySearchPage,
  toFirmSummary,
  toOpenDataRecord,
  toPhoneLookup,
  toRegistryFirm,
  toVerification,
  Verification,
} from './registry.views';

/** Answers that name nothing (an unknown certificate, number or firm) can be changed by any change. */
const ANY_CHANGE: CacheScope = { firmId: null, expiresAt: null };
const FEED_LENGTH = 50;

function canonicalVatNumber(input: string): string {
  const vatNumber = normalizeVatNumber(input);
  const problem = vatNumberProblem(vatNumber);
  if (problem) throw new InvalidVatNumberError(problem);
  return vatNumber;
}

function canonicalCertificateNumber(input: string): string {
  const number = input.trim().toUpperCase();
  if (!CERTIFICATE_NUMBER_PATTERN.test(number)) {
    throw new InvalidRegistryInputError({ certificateNumber: ['certificateNumber must look like AQ-2026-000123 (AQ, the year, six digits)'] });
  }
  return number;
}

/**
 * The public registry's answers. Lookups by key (a firm, a certificate, a number) and the registry-wide
 * documents (open data, feed) are cached until something they show changes (see RegistryCache and
 * RegistryChangeListener) or time changes them; searches always ask the database, through indexes.
 */
@Injectable()
export class RegistryService {
  constructor(
    private readonly db: RegistryDatabase,
    private readonly cache: RegistryCache,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A listed firm by its VAT number, written as people write it; FirmNotInRegistryError otherwise. */
  async firm(vatNumberInput: string): Promise<Cached<RegistryFirm>> {
    const vatNumber = canonicalVatNumber(vatNumberInput);
    const cached = await this.cache.getOrLoad(`firm:${vatNumber}`, () => this.loadFirm(vatNumber));
    if (cached.value === null) throw new FirmNotInRegistryError();
    return { value: cached.value, etag: cached.etag };
  }

  async verify(certificateNumberInput: string): Promise<Cached<Verification>> {
    const certificateNumber = canonicalCertificateNumber(certificateNumberInput);
    return this.cache.getOrLoad(`verify:${certificateNumber}`, async () => {
      const now = this.clock.now();
      const [row] = await this.db.query<VerificationRow>(VERIFY_CERTIFICATE, [certificateNumber]);
      return { value: toVerification(certificateNumber, row, now), scope: row ? this.scopeOf(row, now) : ANY_CHANGE };
    });
  }

  /** Who declared a calling number, written in any common way; InvalidPhoneNumberError when it cannot be one. */
  async lookupPhone(numberInput: string): Promise<Cached<PhoneLookup>> {
    const normalized = normalizePhoneNumber(numberInput);
    if (!normalized.ok) throw new InvalidPhoneNumberError(numberInput, normalized.reason);
    return this.lookupE164(normalized.e164);
  }

  /** The same, for a number already in E.164 (as `normalizePhoneNumber` gives it). */
  async lookupE164(e164: string): Promise<Cached<PhoneLookup>> {
    return this.cache.getOrLoad(`phone:${e164}`, async () => {
      const now = this.clock.now();
      const [row] = await this.db.query<PhoneRow>(LOOKUP_PHONE, [e164]);
      return { value: toPhoneLookup(e164, row, now), scope: row ? this.scopeOf(row, now) : ANY_CHANGE };
    });
  }

  /**
   * One page of listed firms by name. A text that no listed name or city contains is read as a
   * misspelling, or as words out of order: the names holding words like its words are given instead,
   * best first, marked approximate.
   */
  async search(search: RegistrySearch): Promise<RegistrySearchPage> {
    const now = this.clock.now();
    const rows = await this.bounded(searchQuery(search, now));
    const { criteria } = search;
    const readings = readingsOf(rows);
    if (readings !== null && criteria.kind === 'text') {
      const similar = await this.similarNames(search, criteria.text, readings, now);
      return { items: similar.map((row) => ({ ...toFirmSummary(row, now), approximate: true })), page: 1, pageSize: search.pageSize, hasMore: false };
    }
    const items: RegistrySearchItem[] = rows.slice(0, search.pageSize).map((row) => ({ ...toFirmSummary(row, now), approximate: false }));
    return { items, page: search.page, pageSize: search.pageSize, hasMore: rows.length > search.pageSize };
  }

  async openDataCsv(): Promise<Cached<string>> {
    return this.cache.getOrLoad('opendata.csv', async () => {
      const { records, scope } = await this.loadOpenData();
      return { value: openDataCsv(records), scope };
    });
  }

  async openDataJson(): Promise<Cached<string>> {
    return this.cache.getOrLoad('opendata.json', async () => {
      const { records, scope, asOf } = await this.loadOpenData();
      return { value: openDataJson(records, asOf), scope };
    });
  }

  /** The Frictionless data package describing the CSV and the JSON, with the last change to them. */
  async openDataPackage(): Promise<Cached<string>> {
    return this.cache.getOrLoad('opendata.datapackage', async () => {
      const now = this.clock.now();
      const [row] = await this.db.query<{ lastChange: Date | null }>(OPEN_DATA_LAST_CHANGE, [now]);
      return { value: openDataPackage(this.config.publicBaseUrl, row?.lastChange ?? null), scope: { firmId: null, expiresAt: await this.nextRegistryChange(now) } };
    });
  }

  /** The listed firms by the status of their latest rating as of now, every status present. */
  async firmsByStatus(): Promise<Record<RatingStatus, number>> {
    const rows = await this.db.query<{ status: RatingStatus; firms: number }>(FIRMS_BY_STATUS, [this.clock.now()]);
    const counts = Object.fromEntries(RATING_STATUSES.map((status) => [status, 0])) as Record<RatingStatus, number>;
    for (const row of rows) counts[row.status] += row.firms;
    return counts;
  }

  /**
   * Rating events of some kinds from `since` to now, per calendar month in Rome, as the firms' public
   * timelines show them: the lapses time has decided and no job has recorded yet included.
   */
  async ratingEventsPerMonth(kinds: readonly RatingEventKind[], since: Date): Promise<{ month: string; kind: RatingEventKind; events: number }[]> {
    const now = this.clock.now();
    const rows = await this.db.query<{ month: string; kind: RatingEventKind; events: number }>(RATING_EVENTS_PER_MONTH, [since, now, kinds]);
    const lapses = await this.db.query<ListedFirmRow>(UNRECORDED_LAPSES, [now, null]);
    for (const row of lapses) {
      const lapse = unrecordedLapse(row, now);
      if (lapse === null || !kinds.includes(lapse.kind) || lapse.occurredAt < since) continue;
      rows.push({ month: romeCalendarDate(lapse.occurredAt).slice(0, 7), kind: lapse.kind, events: 1 });
    }
    return rows;
  }

  /** The Atom feed of the latest changes, including expiries and lapses no job has recorded yet. */
  async feed(): Promise<Cached<string>> {
    return this.cache.getOrLoad('feed.atom', async () => {
      const { value: entries, scope } = await this.loadChanges();
      return { value: renderAtomFeed(this.config.publicBaseUrl, entries), scope };
    });
  }

  /** The same changes as the feed, newest first, for pages that show them (the home page). */
  async latestChanges(): Promise<Cached<readonly FeedEntry[]>> {
    return this.cache.getOrLoad('changes', () => this.loadChanges());
  }

  private async loadChanges(): Promise<Loaded<readonly FeedEntry[]>> {
    const now = this.clock.now();
    const events = await this.db.query<FeedEventRow>(FEED_EVENTS, [FEED_LENGTH]);
    const lapses = await this.db.query<ListedFirmRow>(UNRECORDED_LAPSES, [now, FEED_LENGTH]);
    const entries: FeedEntry[] = [];
    for (const event of events) if (event.kind !== 'superseded') entries.push({ ...event, kind: event.kind });
    for (const row of lapses) {
      const lapse = unrecordedLapse(row, now);
      if (lapse !== null && lapse.kind !== 'superseded') entries.push({ ...lapse, kind: lapse.kind, vatNumber: row.vatNumber, legalName: row.legalName });
    }
    entries.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
    return { value: entries.slice(0, FEED_LENGTH), scope: { firmId: null, expiresAt: await this.nextRegistryChange(now) } };
  }

  private async loadFirm(vatNumber: string): Promise<Loaded<RegistryFirm | null>> {
    const now = this.clock.now();
    const [row] = await this.db.query<FirmDetailRow>(FIRM_BY_VAT_NUMBER, [vatNumber]);
    if (row === undefined) return { value: null, scope: ANY_CHANGE };
    const events = await this.db.query<TimelineRow>(FIRM_TIMELINE, [row.firmId]);
    const numbers = await this.db.query<CallingNumberRow>(FIRM_CALLING_NUMBERS, [row.firmId]);
    return { value: toRegistryFirm(row, events, numbers, now), scope: this.scopeOf(row, now) };
  }

  private async loadOpenData(): Promise<{ records: OpenDataRecord[]; scope: CacheScope; asOf: Date }> {
    const now = this.clock.now();
    const rows = await this.db.query<OpenDataRow>(OPEN_DATA, []);
    return { records: rows.map((row) => toOpenDataRecord(row, now)), scope: { firmId: null, expiresAt: await this.nextRegistryChange(now) }, asOf: now };
  }

  private scopeOf(row: ListedFirmRow, now: Date): CacheScope {
    return { firmId: row.firmId, expiresAt: nextChangeOf(row, now) };
  }

  private async nextRegistryChange(now: Date): Promise<Date | null> {
    const [row] = await this.db.query<{ nextChange: Date | null }>(NEXT_REGISTRY_CHANGE, [now]);
    return row?.nextChange ?? null;
  }

  private async bounded(query: SearchQuery): Promise<FirstPageRow[]> {
    try {
      return await this.db.search<FirstPageRow>(query.statement, query.values);
    } catch (error) {
      if (isQueryCanceled(error)) throw new SearchTooBroadError();
      throw error;
    }
  }

  /**
   * Nothing contains the text: names holding words that resemble its words (the typed words' readings,
   * which came with the search that found nothing), if they can be found within the time limit (else
   * none). The names are retrieved through the word index with one condition per typed word.
   */
  private async similarNames(search: RegistrySearch, text: string, resemblances: readonly WordResemblanceRow[], now: Date): Promise<ListedFirmRow[]> {
    try {
      if (resemblances.length === 0) return [];
      const query = resemblingNamesQuery(search, text, resemblances, now);
      return await this.db.search<ListedFirmRow>(query.statement, query.values);
    } catch (error) {
      if (isQueryCanceled(error)) return [];
      throw error;
    }
  }
}
