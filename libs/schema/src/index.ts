import type { DatabaseSchema } from '@app/database';
import { HISTORY_ENTITIES } from '@app/history';
import { IDENTITY_ENTITIES } from '@app/identity';
import { MIGRATIONS } from '@app/migrations';
import { STORAGE_ENTITIES } from '@app/storage';

/** The platform's one data source: every entity of every domain, and the migrations that create them. */
export const PLATFORM_SCHEMA: DatabaseSchema = {
  entities: [
    ...HISTORY_ENTITIES,
    ...IDENTITY_ENTITIES,
    ...STORAGE_ENTITIES,
  ],
  migrations: MIGRATIONS,
};
