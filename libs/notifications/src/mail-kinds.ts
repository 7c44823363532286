/** The languages of messages; a recipient gets the one of their account (Italian when unknown). */
export const MAIL_LANGUAGES = ['it', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/**
 * Every kind of message, with whether the recipient may turn it off. Legal and security messages
 * (decisions, sanctions, account security) cannot be turned off; reminders and notices can.
 * Each kind has a template per language in `templates/mail/<kind>.<language>.hbs`.
 */
export const MAIL_KINDS = {
  password_changed: { optional: false },
  password_reset: { optional: false },
} as const satisfies Record<string, { readonly optional: boolean }>;

export type MailKind = keyof typeof MAIL_KINDS;

export function isMailKind(value: string): value is MailKind {
  return Object.prototype.hasOwnProperty.call(MAIL_KINDS, value);
}
