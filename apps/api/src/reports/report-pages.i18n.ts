import { CONTACT_CONSENT_TEXT, DESCRIPTION_MAX_LENGTH, ReportKind, ReportOutcome, ReportStatus } from '@app/reports';
import type { Language } from '@app/core';

/**
 * The texts of the report pages, Italian first. Kept beside the pages rather than in the registry's
 * dictionary (apps/api/src/pages/i18n.ts), which another domain owns; the layout still uses that one.
 * Placeholders `{name}` are filled by `fillText`; templates HTML-escape everything.
 */
const ITALIAN = {
  formTitle: 'Segnala una chiamata',
  formIntro:
    "Hai ricevuto una chiamata indesiderata o scorretta da un contact center? Segnalala: la esaminiamo e, se il numero è dichiarato da un'azienda, la inoltriamo all'azienda perché risponda. Le segnalazioni fondate contano per la sorveglianza del bollino blu.",
  formPrivacy:
    'La segnalazione non è mai pubblicata. La tua e-mail e il testo sono visibili solo al nostro personale (all’azienda solo la descrizione, e la tua e-mail soltanto se acconsenti) e sono cancellati dopo {months} mesi; restano solo statistiche anonime.',
  numberLabel: 'Numero che ti ha chiamato',
  numberHint: 'In qualsiasi forma: 06 1234567, +39 347 123 4567, 0039 06 1234567.',
  dayLabel: 'Giorno della chiamata',
  dayHint: 'Ad esempio 20/11/2026.',
  timeLabel: 'Ora della chiamata',
  timeHint: 'Ora italiana, ad esempio 15:30.',
  kindLabel: 'Cosa è successo',
  kindChoose: 'Scegli…',
  descriptionLabel: 'Descrivi la chiamata',
  descriptionHint: 'Al massimo {max} caratteri. Non scrivere dati personali di altre persone.',
  emailLabel: 'La tua e-mail (facoltativa)',
  emailHint: 'Serve per ricontattarti. Se segnali di nuovo lo stesso numero per lo stesso giorno, contiamo un solo invio.',
  consentLabel: CONTACT_CONSENT_TEXT.it,
  submit: 'Invia la segnalazione',
  errorSummary: 'La segnalazione non è stata inviata:',
  errorNumber: 'Questo non sembra un numero di telefono valido: controlla le cifre.',
  errorDay: 'Scrivi il giorno della chiamata, ad esempio 20/11/2026.',
  errorTime: "Scrivi l'ora della chiamata, ad esempio 15:30.",
  errorCalledAt: 'La chiamata non può essere nel futuro né di più di un anno fa.',
  errorKind: "Scegli cosa è successo tra le voci dell'elenco.",
  errorDescription: 'Descrivi la chiamata: al massimo {max} caratteri.',
  errorEmail: "L'indirizzo e-mail non è valido.",
  errorConsent: "Per comunicare la tua e-mail all'azienda, scrivila nel campo e-mail.",
  errorForm: 'Il modulo non è stato ricevuto per intero: riprova.',

  statusTitle: 'Segnalazione {reference}',
  receivedTitle: 'Segnalazione ricevuta',
  receivedText: 'Conserva il riferimento {reference}: con l’indirizzo di questa pagina puoi seguirne lo stato.',
  receivedDuplicate: 'Avevi già segnalato questo numero per lo stesso giorno: abbiamo contato questo invio nella segnalazione precedente.',
  factReference: 'Riferimento',
  factNumber: 'Numero segnalato',
  factKind: 'Tipo',
  factCallDay: 'Giorno della chiamata',
  factReceivedAt: 'Ricevuta il',
  factStatus: 'Stato',
  factForwardedAt: "Inoltrata all'azienda il",
  factAnsweredAt: "Risposta dell'azienda il",
  factFinishedAt: 'Conclusa il',
  declared: "Il numero è dichiarato da un'azienda: la segnalazione le sarà inoltrata dopo il nostro esame.",
  notDeclared: 'Il numero non è dichiarato da nessuna azienda del registro: la segnalazione resta nei nostri dati come "numero non dichiarato".',
  notFoundTitle: 'Segnalazione non trovata',
  notFoundText: 'Nessuna segnalazione ha questo riferimento. Controlla di averlo copiato per intero, ad esempio SGN-7K2M9QX4TB.',
  alsoTitle: 'Cosa puoi fare inoltre',
  alsoGarante: 'Segnala le chiamate promozionali indesiderate anche al Garante per la protezione dei dati personali:',
  alsoGaranteLink: 'modulo online del Garante',
  alsoOpposizioni: 'Iscrivi gratuitamente il tuo numero al Registro pubblico delle opposizioni per non ricevere più chiamate commerciali:',
  alsoOpposizioniLink: 'Registro delle opposizioni',
  newReport: 'Segnala un’altra chiamata',

  'kind.unwanted_call': 'Chiamata indesiderata',
  'kind.aggressive_selling': 'Vendita aggressiva',
  'kind.opposition_register_ignored': "Mi hanno chiamato nonostante l'iscrizione al Registro delle opposizioni",
  'kind.operator_location_refused': "Non mi hanno detto dove si trova l'operatore, o non mi hanno passato un operatore in Italia",
  'kind.other': 'Altro',
  'status.new': 'Ricevuta, in attesa di esame',
  'status.forwarded_to_firm': "Inoltrata all'azienda, in attesa della risposta",
  'status.answered': "L'azienda ha risposto: in esame",
  'outcome.substantiated': 'Chiusa: la segnalazione è fondata',
  'outcome.unsubstantiated': 'Chiusa: la segnalazione non è risultata fondata',
  'outcome.dismissed': 'Archiviata: la segnalazione non è ammissibile',
} as const;

type ReportTextKey = keyof typeof ITALIAN;

const ENGLISH: { readonly [K in ReportTextKey]: string } = {
  formTitle: 'Report a call',
  formIntro:
    'Did a contact center call you unwanted or unfairly? Report it: we review it and, when a firm declared the number, forward it to the firm for an answer. Substantiated reports count for the surveillance of the blue seal.',
  formPrivacy:
    'Reports are never published. Your e-mail and your text are seen only by our staff (the firm sees the description, and your e-mail only if you agree) and are deleted after {months} months; only anonymous statistics remain.',
  numberLabel: 'Number that called you',
  numberHint: 'Written any way: 06 1234567, +39 347 123 4567, 0039 06 1234567.',
  dayLabel: 'Day of the call',
  dayHint: 'For example 20/11/2026.',
  timeLabel: 'Time of the call',
  timeHint: 'Italian time, for example 15:30.',
  kindLabel: 'What happened',
  kindChoose: 'Choose…',
  descriptionLabel: 'Describe the call',
  descriptionHint: 'At most {max} characters. Do not write other people’s personal data.',
  emailLabel: 'Your e-mail (optional)',
  emailHint: 'So that we can contact you. If you report the same number for the same day again, we count one submission.',
  consentLabel: CONTACT_CONSENT_TEXT.en,
  submit: 'Send the report',
  errorSummary: 'The report was not sent:',
  errorNumber: 'This does not look like a valid phone number: check the digits.',
  errorDay: 'Type the day of the call, for example 20/11/2026.',
  errorTime: 'Type the time of the call, for example 15:30.',
  errorCalledAt: 'The call cannot be in the future or more than a year ago.',
  errorKind: 'Choose what happened from the list.',
  errorDescription: 'Describe the call: at most {max} characters.',
  errorEmail: 'The e-mail address is not valid.',
  errorConsent: 'To pass your e-mail to the firm, type it in the e-mail field.',
  errorForm: 'The form did not arrive whole: try again.',

  statusTitle: 'Report {reference}',
  receivedTitle: 'Report received',
  receivedText: 'Keep the reference {reference}: the address of this page shows where the report stands.',
  receivedDuplicate: 'You had already reported this number for the same day: this submission was counted in the earlier report.',
  factReference: 'Reference',
  factNumber: 'Reported number',
  factKind: 'Kind',
  factCallDay: 'Day of the call',
  factReceivedAt: 'Received on',
  factStatus: 'Status',
  factForwardedAt: 'Forwarded to the firm on',
  factAnsweredAt: 'Firm answered on',
  factFinishedAt: 'Concluded on',
  declared: 'A firm declared this number: the report will be forwarded to it after our review.',
  notDeclared: 'No firm in the register declared this number: the report stays in our records as "number not declared".',
  notFoundTitle: 'Report not found',
  notFoundText: 'No report has this reference. Check that it was copied whole, for example SGN-7K2M9QX4TB.',
  alsoTitle: 'What else you can do',
  alsoGarante: 'Report unwanted marketing calls to the Italian data protection authority (Garante) as well:',
  alsoGaranteLink: "the Garante's online form",
  alsoOpposizioni: 'Enrol your number, free of charge, in the Registro pubblico delle opposizioni (Italian do-not-call register):',
  alsoOpposizioniLink: 'Registro delle opposizioni',
  newReport: 'Report another call',

  'kind.unwanted_call': 'Unwanted call',
  'kind.aggressive_selling': 'Aggressive selling',
  'kind.opposition_register_ignored': 'Called although my number is in the Registro delle opposizioni',
  'kind.operator_location_refused': 'Would not say where the operator is, or pass me an operator in Italy',
  'kind.other': 'Other',
  'status.new': 'Received, awaiting review',
  'status.forwarded_to_firm': 'Forwarded to the firm, awaiting its answer',
  'status.answered': 'The firm answered: under review',
  'outcome.substantiated': 'Closed: the report is substantiated',
  'outcome.unsubstantiated': 'Closed: the report was not found substantiated',
  'outcome.dismissed': 'Dismissed: the report is not admissible',
};

export const REPORT_PAGE_TEXTS: { readonly [L in Language]: { readonly [K in ReportTextKey]: string } } = { it: ITALIAN, en: ENGLISH };

export type ReportTexts = { readonly [K in ReportTextKey]: string };

/** Every text of the report pages in the language, with the placeholders every page shares filled in. */
export function reportTexts(language: Language, retentionMonths: number): ReportTexts {
  const texts = REPORT_PAGE_TEXTS[language];
  return {
    ...texts,
    formPrivacy: fillText(texts.formPrivacy, { months: retentionMonths }),
    descriptionHint: fillText(texts.descriptionHint, { max: DESCRIPTION_MAX_LENGTH }),
    errorDescription: fillText(texts.errorDescription, { max: DESCRIPTION_MAX_LENGTH }),
  };
}

export function fillText(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

export function kindLabel(texts: ReportTexts, kind: ReportKind): string {
  return texts[`kind.${kind}`];
}

/** Open reports by their status; finished ones by their outcome. */
export function statusLabel(texts: ReportTexts, status: ReportStatus, outcome: ReportOutcome): string {
  if (outcome === 'open') return texts[`status.${status as 'new' | 'forwarded_to_firm' | 'answered'}`];
  return texts[`outcome.${outcome}`];
}
