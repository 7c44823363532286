/** What a piece of evidence is worth on a given day, from its own dates and its versions. */
export type EvidenceState = 'in_force' | 'expired' | 'superseded';

export interface EvidenceDates {
  readonly supersededById: string | null;
  /** The last calendar day (Rome) the document is valid, as `YYYY-MM-DD`; null when it does not expire. */
  readonly expiresOn: string | null;
}

/**
 * A newer version replaces a document whatever its dates; otherwise it is in force through its
 * expiry day and expired from the day after (the rule submission applies: `expires_on >= today`).
 * `today` is the calendar day in Rome, `YYYY-MM-DD`.
 */
export function evidenceState(evidence: EvidenceDates, today: string): EvidenceState {
  if (evidence.supersededById !== null) return 'superseded';
  if (evidence.expiresOn !== null && evidence.expiresOn < today) return 'expired';
  return 'in_force';
}

export interface EvidenceVersionLink {
  readonly id: string;
  /** The earlier version this one replaces, if any. */
  readonly supersedesId: string | null;
}

/**
 * The version number of each document: 1 for a first upload, and one more than the version it
 * replaces; two uploads under the same file name are told apart by it. A chain that leads to a
 * document not in the list (or loops, which the database does not allow) counts from there.
 */
export function evidenceVersionNumbers(documents: readonly EvidenceVersionLink[]): Map<string, number> {
  const byId = new Map(documents.map((document) => [document.id, document]));
  const numbers = new Map<string, number>();
  const versionOf = (document: EvidenceVersionLink, seen: Set<string>): number => {
    const known = numbers.get(document.id);
    if (known !== undefined) return known;
    const previous = document.supersedesId === null ? undefined : byId.get(document.supersedesId);
    const number = previous === undefined || seen.has(previous.id) ? 1 : versionOf(previous, seen.add(document.id)) + 1;
    numbers.set(document.id, number);
    return number;
  };
  for (const document of documents) versionOf(document, new Set());
  return numbers;
}
