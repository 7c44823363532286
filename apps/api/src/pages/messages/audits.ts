import type { Messages } from './messages';

/** The audits pages' texts. */
export const AUDITS_MESSAGES: Messages = {
  it: {},
  en: {},
};
