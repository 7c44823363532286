import type { Role } from '@app/core';
import type { NavigationItem } from './page-renderer';

/** Where each role starts after signing in (`/area` sends them there). */
export const WORKSPACE_HOME: { readonly [R in Role]: string } = {
  firm: '/area/azienda',
  auditor: '/area/verifiche',
  reviewer: '/area/decisioni',
  admin: '/area/amministrazione',
};

/** The workspace's sections per role, shown under the site's navigation once signed in. */
export const WORKSPACE_NAVIGATION: { readonly [R in Role]: readonly NavigationItem[] } = {
  firm: [{ path: '/area/azienda', label: 'workspace.nav.firm' }],
  auditor: [{ path: '/area/verifiche', label: 'workspace.nav.audits' }],
  reviewer: [{ path: '/area/decisioni', label: 'workspace.nav.decisions' }],
  admin: [{ path: '/area/amministrazione', label: 'workspace.nav.admin' }],
};
