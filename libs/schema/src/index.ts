import { APPEALS_ENTITIES } from '@app/appeals';
import { APPLICATIONS_ENTITIES } from '@app/applications';
import { AUDITS_ENTITIES } from '@app/audits';
import { CHECKLIST_ENTITIES } from '@app/checklist';
import { COMPLAINTS_ENTITIES } from '@app/complaints';
import type { DatabaseSchema } from '@app/database';
import { DECISIONS_ENTITIES } from '@app/decisions';
import { FIRMS_ENTITIES } from '@app/firms';
import { HISTORY_ENTITIES } from '@app/history';
import { IDENTITY_ENTITIES } from '@app/identity';
import { MIGRATIONS } from '@app/migrations';
import { RATINGS_ENTITIES } from '@app/ratings';
import { REGISTRY_ENTITIES } from '@app/registry';
import { REPORTS_ENTITIES } from '@app/reports';
import { SANCTIONS_ENTITIES } from '@app/sanctions';
import { STORAGE_ENTITIES } from '@app/storage';
import { SURVEILLANCE_ENTITIES } from '@app/surveillance';

/** The platform's one data source: every entity of every domain, and the migrations that create them. */
export const PLATFORM_SCHEMA: DatabaseSchema = {
  entities: [
    ...HISTORY_ENTITIES,
    ...IDENTITY_ENTITIES,
    ...STORAGE_ENTITIES,
    ...CHECKLIST_ENTITIES,
    ...FIRMS_ENTITIES,
    ...APPLICATIONS_ENTITIES,
    ...SANCTIONS_ENTITIES,
    ...RATINGS_ENTITIES,
    ...AUDITS_ENTITIES,
    ...DECISIONS_ENTITIES,
    ...REGISTRY_ENTITIES,
    ...REPORTS_ENTITIES,
    ...APPEALS_ENTITIES,
    ...COMPLAINTS_ENTITIES,
    ...SURVEILLANCE_ENTITIES,
  ],
  migrations: MIGRATIONS,
};
