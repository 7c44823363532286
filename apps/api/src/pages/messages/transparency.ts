import type { Messages } from './messages';

/** The public page of the transparency log: what it proves, its latest checkpoint, how to check it. */
export const TRANSPARENCY_MESSAGES: Messages = {
  it: {
    'footer.transparency': 'Registro trasparente',
    'verify.log.summary': 'Nel registro trasparente: voce n. {index}, contenuta nel punto di controllo di {size} voci',
    'verify.log.explain': 'Questa è la prova che lo stato mostrato è scritto nel registro pubblico che nessuno può riscrivere: {link}.',
    'verify.log.explain.link': 'come funziona e come controllarla',
    'verify.log.leafHash': 'Impronta della voce (base64)',
    'verify.log.proof': 'Prova di inclusione (impronte base64, dalla voce alla radice)',
    'verify.log.noProof': 'Nessuna: la voce è l’unica del registro.',
    'verify.log.checkpoint': 'Il punto di controllo firmato contro cui vale la prova:',
    'transparencyPage.title': 'Registro trasparente',
    'transparencyPage.lead':
      'Ogni decisione pubblica sul bollino blu (rilascio, sospensione, reintegro, revoca, scadenza, rinnovo, e l’impronta di ogni attestato) è scritta in un registro che nessuno può modificare o cancellare senza che si veda, nemmeno chi gestisce questo sito.',
    'transparencyPage.proves.title': 'Che cosa dimostra',
    'transparencyPage.proves.append':
      'Il registro si può solo allungare. Ogni voce ha un numero progressivo senza buchi ed è legata a tutte le precedenti da un albero di impronte crittografiche (SHA-256): cambiare una voce passata cambierebbe tutte le impronte successive.',
    'transparencyPage.proves.signed':
      'A intervalli regolari pubblichiamo un «punto di controllo» firmato: quante voci ci sono e l’impronta di tutto il registro. Chiunque può verificare che ogni nuovo punto di controllo contenga esattamente il precedente, più le voci nuove.',
    'transparencyPage.proves.witness':
      'Un testimone indipendente, gestito dall’Osservatorio Imprese e Consumatori con una propria chiave, controlla ogni punto di controllo e lo controfirma solo se è la continuazione di quello che ha già visto. Se il registro venisse riscritto, il testimone smetterebbe di firmare e ce ne accorgeremmo tutti.',
    'transparencyPage.proves.verify':
      'La verifica di un attestato riporta la sua voce nel registro e la prova che quella voce è contenuta nell’ultimo punto di controllo firmato: non c’è bisogno di fidarsi della nostra parola.',
    'transparencyPage.proves.privacy': 'Il registro contiene solo ciò che il registro pubblico già mostra: numero di attestato, ragione sociale e partita IVA, date, categoria dei motivi. Nessun dato personale, nessuna nota scritta a mano.',
    'transparencyPage.limits.title': 'Che cosa non dimostra',
    'transparencyPage.limits.text':
      'Il registro dimostra che la storia pubblicata è una sola e non è stata cambiata. Non dimostra che una decisione fosse giusta: per quello ci sono l’audit, il controllo a quattro occhi e le segnalazioni.',
    'transparencyPage.checkpoint.title': 'L’ultimo punto di controllo',
    'transparencyPage.checkpoint.none': 'Non è ancora stato pubblicato un punto di controllo.',
    'transparencyPage.checkpoint.size': 'Voci nel registro',
    'transparencyPage.checkpoint.published': 'Pubblicato il',
    'transparencyPage.checkpoint.root': 'Impronta dell’albero (base64)',
    'transparencyPage.checkpoint.cosigned': 'Controfirmato da',
    'transparencyPage.checkpoint.cosignedOn': '{name}, il {date}',
    'transparencyPage.checkpoint.notCosigned': 'Non ancora controfirmato da un testimone.',
    'transparencyPage.checkpoint.note': 'Il punto di controllo firmato, nel formato «signed note»',
    'transparencyPage.checkpoint.key': 'Chiave pubblica del registro',
    'transparencyPage.monitor.title': 'Controllalo tu',
    'transparencyPage.monitor.text':
      'Chiunque può scaricare il registro e verificarlo, senza account, con il programma di controllo incluso nel codice della piattaforma. Il programma controlla la firma, la coerenza con l’ultima volta, ogni voce, e che lo stato di ogni azienda nel registro pubblico sia quello che le voci dicono; si ferma con un errore alla prima differenza.',
    'transparencyPage.monitor.data': 'I dati grezzi, per chi scrive il proprio programma di controllo:',
    'transparencyPage.monitor.checkpoint': 'il punto di controllo firmato',
    'transparencyPage.monitor.run': 'Con Node.js, dalla cartella del codice della piattaforma:',
    'transparencyPage.monitor.tiles': 'la prima tessera delle voci (formato C2SP tlog-tiles)',
    'transparencyPage.monitor.api': 'le prove in JSON (documentazione dell’API, sezione «transparency log»)',
  },
  en: {
    'footer.transparency': 'Transparency log',
    'verify.log.summary': 'In the transparency log: entry no. {index}, contained in the checkpoint of {size} entries',
    'verify.log.explain': 'This proves that the status shown is written in the public log nobody can rewrite: {link}.',
    'verify.log.explain.link': 'how it works and how to check it',
    'verify.log.leafHash': 'Fingerprint of the entry (base64)',
    'verify.log.proof': 'Inclusion proof (base64 fingerprints, from the entry up to the root)',
    'verify.log.noProof': 'None: the entry is the only one in the log.',
    'verify.log.checkpoint': 'The signed checkpoint the proof holds against:',
    'transparencyPage.title': 'Transparency log',
    'transparencyPage.lead':
      'Every public decision on the blue seal (issue, suspension, reinstatement, revocation, expiry, renewal, and the fingerprint of each certificate) is written in a log that nobody can change or delete without it showing, not even whoever runs this site.',
    'transparencyPage.proves.title': 'What it proves',
    'transparencyPage.proves.append':
      'The log can only grow. Every entry has a number without gaps and is bound to all the earlier ones by a tree of cryptographic fingerprints (SHA-256): changing a past entry would change every fingerprint after it.',
    'transparencyPage.proves.signed':
      'At regular intervals we publish a signed "checkpoint": how many entries there are and the fingerprint of the whole log. Anyone can check that each new checkpoint contains exactly the previous one, plus the new entries.',
    'transparencyPage.proves.witness':
      'An independent witness, run by the Osservatorio Imprese e Consumatori with its own key, checks every checkpoint and countersigns it only if it continues the one it has already seen. If the log were rewritten, the witness would stop signing and everybody would notice.',
    'transparencyPage.proves.verify':
      'Verifying a certificate shows its entry in the log and the proof that the entry is contained in the latest signed checkpoint: there is no need to take our word for it.',
    'transparencyPage.proves.privacy': 'The log holds only what the public registry already shows: certificate number, company name and VAT number, dates, reason categories. No personal data, no hand-written notes.',
    'transparencyPage.limits.title': 'What it does not prove',
    'transparencyPage.limits.text':
      'The log proves that the published history is one and has not been changed. It does not prove that a decision was right: that is what the audit, the four-eyes review and consumer reports are for.',
    'transparencyPage.checkpoint.title': 'The latest checkpoint',
    'transparencyPage.checkpoint.none': 'No checkpoint has been published yet.',
    'transparencyPage.checkpoint.size': 'Entries in the log',
    'transparencyPage.checkpoint.published': 'Published on',
    'transparencyPage.checkpoint.root': 'Tree fingerprint (base64)',
    'transparencyPage.checkpoint.cosigned': 'Countersigned by',
    'transparencyPage.checkpoint.cosignedOn': '{name}, on {date}',
    'transparencyPage.checkpoint.notCosigned': 'Not countersigned by a witness yet.',
    'transparencyPage.checkpoint.note': 'The signed checkpoint, in the "signed note" format',
    'transparencyPage.checkpoint.key': 'Public key of the log',
    'transparencyPage.monitor.title': 'Check it yourself',
    'transparencyPage.monitor.text':
      'Anyone can download the log and verify it, with no account, with the monitor that comes with the platform’s code. It checks the signature, the consistency with the last run, every entry, and that each firm’s status in the public registry is what the entries say; it stops with an error at the first difference.',
    'transparencyPage.monitor.data': 'The raw data, for whoever writes their own monitor:',
    'transparencyPage.monitor.checkpoint': 'the signed checkpoint',
    'transparencyPage.monitor.run': 'With Node.js, from the folder of the platform’s code:',
    'transparencyPage.monitor.tiles': 'the first tile of entries (C2SP tlog-tiles format)',
    'transparencyPage.monitor.api': 'the proofs as JSON (API documentation, "transparency log" section)',
  },
};
