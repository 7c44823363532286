import type { Messages } from './messages';

/** The admin pages' texts. */
export const ADMIN_MESSAGES: Messages = {
  it: {},
  en: {},
};
