/** The firm's workspace home: the registration form, or the firm's summary once registered. */
export const FIRM_HOME = '/area/azienda';
