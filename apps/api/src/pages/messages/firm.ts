import type { Messages } from './messages';

/** The firm pages' texts. */
export const FIRM_MESSAGES: Messages = {
  it: {},
  en: {},
};
