import { formatItalianDate } from '@app/core';
import type { RatingEventKind, RevocationReason } from '@app/ratings';
import { firmPagePath, OPEN_DATA_LICENCE } from './public-links';
import { EVENT_LABELS, REASON_LABELS } from './registry-vocabulary';
import { escapeXml } from './xml';

/** The changes the feed announces; renewals show as the new rating's issue. */
export type FeedKind = Exclude<RatingEventKind, 'superseded'>;

export interface FeedEntry {
  readonly kind: FeedKind;
  readonly occurredAt: Date;
  readonly certificateNumber: string;
  readonly reason: RevocationReason | null;
  readonly publicNote: string | null;
  readonly vatNumber: string;
  readonly legalName: string;
}

/** An empty feed still needs an `updated`: the first instant, so it is the same on every instance. */
const EMPTY_FEED_UPDATED = new Date(0);

function summaryOf(entry: FeedEntry): string {
  const parts = [`${EVENT_LABELS.it[entry.kind]} il ${formatItalianDate(entry.occurredAt)} il rating ${entry.certificateNumber} di ${entry.legalName} (Partita IVA ${entry.vatNumber}).`];
  if (entry.reason !== null) parts.push(`Motivo: ${REASON_LABELS.it[entry.reason]}.`);
  if (entry.publicNote !== null) parts.push(`Nota: ${entry.publicNote}`);
  return parts.join(' ');
}

/**
 * The registry's changes as an Atom 1.0 feed (RFC 4287), newest first, in Italian. An entry's id
 * depends only on the rating, the kind and the instant, so an expiry announced before the lapse job
 * recorded it keeps its id once recorded.
 */
export function renderAtomFeed(baseUrl: string, entries: readonly FeedEntry[]): string {
  const host = new URL(baseUrl).hostname;
  const updated = entries.length > 0 ? entries[0].occurredAt : EMPTY_FEED_UPDATED;
  const items = entries.map((entry) => {
    const link = `${baseUrl}${firmPagePath(entry.vatNumber)}`;
    return `  <entry>
    <id>tag:${escapeXml(host)},2026:rating/${escapeXml(entry.certificateNumber)}/${entry.kind}/${entry.occurredAt.toISOString()}</id>
    <title>${escapeXml(`${EVENT_LABELS.it[entry.kind]}: ${entry.legalName} (${entry.certificateNumber})`)}</title>
    <updated>${entry.occurredAt.toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>
    <category term="${entry.kind}"/>
    <summary type="text">${escapeXml(summaryOf(entry))}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">
  <id>${escapeXml(`${baseUrl}/feed.atom`)}</id>
  <title>Azienda Qualificata: variazioni del registro pubblico</title>
  <subtitle>Rating rilasciati, sospesi, riattivati, revocati e scaduti</subtitle>
  <updated>${updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${baseUrl}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${baseUrl}/registro`)}"/>
  <link rel="license" href="${OPEN_DATA_LICENCE.url}"/>
  <author><name>Azienda Qualificata</name></author>
  <rights>${OPEN_DATA_LICENCE.name} ${OPEN_DATA_LICENCE.url}</rights>
${items.join('\n')}
</feed>
`;
}
