import type { Role } from '@app/core';
import type { NavigationItem } from './page-renderer';

/** Where each role starts after signing in (`/area` sends them there). */
export const WORKSPACE_HOME: { readonly [R in Role]: string } = {
  firm: '/area/azienda',
  auditor: '/area/verifiche',
  reviewer: '/area/decisioni',
  admin: '/area/amministrazione',
  integrator: '/area/integrazioni',
};

/** The workspace's sections per role, shown under the site's navigation once signed in. */
export const WORKSPACE_NAVIGATION: { readonly [R in Role]: readonly NavigationItem[] } = {
  firm: [
    { path: '/area/azienda', label: 'workspace.nav.firm' },
    { path: '/area/azienda/domande', label: 'firm.ws.nav.applications' },
    { path: '/area/azioni-correttive', label: 'ca.ws.nav' },
    { path: '/area/azienda/numeri', label: 'firm.ws.nav.numbers' },
    { path: '/area/azienda/sedi', label: 'firm.ws.nav.sites' },
    { path: '/area/azienda/segnalazioni', label: 'report.ws.nav.firm' },
    { path: '/area/azienda/sorveglianza', label: 'surveillance.ws.firm.nav' },
    { path: '/area/integrazioni', label: 'integrations.ws.nav' },
    { path: '/area/ricorsi', label: 'appeal.ws.nav' },
    { path: '/area/aziende-seguite', label: 'watch.list.nav' },
  ],
  auditor: [
    { path: '/area/verifiche', label: 'workspace.nav.audits' },
    { path: '/area/verifiche/sorveglianza', label: 'surveillance.ws.checks.auditor.nav' },
    { path: '/area/azioni-correttive', label: 'ca.ws.nav' },
    { path: '/area/aziende-seguite', label: 'watch.list.nav' },
  ],
  reviewer: [
    { path: '/area/decisioni', label: 'workspace.nav.decisions' },
    { path: '/area/decisioni/rating', label: 'review.ws.nav.ratings' },
    { path: '/area/decisioni/revisioni', label: 'review.ws.nav.tasks' },
    { path: '/area/decisioni/sorveglianza', label: 'surveillance.ws.checks.reviewer.nav' },
    { path: '/area/ricorsi', label: 'appeal.ws.nav' },
    { path: '/area/reclami', label: 'complaint.ws.nav' },
    { path: '/area/segnalazioni', label: 'report.ws.nav.triage' },
    { path: '/area/aziende-seguite', label: 'watch.list.nav' },
  ],
  admin: [
    { path: '/area/amministrazione', label: 'workspace.nav.admin' },
    { path: '/area/amministrazione/utenti', label: 'admin.ws.nav.users' },
    { path: '/area/amministrazione/assegnazioni', label: 'admin.ws.nav.assignments' },
    { path: '/area/amministrazione/sanzioni', label: 'admin.ws.nav.sanctions' },
    { path: '/area/amministrazione/checklist', label: 'admin.ws.nav.checklist' },
    { path: '/area/amministrazione/job', label: 'admin.ws.nav.jobs' },
    { path: '/area/amministrazione/posta', label: 'mail.ws.nav' },
    { path: '/area/amministrazione/storico', label: 'admin.ws.nav.history' },
    { path: '/area/amministrazione/sorveglianza', label: 'surveillance.ws.nav' },
    { path: '/area/ricorsi', label: 'appeal.ws.nav' },
    { path: '/area/reclami', label: 'complaint.ws.nav' },
    { path: '/area/segnalazioni', label: 'report.ws.nav.triage' },
    { path: '/area/integrazioni', label: 'integrations.ws.nav' },
    { path: '/area/aziende-seguite', label: 'watch.list.nav' },
  ],
  integrator: [
    { path: '/area/integrazioni', label: 'integrations.ws.nav' },
    { path: '/area/aziende-seguite', label: 'watch.list.nav' },
  ],
};
