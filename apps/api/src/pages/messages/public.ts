import type { Messages } from './messages';

/**
 * The public front door's texts: the home page, what the seal means, the consumer decalogue, the
 * readable checklist, the accessibility statement and the privacy notice, and the footer that links them.
 * Numbers that come from configuration (months, days) are placeholders, so the pages state the real rules.
 */
export const PUBLIC_MESSAGES: Messages = {
  it: {
    'nav.report': 'Segnala',
    'nav.seal': 'Il bollino',

    'footer.label': 'Informazioni',
    'footer.seal': 'Il bollino blu',
    'footer.decalogue': 'Decalogo per i consumatori',
    'footer.checklist': 'Lista di controllo',
    'footer.accessibility': 'Accessibilità',
    'footer.privacy': 'Privacy',

    'home.title': 'Il registro del bollino blu dei contact center',
    'home.lead': 'Controlla se un contact center è qualificato, scopri chi ti ha chiamato e cosa fare contro le chiamate indesiderate.',
    'home.search.title': 'Cerca un’azienda',
    'home.phone.title': 'Chi mi ha chiamato?',
    'home.what.title': 'Che cos’è il bollino blu',
    'home.what.text':
      "Il bollino blu «Azienda Qualificata» è il rating dei contact center che fanno telemarketing rispettando le regole. Lo ottiene l'azienda che ha adottato il codice di autoregolamentazione sul telemarketing, ha formato il personale su privacy e sicurezza sul lavoro, non ha ricevuto sanzioni definitive per violazioni dei dati o danni ai clienti nei due anni precedenti e tutela i consumatori con misure rafforzate.",
    'home.what.more': '{link}.',
    'home.what.more.link': 'Cosa garantisce il bollino, e cosa no',
    'home.who.title': 'Chi lo rilascia',
    'home.who.text':
      "Lo rilasciano Assocontact, l'associazione dei contact center, e l'Osservatorio Imprese e Consumatori (OIC), al termine di un audit: un valutatore esamina l'azienda punto per punto e un deliberante, che non può essere lo stesso valutatore, decide. Il rating vale {months} mesi; per rinnovarlo serve un nuovo audit.",
    'home.who.more': 'I punti controllati sono nella {link}.',
    'home.who.more.link': 'lista di controllo pubblica',
    'home.call.title': 'Hai ricevuto una chiamata indesiderata?',
    'home.call.lookup': 'Cerca il numero qui sopra, in «Chi mi ha chiamato?»: le aziende qualificate dichiarano tutti i numeri da cui chiamano.',
    'home.call.report': 'Segnalala anche a noi con il {link}: se il numero è di un’azienda del registro le chiediamo di rispondere, e le segnalazioni fondate contano per la sorveglianza del bollino.',
    'home.call.report.link': 'modulo di segnalazione',
    'home.call.decalogue': 'Altri consigli pratici nel {link}.',
    'home.call.decalogue.link': 'decalogo per i consumatori',
    'home.changes.title': 'Ultime variazioni del registro',
    'home.changes.none': 'Il registro non ha ancora variazioni.',
    'home.changes.feed': 'Tutte le variazioni, da seguire con un lettore di notizie: {link}.',
    'home.changes.feed.link': 'feed Atom del registro',

    'area.code_adoption.name': 'Rispetta il codice del telemarketing',
    'area.code_adoption.plain':
      "Ha adottato formalmente il codice di autoregolamentazione di Assocontact e OIC e lo applica anche a chi chiama per suo conto; è iscritta al Registro degli operatori di comunicazione (ROC) con tutti i numeri da cui chiama; controlla le sue liste sul Registro pubblico delle opposizioni prima di ogni campagna; avvisa le autorità prima di spostare il servizio fuori dall'Unione europea.",
    'area.training.name': 'Ha formato il personale',
    'area.training.plain':
      'Chi chiama è formato sulla protezione dei dati personali (GDPR) e sulle regole del contatto, e tutti i lavoratori sono formati su salute e sicurezza sul lavoro.',
    'area.sanctions.name': 'Nessuna sanzione definitiva negli ultimi due anni',
    'area.sanctions.plain':
      "Nei due anni prima della decisione non ha ricevuto sanzioni definitive del Garante privacy, dell'AGCOM, dell'AGCM o di un giudice per violazioni dei dati o comportamenti dannosi per i clienti. Questo punto non lo dichiara l'azienda: lo calcola la piattaforma dal registro delle sanzioni.",
    'area.consumer_protection.name': 'Tutela i consumatori',
    'area.consumer_protection.plain':
      "All'inizio della chiamata l'operatore dice chi è, per chi chiama e da quale Paese; se lo chiedi, ti passa un operatore in Italia nella stessa chiamata; chiama solo da numeri dichiarati e mai anonimi; i reclami hanno canali gratuiti e una procedura scritta; i servizi sono accessibili alle persone con disabilità.",

    'sealPage.title': 'Il bollino blu: cosa garantisce e cosa no',
    'sealPage.lead':
      'Il bollino blu «Azienda Qualificata» dice che un contact center ha superato un audit sulle regole del telemarketing. Ecco cosa ha dimostrato, cosa non garantisce, come si leggono i suoi stati e come controllarlo.',
    'sealPage.shown.title': 'Cosa ha dimostrato un’azienda qualificata',
    'sealPage.shown.intro': "Durante l'audit l'azienda ha dimostrato, con documenti controllati da un valutatore, queste quattro cose:",
    'sealPage.shown.more': 'Ogni punto controllato è nella {link}.',
    'sealPage.shown.more.link': 'lista di controllo',
    'sealPage.not.title': 'Cosa il bollino non garantisce',
    'sealPage.not.licence.title': 'Non è un permesso di chiamarti.',
    'sealPage.not.licence.text':
      "Anche un'azienda qualificata può chiamarti solo quando la legge lo consente: se il tuo numero è iscritto al Registro pubblico delle opposizioni, o ti sei opposto alle chiamate, non deve chiamarti.",
    'sealPage.not.single.title': 'Non garantisce ogni singola chiamata.',
    'sealPage.not.single.text':
      "L'audit controlla procedure, documenti e un campione dell'attività: una chiamata scorretta può capitare anche con un'azienda qualificata. Se succede, segnalala.",
    'sealPage.not.undeclared.title': 'Non copre i numeri non dichiarati.',
    'sealPage.not.undeclared.text':
      "Il bollino riguarda le chiamate dai numeri che l'azienda ha dichiarato nel registro. Chi chiama da un altro numero dicendo di lavorare per un'azienda qualificata non è coperto: controlla il numero in «Chi mi ha chiamato?».",
    'sealPage.not.live.title': 'Lo stato può cambiare.',
    'sealPage.not.live.text':
      "Un rating può essere sospeso, revocato o scadere: un'immagine del bollino su un sito o un attestato stampato non bastano. Controlla lo stato di oggi nel registro.",
    'sealPage.statuses.title': 'Gli stati del bollino',
    'sealPage.statuses.intro': 'Il bollino, la scheda nel registro e la verifica di un attestato mostrano sempre lo stato di oggi, che è uno di questi quattro.',
    'sealPage.status.how': 'Come ci si arriva',
    'sealPage.status.means': 'Cosa significa per te',
    'sealPage.status.active.how':
      "L'azienda ha superato l'audit e un deliberante, diverso dal valutatore, ha approvato il rating. Vale {months} mesi dal rilascio.",
    'sealPage.status.active.means': "L'azienda è qualificata: ha dimostrato i quattro requisiti e ha dichiarato i numeri da cui chiama.",
    'sealPage.status.suspended.how':
      'Un deliberante sospende il rating mentre verifica un problema serio, per esempio segnalazioni fondate o una nuova sanzione, con un motivo e una nota pubblica. Se la sospensione non è tolta entro {days} giorni, il rating è revocato da solo.',
    'sealPage.status.suspended.means': "Durante la sospensione l'azienda non è qualificata. Se le verifiche si chiudono senza rilievi, il rating torna valido.",
    'sealPage.status.revoked.how':
      'Un deliberante può revocare il rating in ogni momento, con una nota pubblica, per uno di questi motivi: {reasons}. La revoca arriva anche da sola dopo {days} giorni di sospensione.',
    'sealPage.status.revoked.means': "L'azienda non è più qualificata. Una revoca è definitiva: per riavere il bollino l'azienda deve fare una nuova domanda e superare un nuovo audit.",
    'sealPage.status.expired.how': 'Sono passati {months} mesi dal rilascio senza un rinnovo: il rating scade da solo, senza bisogno di alcun atto.',
    'sealPage.status.expired.means': "L'azienda non è qualificata finché non ottiene un nuovo rating con un nuovo audit. Una scadenza non è una sanzione.",
    'sealPage.listed.title': 'Per quanto tempo un’azienda revocata resta nel registro',
    'sealPage.listed.text':
      "Sempre. Un'azienda che ha ottenuto il bollino resta nel registro anche quando il rating è sospeso, revocato o scaduto, e non viene mai cancellata: la revoca, con il motivo e la nota pubblica, resta visibile nella sua scheda, nella storia pubblica del rating, nei dati aperti e nel feed delle variazioni.",
    'sealPage.verify.title': 'Come controllare un’azienda o un attestato',
    'sealPage.verify.number': 'Dal numero che ti ha chiamato: scrivilo in {link} e ti diciamo quale azienda del registro lo ha dichiarato, con lo stato del suo rating.',
    'sealPage.verify.number.link': 'Chi mi ha chiamato?',
    'sealPage.verify.name': "Dal nome, dalla Partita IVA o dalla città: cerca l'azienda nel {link}.",
    'sealPage.verify.name.link': 'registro',
    'sealPage.verify.certificate': 'Dal numero di attestato: ogni attestato ha un numero come AQ-2026-000123 da scrivere nella {link}.',
    'sealPage.verify.certificate.link': 'verifica di un attestato',
    'sealPage.verify.qr': "Dal codice QR: il codice stampato sull'attestato apre la sua pagina di verifica nel registro, con lo stato di oggi.",
    'sealPage.verify.pdf': "Dal file PDF: con la {link} scopri se il file è identico, byte per byte, a un attestato rilasciato dal registro.",
    'sealPage.verify.pdf.link': 'verifica del documento',
    'sealPage.verify.sha256':
      "L'impronta SHA-256: per ogni attestato il registro pubblica, nella scheda dell'azienda, l'impronta SHA-256 del suo PDF firmato, una sequenza di 64 caratteri che cambia se nel file cambia anche un solo carattere. La verifica del documento la calcola per te e la confronta.",
    'sealPage.verify.seal':
      "Il bollino sul sito di un'azienda è un'immagine aggiornata dal registro che porta alla sua scheda: se un bollino non porta al registro, o la scheda dice un altro stato, non fidarti.",

    'decalogue.title': 'Decalogo: dieci consigli per le chiamate di telemarketing',
    'decalogue.lead': 'Cosa fare quando ti chiama un contact center, in dieci punti pratici, dalle regole su cui si basa il bollino blu.',
    'decalogue.1.title': 'Controlla chi ti chiama.',
    'decalogue.1.text':
      "Prima di richiamare o di dare qualsiasi informazione, cerca il numero in {link}. Le aziende con il bollino blu dichiarano tutti i numeri da cui chiamano: un numero che non risulta non è di un'azienda qualificata.",
    'decalogue.1.link': 'Chi mi ha chiamato?',
    'decalogue.2.title': 'Iscriviti al Registro pubblico delle opposizioni.',
    'decalogue.2.text':
      "L'{link} è gratuita, non scade e si può revocare quando vuoi. Chi fa telemarketing deve togliere dalle sue liste i numeri iscritti, a meno che tu non abbia dato il consenso dopo l'iscrizione.",
    'decalogue.2.link': 'iscrizione al Registro pubblico delle opposizioni',
    'decalogue.3.title': 'Chiedi chi chiama, e per conto di chi.',
    'decalogue.3.text':
      "L'operatore deve dirti subito il suo nome, l'azienda per cui lavora, il committente e lo scopo della chiamata. Un'azienda qualificata non chiama mai da un numero nascosto. Se non ottieni risposte chiare, chiudi la chiamata.",
    'decalogue.4.title': 'Chiedi da dove chiama.',
    'decalogue.4.text':
      "Chi ti chiama da un call center deve dirti in quale Paese si trova l'operatore. Puoi chiedere di parlare con un operatore in Italia: deve passartelo nella stessa chiamata, senza farti richiamare o comporre un altro numero.",
    'decalogue.5.title': 'Non dare dati che non servono.',
    'decalogue.5.text':
      "Non comunicare IBAN, codici delle bollette, documenti o codici ricevuti per SMS a chi non hai identificato con certezza, e non rispondere «sì» a domande generiche: chiedi di ricevere l'offerta per iscritto e leggila con calma.",
    'decalogue.6.title': 'Chiedi come hanno avuto il tuo numero, e opponiti.',
    'decalogue.6.text':
      "Il GDPR ti dà il diritto di sapere quali dati un'azienda ha su di te e da dove li ha presi, e di opporti in ogni momento alle chiamate commerciali. Dillo all'operatore: un'azienda qualificata registra subito la tua richiesta e la rispetta in tutte le campagne.",
    'decalogue.7.title': 'Controlla il bollino oggi, non una volta per tutte.',
    'decalogue.7.text':
      "Un logo su un sito o un attestato mandato per e-mail non bastano: cerca l'azienda nel {link} o verifica il numero dell'attestato. Il rating può essere sospeso, revocato o scaduto.",
    'decalogue.7.link': 'registro',
    'decalogue.8.title': 'Annota giorno, ora e numero.',
    'decalogue.8.text': 'Scrivi subito il numero che ti ha chiamato, il giorno, l’ora e cosa ti è stato proposto: servono per ogni segnalazione.',
    'decalogue.9.title': 'Segnala le chiamate indesiderate al Garante.',
    'decalogue.9.text':
      "Il Garante per la protezione dei dati personali raccoglie le segnalazioni di chiamate promozionali indesiderate con il suo {link}. Chi viola il GDPR rischia sanzioni fino a 20 milioni di euro o al 4% del fatturato annuo.",
    'decalogue.9.link': 'modulo online',
    'decalogue.10.title': 'Segnala la chiamata anche qui.',
    'decalogue.10.text':
      "Con il {link} la chiamata arriva al nostro personale; se il numero è di un'azienda del registro, gliela inoltriamo e l'azienda ha {days} giorni per rispondere. Le segnalazioni fondate compaiono, solo come conteggi, nella scheda dell'azienda e possono portare a una revisione del bollino, fino alla revoca.",
    'decalogue.10.link': 'modulo di segnalazione',
    'decalogue.sources.title': 'Fonti',
    'decalogue.sources.opposizioni': 'Registro pubblico delle opposizioni',
    'decalogue.sources.garanteForm': 'Garante per la protezione dei dati personali: segnalazione di telefonate indesiderate',
    'decalogue.sources.garante': 'Garante per la protezione dei dati personali',
    'decalogue.sources.gdpr': 'Regolamento (UE) 2016/679, il GDPR (EUR-Lex)',
    'decalogue.sources.budgetLaw': 'Legge 11 dicembre 2016, n. 232 (legge di bilancio 2017): le regole sui call center (Normattiva)',
    'decalogue.sources.checklist': 'La lista di controllo del bollino blu',
    'decalogue.sources.seal': 'Cosa garantisce il bollino blu',

    'checklistPage.title': 'La lista di controllo del bollino blu',
    'checklistPage.versionTitle': 'Lista di controllo, versione {version}',
    'checklistPage.lead':
      "Sono i punti su cui un valutatore esamina ogni azienda che chiede il bollino. Ogni audit si svolge, e resta archiviato, sulla versione della lista in vigore quando è iniziato.",
    'checklistPage.current': 'Versione {version}, in vigore dal {date}.',
    'checklistPage.earlier': 'Versione {version}, pubblicata il {date}: non è più in vigore, ma vale per gli audit iniziati quando lo era.',
    'checklistPage.toCurrent': 'Leggi la {link}.',
    'checklistPage.toCurrent.link': 'versione in vigore',
    'checklistPage.areaItems': 'Punti di questa area',
    'checklistPage.item.reference': 'Punto {code}',
    'checklistPage.item.check': 'Cosa controlla il valutatore',
    'checklistPage.item.evidence': 'Prove',
    'checklistPage.item.evidence.yes': "L'azienda deve caricare documenti a prova, che il valutatore esamina.",
    'checklistPage.item.evidence.no': "Nessun documento da caricare: l'azienda risponde e il valutatore verifica.",
    'checklistPage.item.evidence.computed': "Nessuna: l'azienda non dichiara nulla.",
    'checklistPage.item.who': 'Chi lo valuta',
    'checklistPage.item.who.declared': "L'azienda risponde, il valutatore controlla.",
    'checklistPage.item.who.computed': 'La piattaforma lo calcola dal registro delle sanzioni, con la regola dei due anni spiegata qui sotto.',
    'checklistPage.item.outcome': 'Se non è rispettato',
    'checklistPage.item.outcome.blocking': 'Il rating non può essere rilasciato.',
    'checklistPage.item.outcome.notBlocking': "È una non conformità da correggere, che il deliberante valuta: da sola non impedisce il rating.",
    'checklistPage.item.optional': 'Punto facoltativo.',
    'checklistPage.rule.title': 'La regola dei due anni per le sanzioni',
    'checklistPage.rule.window':
      "Nel giorno della decisione sul rating conta ogni sanzione diventata definitiva nei {years} anni precedenti: dal giorno dopo la stessa data di {years} anni prima fino al giorno della decisione compreso, a giorni di calendario (il 29 febbraio meno due anni è il 28 febbraio).",
    'checklistPage.rule.which':
      "Contano solo le sanzioni del Garante per la protezione dei dati personali, dell'AGCOM, dell'AGCM o di un giudice per violazioni dei dati o comportamenti dannosi per i clienti: una sanzione per altro, per esempio fiscale, non conta.",
    'checklistPage.rule.appeal': 'Una sanzione ancora impugnata non esclude il rating, ma il deliberante la vede prima di decidere.',
    'checklistPage.rule.later': 'Se una sanzione diventa definitiva mentre l’azienda ha un rating attivo, si apre subito una revisione che può portare alla revoca.',
    'checklistPage.versions.title': 'Tutte le versioni',
    'checklistPage.versions.version': 'Versione',
    'checklistPage.versions.published': 'Pubblicata il',
    'checklistPage.versions.items': 'Punti',
    'checklistPage.versions.state': 'Stato',
    'checklistPage.versions.current': 'In vigore',
    'checklistPage.versions.earlier': 'Non più in vigore',
    'checklistPage.versions.reading': 'Stai leggendo questa versione',
    'checklistPage.json': 'Gli stessi dati in formato JSON: {link}.',
    'checklistPage.json.link': 'API della lista di controllo',

    'a11y.title': 'Dichiarazione di accessibilità',
    'a11y.lead': 'Vogliamo che il registro e i servizi per i consumatori siano usabili da tutti, anche con un lettore di schermo, con la sola tastiera o su un telefono.',
    'a11y.status.title': 'Stato di conformità',
    'a11y.status.text':
      'Le pagine di questo sito sono parzialmente conformi alle WCAG 2.2, livelli A e AA (norma europea EN 301 549). Ogni modifica è controllata con test automatici (axe-core) su un telefono e su un computer, che non segnalano violazioni; i test automatici però non trovano tutti i problemi, e una verifica completa con persone che usano tecnologie assistive non è ancora stata fatta.',
    'a11y.done.title': 'Cosa abbiamo fatto',
    'a11y.done.noScript': 'Tutte le pagine funzionano senza JavaScript: ricerche, verifiche e moduli sono normali pagine e moduli HTML.',
    'a11y.done.keyboard': 'Tutto si usa con la tastiera; il primo elemento di ogni pagina è il collegamento «Vai al contenuto» e lo stato attivo è sempre visibile.',
    'a11y.done.phone': 'Le pagine si leggono su uno schermo largo 360 pixel senza scorrere di lato e il testo si può ingrandire.',
    'a11y.done.contrast': 'I colori del testo hanno un contrasto di almeno 4,5:1; gli stati (Valido, Sospeso, Revocato, Scaduto) sono sempre scritti a parole, non solo indicati con un colore.',
    'a11y.done.forms': 'Ogni campo ha un’etichetta e un suggerimento; gli errori sono scritti accanto al campo e riassunti in cima al modulo, con un collegamento a ciascun campo.',
    'a11y.done.language': 'Ogni pagina dichiara la sua lingua ed esiste anche in inglese.',
    'a11y.limits.title': 'Limiti noti',
    'a11y.limits.pdf': "Gli attestati in PDF non sono ancora stati verificati con i lettori di schermo: le stesse informazioni, aggiornate, sono nella pagina di verifica di ogni attestato.",
    'a11y.limits.external': 'Le pagine di altri enti a cui rimandiamo, come il Registro pubblico delle opposizioni e il modulo del Garante, non dipendono da noi.',
    'a11y.feedback.title': 'Segnalare un problema',
    'a11y.feedback.text':
      "Se una pagina non è accessibile per te, scrivi al gestore del registro indicando l'indirizzo della pagina e il problema: ti risponderemo e, se serve, ti daremo le stesse informazioni in un'altra forma.",

    'privacy.title': 'Informativa sulla privacy',
    'privacy.lead': 'Cosa conserviamo quando usi questo sito, per quanto tempo e chi lo vede.',
    'privacy.public.title': 'Chi consulta il registro',
    'privacy.public.text':
      "Per cercare un'azienda, verificare un attestato o controllare un numero non serve un account e non chiediamo dati. Per limitare gli abusi contiamo per un minuto, in memoria, le richieste di ogni indirizzo IP; i registri tecnici del server servono solo alla sicurezza e a correggere gli errori. Il file PDF caricato nella verifica del documento non viene conservato: ne calcoliamo solo l'impronta.",
    'privacy.cookies':
      "Usiamo solo cookie tecnici: uno protegge i moduli dagli invii di altri siti, uno mantiene l'accesso all'area riservata e uno mostra una sola volta il messaggio dopo un'azione. Nessun cookie di profilazione, di statistica o di terze parti.",
    'privacy.complaints.title': 'Reclami sullo schema',
    'privacy.complaints.kept':
      "Di un reclamo conserviamo il testo, l'azienda indicata e, solo se lo date, l'indirizzo e-mail, che usiamo soltanto per confermare la ricezione e comunicare l'esito. Il reclamo è letto dal personale dello schema (amministratori e revisori) e non è mai pubblicato; l'indirizzo non compare nello storico delle operazioni.",
    'privacy.complaints.howLong': "L'indirizzo e-mail è conservato finché il reclamo è aperto e cancellato {months} mesi dopo la chiusura; il testo e l'esito restano, senza l'indirizzo, come registro dello schema.",
    'privacy.reports.title': 'Segnalazioni dei consumatori',
    'privacy.reports.kept':
      "Cosa conserviamo: il numero che ti ha chiamato, il giorno e l'ora della chiamata, cosa è successo, la tua descrizione, la tua e-mail se la indichi, il tuo consenso a darla all'azienda (con il testo che hai letto) e un codice calcolato dalla tua e-mail o dalla tua rete, che serve a contare una sola volta la stessa segnalazione. Il tuo indirizzo IP non viene conservato.",
    'privacy.reports.who':
      "Chi la vede: il nostro personale che esamina le segnalazioni. All'azienda che ha dichiarato il numero inoltriamo la descrizione, e la tua e-mail solo se hai dato il consenso. Il pubblico non vede mai la segnalazione né chi l'ha fatta: nella scheda dell'azienda compare solo il numero di segnalazioni fondate per tipo, e la pagina di una segnalazione mostra solo lo stato e le date.",
    'privacy.reports.howLong':
      "Per quanto tempo: {months} mesi dopo l'arrivo della segnalazione cancelliamo la tua e-mail, il codice, il consenso e ogni testo libero (la tua descrizione, la risposta dell'azienda e le note del personale). Resta solo un dato statistico anonimo: numero, azienda, tipo, date ed esito.",
    'privacy.accounts.title': 'Account delle aziende e del personale',
    'privacy.accounts.kept':
      "Cosa conserviamo: nome, e-mail e ruolo; la password solo in forma non reversibile. Per ogni accesso conserviamo l'impronta del codice di sessione, l'indirizzo IP e il browser; la sessione scade dopo {hours} ore. Registriamo anche i tentativi di accesso (e-mail, indirizzo IP, esito, ora) per bloccare chi prova a indovinare le password.",
    'privacy.accounts.firm':
      "I dati dell'azienda e i documenti caricati per l'audit sono visibili solo all'azienda, al valutatore e al deliberante. Nel registro pubblico compaiono solo nome, Partita IVA, sede, sito web, numeri chiamanti dichiarati e stato del rating, mai contatti, utenti, documenti o note dell'audit.",
    'privacy.accounts.howLong':
      "Per quanto tempo: l'account resta finché non viene disattivato; le azioni sul rating (chi ha deciso cosa e quando) restano in uno storico che non si può modificare né cancellare, senza testi liberi né dati dei consumatori. I dati delle sessioni e dei tentativi di accesso sono conservati come registro di sicurezza.",
    'privacy.rights.title': 'I tuoi diritti',
    'privacy.rights.text':
      "Puoi chiedere al gestore del registro di accedere ai tuoi dati, correggerli o cancellarli e opporti al loro trattamento, come prevede il GDPR. Se ritieni che i tuoi dati siano trattati in modo illecito, puoi presentare reclamo al {link}.",
    'privacy.rights.link': 'Garante per la protezione dei dati personali',
    'privacy.atConsent.signUp': 'Come trattiamo i dati del tuo account: {link}.',
    'privacy.atConsent.report': 'Come trattiamo la segnalazione e la tua e-mail, e per quanto tempo: {link}.',
    'privacy.atConsent.link': 'informativa sulla privacy',
  },
  en: {
    'nav.report': 'Report a call',
    'nav.seal': 'The seal',

    'footer.label': 'About',
    'footer.seal': 'The blue seal',
    'footer.decalogue': 'Consumer decalogue',
    'footer.checklist': 'Checklist',
    'footer.accessibility': 'Accessibility',
    'footer.privacy': 'Privacy',

    'home.title': 'The register of the contact-center blue seal',
    'home.lead': 'Check whether a contact center is qualified, find out who called you, and what to do about unwanted calls.',
    'home.search.title': 'Find a firm',
    'home.phone.title': 'Who called me?',
    'home.what.title': 'What the blue seal is',
    'home.what.text':
      'The “Azienda Qualificata” blue seal is the rating of contact centers that do telemarketing by the rules. A firm obtains it when it has adopted the self-regulation code on telemarketing, trained its staff on privacy and workplace safety, received no definitive sanction for data violations or harm to customers in the previous two years, and protects consumers with reinforced measures.',
    'home.what.more': '{link}.',
    'home.what.more.link': 'What the seal guarantees, and what it does not',
    'home.who.title': 'Who grants it',
    'home.who.text':
      'Assocontact, the association of contact centers, and the Osservatorio Imprese e Consumatori (OIC, a business and consumer observatory) grant it after an audit: an auditor examines the firm point by point and a reviewer, who cannot be the same auditor, decides. The rating is valid for {months} months; renewing it takes a new audit.',
    'home.who.more': 'The points checked are in the {link}.',
    'home.who.more.link': 'public checklist',
    'home.call.title': 'Received an unwanted call?',
    'home.call.lookup': 'Look up the number above, in “Who called me?”: qualified firms declare every number they call from.',
    'home.call.report': 'Report it to us as well with the {link}: if the number belongs to a firm in the register we ask the firm to answer, and substantiated reports count for the seal’s surveillance.',
    'home.call.report.link': 'report form',
    'home.call.decalogue': 'More practical advice in the {link}.',
    'home.call.decalogue.link': 'consumer decalogue',
    'home.changes.title': 'Latest changes to the register',
    'home.changes.none': 'The register has no changes yet.',
    'home.changes.feed': 'Every change, to follow in a news reader: {link}.',
    'home.changes.feed.link': 'the register’s Atom feed',

    'area.code_adoption.name': 'It follows the telemarketing code',
    'area.code_adoption.plain':
      'It has formally adopted the Assocontact and OIC self-regulation code and applies it to whoever calls on its behalf; it is registered in the Register of Communication Operators (ROC) with every number it calls from; it checks its lists against the Registro pubblico delle opposizioni (the do-not-call register) before every campaign; it notifies the authorities before moving service outside the European Union.',
    'area.training.name': 'It has trained its staff',
    'area.training.plain': 'Those who call are trained on personal data protection (GDPR) and on the rules of contact, and every worker is trained on health and safety at work.',
    'area.sanctions.name': 'No definitive sanction in the last two years',
    'area.sanctions.plain':
      'In the two years before the decision it received no definitive sanction from the data protection authority (Garante privacy), AGCOM, AGCM or a court for data violations or conduct harmful to customers. The firm does not declare this point: the platform computes it from the sanctions register.',
    'area.consumer_protection.name': 'It protects consumers',
    'area.consumer_protection.plain':
      'At the start of the call the operator says who they are, for whom they call and from which country; if you ask, they pass you an operator in Italy in the same call; it calls only from declared numbers, never hidden ones; complaints have free channels and a written procedure; its services are accessible to people with disabilities.',

    'sealPage.title': 'The blue seal: what it guarantees and what it does not',
    'sealPage.lead':
      'The “Azienda Qualificata” blue seal says that a contact center passed an audit on the rules of telemarketing. Here is what it has shown, what the seal does not guarantee, how to read its statuses and how to check it.',
    'sealPage.shown.title': 'What a qualified firm has shown',
    'sealPage.shown.intro': 'During the audit the firm showed, with documents checked by an auditor, these four things:',
    'sealPage.shown.more': 'Every point checked is in the {link}.',
    'sealPage.shown.more.link': 'checklist',
    'sealPage.not.title': 'What the seal does not guarantee',
    'sealPage.not.licence.title': 'It is not a licence to call you.',
    'sealPage.not.licence.text':
      'A qualified firm too may call you only when the law allows it: if your number is enrolled in the Registro pubblico delle opposizioni, or you objected to calls, it must not call you.',
    'sealPage.not.single.title': 'It does not guarantee every single call.',
    'sealPage.not.single.text':
      'The audit checks procedures, documents and a sample of the activity: an improper call can happen with a qualified firm too. If it does, report it.',
    'sealPage.not.undeclared.title': 'It does not cover undeclared numbers.',
    'sealPage.not.undeclared.text':
      'The seal concerns calls from the numbers the firm declared in the register. Someone calling from another number and claiming to work for a qualified firm is not covered: look the number up in “Who called me?”.',
    'sealPage.not.live.title': 'Its status can change.',
    'sealPage.not.live.text':
      "A rating can be suspended, revoked or expire: a picture of the seal on a website or a printed certificate is not enough. Check today's status in the register.",
    'sealPage.statuses.title': 'The seal’s statuses',
    'sealPage.statuses.intro': "The seal, the firm's page in the register and the verification of a certificate always show today's status, which is one of these four.",
    'sealPage.status.how': 'How a firm gets there',
    'sealPage.status.means': 'What it means for you',
    'sealPage.status.active.how': 'The firm passed the audit and a reviewer, other than the auditor, approved the rating. It is valid for {months} months from issue.',
    'sealPage.status.active.means': 'The firm is qualified: it has shown the four requirements and declared the numbers it calls from.',
    'sealPage.status.suspended.how':
      'A reviewer suspends the rating while checking a serious problem, for example substantiated reports or a new sanction, with a reason and a public note. A suspension not lifted within {days} days becomes a revocation by itself.',
    'sealPage.status.suspended.means': 'While suspended the firm is not qualified. If the checks end with nothing found, the rating is valid again.',
    'sealPage.status.revoked.how':
      'A reviewer can revoke the rating at any time, with a public note, for one of these reasons: {reasons}. A revocation also comes by itself after {days} days of suspension.',
    'sealPage.status.revoked.means': 'The firm is no longer qualified. A revocation is final: to get the seal back the firm must apply again and pass a new audit.',
    'sealPage.status.expired.how': '{months} months have passed since issue without a renewal: the rating expires by itself, with no act needed.',
    'sealPage.status.expired.means': 'The firm is not qualified until it obtains a new rating through a new audit. An expiry is not a sanction.',
    'sealPage.listed.title': 'How long a revoked firm stays in the register',
    'sealPage.listed.text':
      "Always. A firm that obtained the seal stays in the register when its rating is suspended, revoked or expired, and is never removed: the revocation, with its reason and public note, stays visible on the firm's page, in the rating's public history, in the open data and in the changes feed.",
    'sealPage.verify.title': 'How to check a firm or a certificate',
    'sealPage.verify.number': 'From the number that called you: type it in {link} and we tell you which firm of the register declared it, with the status of its rating.',
    'sealPage.verify.number.link': 'Who called me?',
    'sealPage.verify.name': 'From the name, the VAT number or the city: search for the firm in the {link}.',
    'sealPage.verify.name.link': 'register',
    'sealPage.verify.certificate': 'From the certificate number: every certificate has a number such as AQ-2026-000123 to type in the {link}.',
    'sealPage.verify.certificate.link': 'certificate verification',
    'sealPage.verify.qr': "From the QR code: the code printed on the certificate opens its verification page in the register, with today's status.",
    'sealPage.verify.pdf': 'From the PDF file: the {link} tells you whether the file is identical, byte for byte, to a certificate the register issued.',
    'sealPage.verify.pdf.link': 'document verification',
    'sealPage.verify.sha256':
      "The SHA-256 fingerprint: for every certificate the register publishes, on the firm's page, the SHA-256 fingerprint of its signed PDF, 64 characters that change if a single character of the file changes. The document verification computes it for you and compares it.",
    'sealPage.verify.seal':
      "The seal on a firm's website is a picture kept up to date by the register that links to the firm's page: if a seal does not lead to the register, or the page shows another status, do not trust it.",

    'decalogue.title': 'Decalogue: ten tips for telemarketing calls',
    'decalogue.lead': 'What to do when a contact center calls you, in ten practical points, from the rules behind the blue seal.',
    'decalogue.1.title': 'Check who is calling.',
    'decalogue.1.text':
      'Before calling back or giving any information, look the number up in {link}. Firms with the blue seal declare every number they call from: a number that is not found does not belong to a qualified firm.',
    'decalogue.1.link': 'Who called me?',
    'decalogue.2.title': 'Enrol in the Registro pubblico delle opposizioni.',
    'decalogue.2.text':
      '{link} is free, does not expire and can be withdrawn whenever you like. Telemarketers must remove enrolled numbers from their lists, unless you gave your consent after enrolling.',
    'decalogue.2.link': 'Enrolment in the Registro pubblico delle opposizioni (the Italian do-not-call register)',
    'decalogue.3.title': 'Ask who is calling, and on whose behalf.',
    'decalogue.3.text':
      'The operator must tell you at once their name, the firm they work for, the client and the purpose of the call. A qualified firm never calls from a hidden number. If you get no clear answers, hang up.',
    'decalogue.4.title': 'Ask where they are calling from.',
    'decalogue.4.text':
      'Whoever calls you from a call center must tell you which country the operator is in. You can ask to speak to an operator in Italy: they must pass you one in the same call, without making you call back or dial another number.',
    'decalogue.5.title': 'Do not give data that is not needed.',
    'decalogue.5.text':
      'Do not give your IBAN, bill codes, identity documents or codes received by text message to someone you have not identified for certain, and do not answer “yes” to vague questions: ask for the offer in writing and read it calmly.',
    'decalogue.6.title': 'Ask how they got your number, and object.',
    'decalogue.6.text':
      'The GDPR gives you the right to know what data a firm holds about you and where it got it, and to object to marketing calls at any time. Tell the operator: a qualified firm records your request at once and respects it in every campaign.',
    'decalogue.7.title': 'Check the seal today, not once and for all.',
    'decalogue.7.text':
      "A logo on a website or a certificate sent by e-mail is not enough: search for the firm in the {link} or verify the certificate's number. The rating may be suspended, revoked or expired.",
    'decalogue.7.link': 'register',
    'decalogue.8.title': 'Write down the day, the time and the number.',
    'decalogue.8.text': 'Note at once the number that called you, the day, the time and what you were offered: every report needs them.',
    'decalogue.9.title': 'Report unwanted calls to the Garante.',
    'decalogue.9.text':
      'The Italian data protection authority (Garante per la protezione dei dati personali) collects reports of unwanted marketing calls with its {link}. Breaking the GDPR risks fines of up to 20 million euro or 4% of annual turnover.',
    'decalogue.9.link': 'online form',
    'decalogue.10.title': 'Report the call here too.',
    'decalogue.10.text':
      'With the {link} the call reaches our staff; if the number belongs to a firm in the register, we forward it and the firm has {days} days to answer. Substantiated reports appear, as counts only, on the firm’s page and can lead to a review of the seal, up to its revocation.',
    'decalogue.10.link': 'report form',
    'decalogue.sources.title': 'Sources',
    'decalogue.sources.opposizioni': 'Registro pubblico delle opposizioni (the Italian do-not-call register)',
    'decalogue.sources.garanteForm': 'Italian data protection authority (Garante): reporting unwanted calls',
    'decalogue.sources.garante': 'Italian data protection authority (Garante per la protezione dei dati personali)',
    'decalogue.sources.gdpr': 'Regulation (EU) 2016/679, the GDPR (EUR-Lex)',
    'decalogue.sources.budgetLaw': 'Law 232 of 11 December 2016 (the 2017 budget law): the rules on call centers (Normattiva, in Italian)',
    'decalogue.sources.checklist': 'The blue seal checklist',
    'decalogue.sources.seal': 'What the blue seal guarantees',

    'checklistPage.title': 'The blue seal checklist',
    'checklistPage.versionTitle': 'Checklist, version {version}',
    'checklistPage.lead':
      'These are the points on which an auditor examines every firm that applies for the seal. Every audit is run, and kept, against the version of the checklist in force when it started.',
    'checklistPage.current': 'Version {version}, in force since {date}.',
    'checklistPage.earlier': 'Version {version}, published on {date}: no longer in force, but it applies to the audits started while it was.',
    'checklistPage.toCurrent': 'Read the {link}.',
    'checklistPage.toCurrent.link': 'version in force',
    'checklistPage.areaItems': 'Points of this area',
    'checklistPage.item.reference': 'Point {code}',
    'checklistPage.item.check': 'What the auditor checks',
    'checklistPage.item.evidence': 'Evidence',
    'checklistPage.item.evidence.yes': 'The firm must upload documents as evidence, which the auditor examines.',
    'checklistPage.item.evidence.no': 'No document to upload: the firm answers and the auditor checks.',
    'checklistPage.item.evidence.computed': 'None: the firm declares nothing.',
    'checklistPage.item.who': 'Who assesses it',
    'checklistPage.item.who.declared': 'The firm answers, the auditor checks.',
    'checklistPage.item.who.computed': 'The platform computes it from the sanctions register, with the two-year rule explained below.',
    'checklistPage.item.outcome': 'If it is not met',
    'checklistPage.item.outcome.blocking': 'The rating cannot be issued.',
    'checklistPage.item.outcome.notBlocking': 'It is a nonconformity to correct, which the reviewer weighs: on its own it does not prevent the rating.',
    'checklistPage.item.optional': 'Optional point.',
    'checklistPage.rule.title': 'The two-year rule for sanctions',
    'checklistPage.rule.window':
      'On the day of the decision on the rating, every sanction that became definitive in the previous {years} years counts: from the day after the same date {years} years earlier up to and including the day of the decision, in calendar days (29 February minus two years is 28 February).',
    'checklistPage.rule.which':
      'Only sanctions by the data protection authority (Garante), AGCOM, AGCM or a court for data violations or conduct harmful to customers count: a sanction for something else, a tax one for example, does not.',
    'checklistPage.rule.appeal': 'A sanction still under appeal does not exclude the rating, but the reviewer sees it before deciding.',
    'checklistPage.rule.later': 'If a sanction becomes definitive while the firm holds an active rating, a review that can lead to revocation opens at once.',
    'checklistPage.versions.title': 'Every version',
    'checklistPage.versions.version': 'Version',
    'checklistPage.versions.published': 'Published on',
    'checklistPage.versions.items': 'Points',
    'checklistPage.versions.state': 'Status',
    'checklistPage.versions.current': 'In force',
    'checklistPage.versions.earlier': 'No longer in force',
    'checklistPage.versions.reading': 'You are reading this version',
    'checklistPage.json': 'The same data as JSON: {link}.',
    'checklistPage.json.link': 'checklist API',

    'a11y.title': 'Accessibility statement',
    'a11y.lead': 'We want the register and the consumer services to be usable by everyone, with a screen reader, with the keyboard alone or on a phone.',
    'a11y.status.title': 'Compliance status',
    'a11y.status.text':
      'The pages of this site are partially compliant with WCAG 2.2, levels A and AA (European standard EN 301 549). Every change is checked with automated tests (axe-core) on a phone and on a computer, which report no violation; automated tests do not find every problem, though, and a full evaluation with people who use assistive technologies has not been done yet.',
    'a11y.done.title': 'What we have done',
    'a11y.done.noScript': 'Every page works without JavaScript: searches, verifications and forms are plain HTML pages and forms.',
    'a11y.done.keyboard': 'Everything works with the keyboard; the first element of every page is the “Skip to content” link and the focus is always visible.',
    'a11y.done.phone': 'Pages read on a screen 360 pixels wide without scrolling sideways, and the text can be enlarged.',
    'a11y.done.contrast': 'Text colours have a contrast of at least 4.5:1; statuses (Valid, Suspended, Revoked, Expired) are always written in words, never shown by colour alone.',
    'a11y.done.forms': 'Every field has a label and a hint; errors are written next to the field and summed up at the top of the form, with a link to each field.',
    'a11y.done.language': 'Every page declares its language and exists in Italian and English.',
    'a11y.limits.title': 'Known limitations',
    'a11y.limits.pdf': 'Certificate PDFs have not been checked with screen readers yet: the same information, kept up to date, is on each certificate’s verification page.',
    'a11y.limits.external': 'The pages of other bodies we link to, such as the Registro pubblico delle opposizioni and the Garante’s form, are not in our hands.',
    'a11y.feedback.title': 'Reporting a problem',
    'a11y.feedback.text':
      'If a page is not accessible to you, write to the operator of the register with the address of the page and the problem: we will answer and, where needed, give you the same information in another form.',

    'privacy.title': 'Privacy notice',
    'privacy.lead': 'What we keep when you use this site, for how long, and who sees it.',
    'privacy.public.title': 'Consulting the register',
    'privacy.public.text':
      'Searching for a firm, verifying a certificate or looking up a number needs no account and we ask for no data. To limit abuse we count, for one minute and in memory, the requests from each IP address; the server’s technical logs serve only security and fixing errors. The PDF file uploaded to the document verification is not kept: we only compute its fingerprint.',
    'privacy.cookies':
      'We use technical cookies only: one protects forms from submissions by other sites, one keeps you signed in to the reserved area and one shows the message after an action once. No profiling, statistics or third-party cookies.',
    'privacy.complaints.title': 'Complaints about the scheme',
    'privacy.complaints.kept':
      'Of a complaint we keep its text, the firm named and, only if you give it, your e-mail address, which we use only to acknowledge it and to tell you the outcome. Complaints are read by the scheme staff (administrators and reviewers) and never published; the address is not written in the log of operations.',
    'privacy.complaints.howLong': 'The e-mail address is kept while the complaint is open and erased {months} months after it is closed; the text and the outcome stay, without the address, as the scheme\'s record.',
    'privacy.reports.title': 'Consumer reports',
    'privacy.reports.kept':
      'What we keep: the number that called you, the day and time of the call, what happened, your description, your e-mail if you give it, your consent to pass it to the firm (with the text you read) and a code computed from your e-mail or your network, used to count the same report once. Your IP address is not kept.',
    'privacy.reports.who':
      'Who sees it: our staff who examine reports. To the firm that declared the number we forward the description, and your e-mail only if you consented. The public never sees the report or who made it: the firm’s page shows only the number of substantiated reports by kind, and a report’s page shows only its status and dates.',
    'privacy.reports.howLong':
      'For how long: {months} months after the report arrives we erase your e-mail, the code, the consent and every free text (your description, the firm’s answer and the staff’s notes). Only an anonymous statistic remains: number, firm, kind, dates and outcome.',
    'privacy.accounts.title': 'Accounts of firms and staff',
    'privacy.accounts.kept':
      'What we keep: name, e-mail and role; the password only in a form that cannot be reversed. For every sign-in we keep the fingerprint of the session code, the IP address and the browser; the session expires after {hours} hours. We also record sign-in attempts (e-mail, IP address, outcome, time) to stop password guessing.',
    'privacy.accounts.firm':
      "The firm's data and the documents uploaded for the audit are visible only to the firm, the auditor and the reviewer. The public register shows only the name, VAT number, registered office, website, declared calling numbers and rating status, never contacts, users, documents or audit notes.",
    'privacy.accounts.howLong':
      'For how long: an account stays until it is disabled; actions on a rating (who decided what, and when) stay in a history that can be neither changed nor deleted, without free texts or consumers’ data. Session and sign-in attempt data are kept as a security log.',
    'privacy.rights.title': 'Your rights',
    'privacy.rights.text':
      'You can ask the operator of the register to access, correct or erase your data and object to its processing, as the GDPR provides. If you believe your data is processed unlawfully, you can complain to the {link}.',
    'privacy.rights.link': 'Italian data protection authority (Garante)',
    'privacy.atConsent.signUp': 'How we handle your account’s data: {link}.',
    'privacy.atConsent.report': 'How we handle the report and your e-mail, and for how long: {link}.',
    'privacy.atConsent.link': 'privacy notice',
  },
};
