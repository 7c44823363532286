import { formatItalianDate, ITALIAN_TIME_ZONE, type Language } from '@app/core';
import { EVENT_LABELS, REASON_LABELS, STATUS_LABELS } from '@app/registry';
import { APPEALS_MESSAGES } from './messages/appeals';
import { COMPLAINTS_MESSAGES } from './messages/complaints';
import { ADMIN_MESSAGES } from './messages/admin';
import { AUDITS_MESSAGES } from './messages/audits';
import { CONFIRMATION_MESSAGES } from './messages/confirmations';
import { EVIDENCE_MESSAGES } from './messages/evidence';
import { FIRM_MESSAGES } from './messages/firm';
import { HISTORY_MESSAGES } from './messages/history';
import { INTEGRATIONS_MESSAGES } from './messages/integrations';
import { MAIL_MESSAGES } from './messages/mail';
import { WATCH_MESSAGES } from './messages/watch';
import { PUBLIC_MESSAGES } from './messages/public';
import { TRANSPARENCY_MESSAGES } from './messages/transparency';
import { REPORTS_MESSAGES } from './messages/reports';
import { STATISTICS_MESSAGES } from './messages/statistics';
import { SURVEILLANCE_MESSAGES } from './messages/surveillance';
import { TODOS_MESSAGES } from './messages/todos';
import { WORKSPACE_MESSAGES } from './messages/workspace';

/** The pages' own texts, Italian first. Placeholders `{name}` are filled by `translate`, then HTML-escaped by the template. */
const ITALIAN = {
  'site.name': 'Azienda Qualificata',
  'site.tagline': 'Il registro pubblico del bollino blu dei contact center',
  'site.description': "Cerca un'azienda del registro, verifica un attestato, scopri chi ti ha chiamato.",
  'layout.skip': 'Vai al contenuto',
  'nav.label': 'Sezioni del sito',
  'nav.registry': 'Registro',
  'nav.verify': 'Verifica',
  'nav.phone': 'Chi mi ha chiamato?',
  'language.other': 'English',
  'footer.openData': 'Dati aperti del registro, con licenza',
  'footer.feed': 'Variazioni del registro (Atom)',
  'footer.api': 'API pubblica',

  'search.title': 'Registro delle aziende qualificate',
  'search.intro':
    'Il registro elenca le aziende che hanno ottenuto il bollino blu, comprese quelle con il rating sospeso, revocato o scaduto: una revoca resta sempre visibile.',
  'search.q.label': 'Nome, Partita IVA, numero di attestato o città',
  'search.q.hint': 'Ad esempio: Rossi Servizi, 00488410010, AQ-2026-000123, Milano.',
  'search.status.label': 'Stato',
  'search.status.any': 'Qualsiasi stato',
  'search.province.label': 'Provincia',
  'search.province.hint': 'Sigla di due lettere, ad esempio MI.',
  'search.submit': 'Cerca',
  'search.results': 'Aziende trovate',
  'search.none': 'Nessuna azienda del registro corrisponde alla ricerca.',
  'search.approximate': 'Nome simile a quello cercato',
  'search.error.q': 'Scrivi almeno 3 lettere o cifre del nome o della città, una Partita IVA (11 cifre) o un numero di attestato come AQ-2026-000123.',
  'search.error.vat': 'La Partita IVA {value} non è valida: una delle cifre è probabilmente sbagliata.',
  'search.error.status': "Scegli uno stato dell'elenco.",
  'search.error.province': 'La provincia è una sigla di due lettere, ad esempio MI.',
  'search.error.page': 'Questa pagina dei risultati non esiste.',
  'search.error.broad': 'Troppi nomi somigliano a questa ricerca: aggiungi altre parole del nome, la provincia o lo stato.',
  'search.error.summary': 'La ricerca non è valida:',
  'pagination.label': 'Pagine dei risultati',
  'pagination.previous': 'Pagina precedente',
  'pagination.next': 'Pagina successiva',
  'pagination.current': 'Pagina {page}',

  'fact.vatNumber': 'Partita IVA',
  'fact.seat': 'Sede',
  'fact.website': 'Sito web',
  'fact.status': 'Stato',
  'fact.certificate': 'Numero di attestato',
  'fact.issuedAt': 'Rilasciato il',
  'fact.validFrom': 'Valido dal',
  'fact.validUntil': 'Valido fino al',
  'fact.endedAt': 'Terminato il',
  'fact.endedAt.revoked': 'Revocato il',
  'fact.endedAt.expired': 'Scaduto il',
  'fact.originalValidity': 'Validità originaria fino al',
  'fact.suspendedAt': 'Sospeso il',
  'fact.suspensionDeadline': 'Revoca automatica se non riattivato entro il',
  'fact.reason': 'Motivo',
  'fact.publicNote': 'Nota pubblica',
  'fact.sha256': "Impronta SHA-256 del PDF dell'attestato",
  'fact.sha256.pending': 'in preparazione',
  'fact.certificatePdf': 'Attestato firmato',
  'fact.certificatePdf.link': 'Scarica il PDF dell’attestato {number}',

  'firm.statusIntro': 'Stato del bollino blu',
  'firm.explain.active': 'Il rating è valido fino al {date}.',
  'firm.explain.suspended': "Il rating è sospeso dal {date}: durante la sospensione l'azienda non è qualificata.",
  'firm.explain.revoked': "Il rating è stato revocato il {date}: l'azienda non è più qualificata.",
  'firm.explain.expired': "Il rating è scaduto il {date}: l'azienda non è qualificata finché non ottiene un nuovo rating.",
  'firm.details': "Dati dell'azienda",
  'firm.rating': 'Rating',
  'firm.numbers': 'Numeri chiamanti dichiarati',
  'firm.numbers.none': "L'azienda non ha dichiarato numeri chiamanti attivi.",
  'firm.timeline': 'Storia pubblica del rating',
  'firm.seal': "Bollino per il sito web dell'azienda",
  'firm.seal.intro': "Il bollino mostra lo stato aggiornato e rimanda a questa pagina. Per pubblicarlo, l'azienda incolla nel proprio sito il codice qui sotto.",
  'firm.seal.alt': 'Bollino blu di {name}: stato attuale',
  'firm.seal.code': 'Codice HTML del bollino',
  'firm.checkedAt': 'Stato verificato il {date}.',
  'firm.reports': 'Segnalazioni dei consumatori',
  'firm.reports.intro':
    'Chiamate di questa azienda segnalate dai consumatori dal {date} e ritenute fondate da Azienda Qualificata dopo la verifica. Non pubblichiamo il testo delle segnalazioni né chi le ha fatte.',
  'firm.reports.none': 'Nessuna segnalazione fondata negli ultimi 12 mesi.',
  'firm.reports.caption': 'Segnalazioni fondate per tipo: {count} in totale',
  'firm.reports.kindHeader': 'Cosa è successo',
  'firm.reports.countHeader': 'Segnalazioni fondate',
  'firm.reports.kind.unwanted_call': 'Chiamata indesiderata',
  'firm.reports.kind.aggressive_selling': 'Vendita aggressiva',
  'firm.reports.kind.opposition_register_ignored': "Chiamata nonostante l'iscrizione al Registro delle opposizioni",
  'firm.reports.kind.operator_location_refused': "Sede dell'operatore non comunicata, o operatore in Italia negato",
  'firm.reports.kind.other': 'Altro',
  'firm.reports.report': 'Segnala una chiamata di questa azienda',

  'verify.title': 'Verifica un attestato',
  'verify.intro': "Scrivi il numero stampato sull'attestato, oppure inquadra il suo codice QR.",
  'verify.number.label': 'Numero di attestato',
  'verify.number.hint': 'Formato AQ-anno-sei cifre, ad esempio AQ-2026-000123.',
  'verify.submit': 'Verifica',
  'verify.error.number': 'Il numero di attestato ha il formato AQ-anno-sei cifre, ad esempio AQ-2026-000123.',
  'verify.outcome.valid': 'Attestato VALIDO',
  'verify.outcome.suspended': 'Attestato SOSPESO',
  'verify.outcome.revoked': 'Attestato REVOCATO',
  'verify.outcome.expired': 'Attestato SCADUTO',
  'verify.outcome.replaced': 'Attestato SOSTITUITO DAL RINNOVO',
  'verify.outcome.unknown': 'Attestato sconosciuto',
  'verify.explain.valid': "L'attestato {number} è stato rilasciato a {name} ed è valido fino al {date}.",
  'verify.explain.suspended': "L'attestato {number} di {name} è sospeso dal {date}: durante la sospensione non attesta la qualifica.",
  'verify.explain.revoked': "L'attestato {number} di {name} è stato revocato il {date}: non attesta più la qualifica.",
  'verify.explain.expired': "L'attestato {number} di {name} è scaduto il {date}: non attesta più la qualifica.",
  'verify.explain.replaced': "L'attestato {number} di {name} è stato sostituito da {replacement} il {date}: la qualifica continua senza interruzione con il nuovo attestato.",
  'verify.explain.unknown':
    'Nessun attestato con il numero {number} è mai stato rilasciato. Un documento che riporta questo numero non è un attestato autentico di Azienda Qualificata.',
  'verify.firmPage': "Scheda dell'azienda nel registro",
  'verify.checkedAt': 'Verificato il {date}.',

  'verifyDocument.title': 'Verifica il PDF di un attestato',
  'verifyDocument.intro':
    "Carica il file PDF dell'attestato che hai ricevuto: ti diciamo se è identico, byte per byte, a un attestato rilasciato dal registro, e qual è oggi lo stato del suo rating.",
  'verifyDocument.file.label': "File PDF dell'attestato",
  'verifyDocument.file.hint': 'Un file PDF fino a {megabytes} MB. Il file non viene conservato: ne calcoliamo solo l’impronta SHA-256.',
  'verifyDocument.submit': 'Verifica il documento',
  'verifyDocument.error.missing': "Scegli il file PDF dell'attestato da verificare.",
  'verifyDocument.error.notPdf': "Il file non è un PDF: un attestato di Azienda Qualificata è sempre un file PDF.",
  'verifyDocument.error.tooLarge': 'Il file è più grande di {megabytes} MB: un attestato di Azienda Qualificata è molto più piccolo, quindi questo non lo è.',
  'verifyDocument.outcome.valid': 'Documento autentico: attestato valido',
  'verifyDocument.outcome.suspended': 'Documento autentico: attestato sospeso',
  'verifyDocument.outcome.revoked': 'Documento autentico: attestato revocato',
  'verifyDocument.outcome.expired': 'Documento autentico: attestato scaduto',
  'verifyDocument.outcome.replaced': 'Documento autentico: attestato sostituito dal rinnovo',
  'verifyDocument.outcome.unknown': 'Documento non rilasciato dal registro',
  'verifyDocument.explain.issued': "Il file è identico all'attestato {number} rilasciato dal registro.",
  'verifyDocument.explain.notIssued':
    "Questo file non corrisponde a nessun attestato rilasciato dal registro: non è un attestato autentico, oppure è stato modificato (basta un solo carattere). Se riporta un numero di attestato, verifica anche quel numero.",
  'verifyDocument.fact.firm': 'Azienda',
  'verifyDocument.fact.sha256': 'Impronta SHA-256 del file caricato',
  'verifyDocument.byNumber': 'Hai solo il numero di attestato? {link}.',
  'verifyDocument.byNumber.link': 'Verifica il numero',
  'verifyDocument.fromVerify': "Hai il file PDF dell'attestato? {link}.",
  'verifyDocument.fromVerify.link': 'Verifica il documento',

  'phone.title': 'Chi mi ha chiamato?',
  'phone.intro': 'Scrivi il numero da cui hai ricevuto la chiamata: ti diciamo se lo ha dichiarato una delle aziende del registro.',
  'phone.number.label': 'Numero che ti ha chiamato',
  'phone.number.hint': 'In qualsiasi forma: 06 1234567, +39 347 123 4567, 0039 06 1234567.',
  'phone.submit': 'Cerca il numero',
  'phone.error.number': 'Questo non sembra un numero di telefono valido: controlla le cifre.',
  'phone.declared': 'Il numero {number} è dichiarato da questa azienda del registro.',
  'phone.declaredAt': 'Numero dichiarato il {date}.',
  'phone.notValid': 'Attenzione: il rating di questa azienda non è valido.',
  'phone.notDeclared': 'Il numero {number} non è dichiarato da nessuna azienda del registro.',
  'phone.notDeclared.explain': 'Le aziende qualificate dichiarano tutti i numeri da cui chiamano: chi ti ha chiamato da questo numero non è tra loro.',
  'phone.whatToDo': 'Cosa puoi fare',
  'phone.todo.opposizioni': 'Iscrivi gratuitamente il tuo numero al {link} per non ricevere più chiamate commerciali.',
  'phone.todo.opposizioni.link': 'Registro pubblico delle opposizioni',
  'phone.todo.garante': 'Segnala le chiamate promozionali indesiderate al Garante per la protezione dei dati personali con il suo {link}.',
  'phone.todo.garante.link': 'modulo online',
  'phone.todo.report': 'Segnala la chiamata ad Azienda Qualificata: {link}.',
  'phone.todo.report.link': 'segnala questa chiamata',

  'error.notFound.title': 'Pagina non trovata',
  'error.notFound.text': "L'indirizzo non corrisponde a nessuna pagina del registro.",
  'error.firm.title': 'Azienda non presente nel registro',
  'error.firm.text': 'Nessuna azienda con questa Partita IVA è presente nel registro pubblico, che elenca le aziende che hanno ottenuto il bollino blu.',
  'error.badRequest.title': 'Richiesta non valida',
  'error.badRequest.text': "L'indirizzo contiene un valore non valido: controlla di averlo copiato per intero.",
  'error.rateLimited.title': 'Troppe richieste',
  'error.rateLimited.text': 'Sono arrivate troppe richieste dal tuo indirizzo in poco tempo. Riprova tra {seconds} secondi.',
  'error.unexpected.title': 'Si è verificato un errore',
  'error.unexpected.text': 'Qualcosa non ha funzionato da parte nostra: riprova più tardi. Codice della richiesta: {requestId}.',
  'error.back': 'Torna al registro',
} as const;

type PageMessageKey = keyof typeof ITALIAN;

const ENGLISH: { readonly [K in PageMessageKey]: string } = {
  'site.name': 'Azienda Qualificata',
  'site.tagline': 'The public register of the contact-center blue seal',
  'site.description': 'Search a firm in the register, verify a certificate, find out who called you.',
  'layout.skip': 'Skip to content',
  'nav.label': 'Site sections',
  'nav.registry': 'Register',
  'nav.verify': 'Verify',
  'nav.phone': 'Who called me?',
  'language.other': 'Italiano',
  'footer.openData': 'Open data of the register, licensed',
  'footer.feed': 'Register changes (Atom)',
  'footer.api': 'Public API',

  'search.title': 'Register of qualified firms',
  'search.intro': 'The register lists the firms that obtained the blue seal, including those whose rating is suspended, revoked or expired: a revocation always stays visible.',
  'search.q.label': 'Name, VAT number, certificate number or city',
  'search.q.hint': 'For example: Rossi Servizi, 00488410010, AQ-2026-000123, Milano.',
  'search.status.label': 'Status',
  'search.status.any': 'Any status',
  'search.province.label': 'Province',
  'search.province.hint': 'Two-letter code, for example MI.',
  'search.submit': 'Search',
  'search.results': 'Firms found',
  'search.none': 'No firm in the register matches the search.',
  'search.approximate': 'Name similar to the one searched',
  'search.error.q': 'Type at least 3 letters or digits of the name or city, a VAT number (11 digits) or a certificate number such as AQ-2026-000123.',
  'search.error.vat': 'The VAT number {value} is not valid: one of its digits is probably wrong.',
  'search.error.status': 'Choose a status from the list.',
  'search.error.province': 'The province is a two-letter code, for example MI.',
  'search.error.page': 'This page of results does not exist.',
  'search.error.broad': 'Too many names resemble this search: add more words of the name, the province or the status.',
  'search.error.summary': 'The search is not valid:',
  'pagination.label': 'Result pages',
  'pagination.previous': 'Previous page',
  'pagination.next': 'Next page',
  'pagination.current': 'Page {page}',

  'fact.vatNumber': 'VAT number',
  'fact.seat': 'Registered office',
  'fact.website': 'Website',
  'fact.status': 'Status',
  'fact.certificate': 'Certificate number',
  'fact.issuedAt': 'Issued on',
  'fact.validFrom': 'Valid from',
  'fact.validUntil': 'Valid until',
  'fact.endedAt': 'Ended on',
  'fact.endedAt.revoked': 'Revoked on',
  'fact.endedAt.expired': 'Expired on',
  'fact.originalValidity': 'Originally valid until',
  'fact.suspendedAt': 'Suspended on',
  'fact.suspensionDeadline': 'Revoked automatically unless reinstated by',
  'fact.reason': 'Reason',
  'fact.publicNote': 'Public note',
  'fact.sha256': 'SHA-256 of the certificate PDF',
  'fact.sha256.pending': 'being prepared',
  'fact.certificatePdf': 'Signed certificate',
  'fact.certificatePdf.link': 'Download the PDF of certificate {number}',

  'firm.statusIntro': 'Blue seal status',
  'firm.explain.active': 'The rating is valid until {date}.',
  'firm.explain.suspended': 'The rating has been suspended since {date}: while suspended the firm is not qualified.',
  'firm.explain.revoked': 'The rating was revoked on {date}: the firm is no longer qualified.',
  'firm.explain.expired': 'The rating expired on {date}: the firm is not qualified until it obtains a new rating.',
  'firm.details': 'Firm details',
  'firm.rating': 'Rating',
  'firm.numbers': 'Declared calling numbers',
  'firm.numbers.none': 'The firm has declared no active calling numbers.',
  'firm.timeline': 'Public history of the rating',
  'firm.seal': "Seal for the firm's website",
  'firm.seal.intro': 'The seal shows the current status and links to this page. To publish it, the firm pastes the code below into its website.',
  'firm.seal.alt': 'Blue seal of {name}: current status',
  'firm.seal.code': 'HTML code of the seal',
  'firm.checkedAt': 'Status checked on {date}.',
  'firm.reports': 'Consumer reports',
  'firm.reports.intro':
    'Calls by this firm that consumers reported since {date} and that Azienda Qualificata found substantiated after checking them. Neither the reports’ text nor who made them is published.',
  'firm.reports.none': 'No substantiated report in the last 12 months.',
  'firm.reports.caption': 'Substantiated reports by kind: {count} in all',
  'firm.reports.kindHeader': 'What happened',
  'firm.reports.countHeader': 'Substantiated reports',
  'firm.reports.kind.unwanted_call': 'Unwanted call',
  'firm.reports.kind.aggressive_selling': 'Aggressive selling',
  'firm.reports.kind.opposition_register_ignored': 'Call despite enrolment in the Registro delle opposizioni (do-not-call register)',
  'firm.reports.kind.operator_location_refused': "Operator's location not told, or an operator in Italy refused",
  'firm.reports.kind.other': 'Other',
  'firm.reports.report': 'Report a call from this firm',

  'verify.title': 'Verify a certificate',
  'verify.intro': 'Type the number printed on the certificate, or scan its QR code.',
  'verify.number.label': 'Certificate number',
  'verify.number.hint': 'AQ-year-six digits, for example AQ-2026-000123.',
  'verify.submit': 'Verify',
  'verify.error.number': 'A certificate number reads AQ-year-six digits, for example AQ-2026-000123.',
  'verify.outcome.valid': 'Certificate VALID',
  'verify.outcome.suspended': 'Certificate SUSPENDED',
  'verify.outcome.revoked': 'Certificate REVOKED',
  'verify.outcome.expired': 'Certificate EXPIRED',
  'verify.outcome.replaced': 'Certificate REPLACED BY A RENEWAL',
  'verify.outcome.unknown': 'Unknown certificate',
  'verify.explain.valid': 'Certificate {number} was issued to {name} and is valid until {date}.',
  'verify.explain.suspended': 'Certificate {number} of {name} has been suspended since {date}: while suspended it does not attest the qualification.',
  'verify.explain.revoked': 'Certificate {number} of {name} was revoked on {date}: it no longer attests the qualification.',
  'verify.explain.expired': 'Certificate {number} of {name} expired on {date}: it no longer attests the qualification.',
  'verify.explain.replaced': 'Certificate {number} of {name} was replaced by {replacement} on {date}: the qualification continues without interruption under the new certificate.',
  'verify.explain.unknown': 'No certificate numbered {number} has ever been issued. A document bearing this number is not a genuine Azienda Qualificata certificate.',
  'verify.firmPage': "The firm's page in the register",
  'verify.checkedAt': 'Checked on {date}.',

  'verifyDocument.title': 'Verify a certificate PDF',
  'verifyDocument.intro':
    'Upload the PDF file of the certificate you received: we tell you whether it is identical, byte for byte, to a certificate the register issued, and what the status of its rating is today.',
  'verifyDocument.file.label': 'PDF file of the certificate',
  'verifyDocument.file.hint': 'A PDF file of up to {megabytes} MB. The file is not kept: we only compute its SHA-256 fingerprint.',
  'verifyDocument.submit': 'Verify the document',
  'verifyDocument.error.missing': 'Choose the PDF file of the certificate to verify.',
  'verifyDocument.error.notPdf': 'The file is not a PDF: an Azienda Qualificata certificate is always a PDF file.',
  'verifyDocument.error.tooLarge': 'The file is larger than {megabytes} MB: an Azienda Qualificata certificate is much smaller, so this is not one.',
  'verifyDocument.outcome.valid': 'Genuine document: valid certificate',
  'verifyDocument.outcome.suspended': 'Genuine document: suspended certificate',
  'verifyDocument.outcome.revoked': 'Genuine document: revoked certificate',
  'verifyDocument.outcome.expired': 'Genuine document: expired certificate',
  'verifyDocument.outcome.replaced': 'Genuine document: certificate replaced by a renewal',
  'verifyDocument.outcome.unknown': 'Document not issued by the register',
  'verifyDocument.explain.issued': 'The file is identical to certificate {number} issued by the register.',
  'verifyDocument.explain.notIssued':
    'This file matches no certificate the register issued: it is not a genuine certificate, or it was altered (a single character is enough). If it bears a certificate number, verify that number too.',
  'verifyDocument.fact.firm': 'Firm',
  'verifyDocument.fact.sha256': 'SHA-256 fingerprint of the uploaded file',
  'verifyDocument.byNumber': 'Only have the certificate number? {link}.',
  'verifyDocument.byNumber.link': 'Verify the number',
  'verifyDocument.fromVerify': 'Have the PDF file of the certificate? {link}.',
  'verifyDocument.fromVerify.link': 'Verify the document',

  'phone.title': 'Who called me?',
  'phone.intro': 'Type the number that called you: we tell you whether one of the firms in the register declared it.',
  'phone.number.label': 'Number that called you',
  'phone.number.hint': 'Written any way: 06 1234567, +39 347 123 4567, 0039 06 1234567.',
  'phone.submit': 'Look up the number',
  'phone.error.number': 'This does not look like a valid phone number: check the digits.',
  'phone.declared': 'The number {number} is declared by this firm of the register.',
  'phone.declaredAt': 'Number declared on {date}.',
  'phone.notValid': "Warning: this firm's rating is not valid.",
  'phone.notDeclared': 'The number {number} is not declared by any firm in the register.',
  'phone.notDeclared.explain': 'Qualified firms declare every number they call from: whoever called you from this number is not one of them.',
  'phone.whatToDo': 'What you can do',
  'phone.todo.opposizioni': 'Enrol your number, free of charge, in the {link} to stop marketing calls.',
  'phone.todo.opposizioni.link': 'Registro pubblico delle opposizioni (Italian do-not-call register)',
  'phone.todo.garante': "Report unwanted marketing calls to the Italian data protection authority (Garante) with its {link}.",
  'phone.todo.garante.link': 'online form',
  'phone.todo.report': 'Report the call to Azienda Qualificata: {link}.',
  'phone.todo.report.link': 'report this call',

  'error.notFound.title': 'Page not found',
  'error.notFound.text': 'This address matches no page of the register.',
  'error.firm.title': 'Firm not in the register',
  'error.firm.text': 'No firm with this VAT number is in the public register, which lists the firms that obtained the blue seal.',
  'error.badRequest.title': 'Invalid request',
  'error.badRequest.text': 'The address holds a value that is not valid: check that it was copied whole.',
  'error.rateLimited.title': 'Too many requests',
  'error.rateLimited.text': 'Too many requests came from your address in a short time. Try again in {seconds} seconds.',
  'error.unexpected.title': 'Something went wrong',
  'error.unexpected.text': 'Something failed on our side: try again later. Request code: {requestId}.',
  'error.back': 'Back to the register',
};

function prefixed<T extends string>(prefix: string, labels: { readonly [K in T]: string }): Record<string, string> {
  return Object.fromEntries(Object.entries<string>(labels).map(([key, label]) => [`${prefix}.${key}`, label]));
}

/** Each workspace area, and the public front door, keeps its texts in a file of its own under messages/. */
const AREAS = [APPEALS_MESSAGES, COMPLAINTS_MESSAGES, WORKSPACE_MESSAGES, FIRM_MESSAGES, AUDITS_MESSAGES, ADMIN_MESSAGES, REPORTS_MESSAGES, PUBLIC_MESSAGES, STATISTICS_MESSAGES, CONFIRMATION_MESSAGES, EVIDENCE_MESSAGES, TRANSPARENCY_MESSAGES, INTEGRATIONS_MESSAGES, MAIL_MESSAGES, HISTORY_MESSAGES, WATCH_MESSAGES, SURVEILLANCE_MESSAGES, TODOS_MESSAGES];
const areaTexts = (language: Language): Record<string, string> => AREAS.reduce<Record<string, string>>((all, area) => ({ ...all, ...area[language] }), {});

const DICTIONARIES: { readonly [L in Language]: Readonly<Record<string, string>> } = {
  it: { ...ITALIAN, ...areaTexts('it'), ...prefixed('status', STATUS_LABELS.it), ...prefixed('event', EVENT_LABELS.it), ...prefixed('reason', REASON_LABELS.it) },
  en: { ...ENGLISH, ...areaTexts('en'), ...prefixed('status', STATUS_LABELS.en), ...prefixed('event', EVENT_LABELS.en), ...prefixed('reason', REASON_LABELS.en) },
};

export class UnknownMessageError extends Error {
  constructor(key: string) {
    super(`No page text has the key ${key}`);
  }
}

/** A page text in the language, with `{name}` placeholders filled; an unknown key is a bug and throws. */
export function translate(language: Language, key: string, values: Readonly<Record<string, unknown>> = {}): string {
  const text = DICTIONARIES[language][key];
  if (text === undefined) throw new UnknownMessageError(key);
  return text.replace(/\{([a-zA-Z]+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

/** Whether a page text has this key: for labels of codes that other parts of the platform may add to. */
export function hasText(language: Language, key: string): boolean {
  return DICTIONARIES[language][key] !== undefined;
}

/** Italian pages unless `?lang=en`; anything else falls back to Italian. */
export function languageOf(requested: unknown): Language {
  return requested === 'en' ? 'en' : 'it';
}

const englishDate = new Intl.DateTimeFormat('en-GB', { timeZone: ITALIAN_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** A date as readers of the language write it, on the calendar of Rome: 24/11/2026, or 24 November 2026. */
export function formatDate(language: Language, instant: Date): string {
  return language === 'it' ? formatItalianDate(instant) : englishDate.format(instant);
}

/** Every key, per language: the dictionaries must agree on keys and placeholders. */
export function messageKeys(language: Language): string[] {
  return Object.keys(DICTIONARIES[language]);
}

const PLURAL_RULES: { readonly [L in Language]: Intl.PluralRules } = { it: new Intl.PluralRules('it-IT'), en: new Intl.PluralRules('en-GB') };

/**
 * A text about a number of things, in the grammatical form the number takes: the key's `.one` or
 * `.other` variant (`1 versione pubblicata`, `3 versioni pubblicate`), with `{count}` filled.
 */
export function translateCount(language: Language, key: string, count: number, values: Readonly<Record<string, unknown>> = {}): string {
  const form = PLURAL_RULES[language].select(count) === 'one' ? 'one' : 'other';
  return translate(language, `${key}.${form}`, { ...values, count });
}
