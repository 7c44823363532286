/** What the consumer says happened on the call. */
export const REPORT_KINDS = [
  'unwanted_call',
  'aggressive_selling',
  'opposition_register_ignored',
  'operator_location_refused',
  'other',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['new', 'forwarded_to_firm', 'answered', 'closed', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * How a report ended, for statistics: still open, closed by staff as substantiated or not, or
 * dismissed (not admissible: spam, no call, not a contact center).
 */
export const REPORT_OUTCOMES = ['open', 'substantiated', 'unsubstantiated', 'dismissed'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** The longest description a consumer may write, in characters. */
export const DESCRIPTION_MAX_LENGTH = 2000;
/** The longest note staff or firm answer, in characters. */
export const NOTE_MAX_LENGTH = 4000;

/**
 * What the consumer agrees to when they let the firm see their e-mail address. Stored word for word
 * with the report, in the language the consumer read it, as the record of consent.
 */
export const CONTACT_CONSENT_TEXT = {
  it: "Acconsento che il mio indirizzo e-mail sia comunicato all'azienda segnalata perché possa rispondermi su questa segnalazione.",
  en: 'I agree that my e-mail address is passed to the reported firm so that it can answer me about this report.',
} as const;
export type ConsentLanguage = keyof typeof CONTACT_CONSENT_TEXT;
