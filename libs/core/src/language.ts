/** The languages the platform speaks to people (pages, e-mail, certificates): Italian first, English for visitors from abroad. */
export type Language = 'it' | 'en';
