/** The languages of messages; a recipient gets the one of their account (Italian when unknown). */
export const MAIL_LANGUAGES = ['it', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/**
 * Every kind of message, with whether the recipient may turn it off. Legal and security messages
 * (decisions, sanctions, account security) cannot be turned off; reminders and notices can.
 * Each kind has a template per language in `templates/mail/<kind>.<language>.hbs`.
 */
export const MAIL_KINDS = {
  // Account security.
  password_changed: { optional: false },
  password_reset: { optional: false },
  // The day's optional messages in one, for those who chose it; it links to the preferences.
  daily_digest: { optional: false },
  // Firm users.
  application_received: { optional: true },
  audit_question: { optional: false },
  question_reminder: { optional: true },
  audit_finding: { optional: false },
  corrective_action_reviewed: { optional: false },
  decision: { optional: false },
  certificate_ready: { optional: true },
  rating_suspended: { optional: false },
  rating_reinstated: { optional: false },
  rating_revoked: { optional: false },
  rating_expired: { optional: false },
  expiry_reminder: { optional: true },
  report_to_answer: { optional: false },
  report_answer_reminder: { optional: true },
  // An announced surveillance check (never an unannounced one) is notice the firm is owed.
  surveillance_check_announced: { optional: false },
  // The announced check scheduled for a day will not take place (the rating stopped being current first).
  surveillance_check_cancelled: { optional: false },
  // Auditors.
  audit_assigned: { optional: false },
  firm_answered: { optional: true },
  corrective_action_answered: { optional: true },
  // Reviewers.
  proposal_waiting: { optional: true },
  review_task_opened: { optional: true },
  // Anyone who complained about the scheme and gave an address (no account needed).
  complaint_acknowledged: { optional: false },
  complaint_closed: { optional: false },
  // Admins.
  application_unassigned: { optional: true },
  job_dead_lettered: { optional: true },
  // Watch lists: the double opt-in of a public watcher, then each public change of a watched firm's status.
  watch_confirm: { optional: false },
  watch_status_changed: { optional: true },
} as const satisfies Record<string, { readonly optional: boolean }>;

export type MailKind = keyof typeof MAIL_KINDS;

export function isMailKind(value: string): value is MailKind {
  return Object.prototype.hasOwnProperty.call(MAIL_KINDS, value);
}
