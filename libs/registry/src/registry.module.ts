import { Module } from '@nestjs/common';
import { RegistryCache } from './registry-cache';
import { RegistryChangeListener } from './registry-change-listener';
import { RegistryDatabase } from './registry-database';
import { RegistryService } from './registry.service';

/** The public registry: read-only queries, the cache and its invalidation. Needs the global config, clock and database. */
@Module({
  providers: [RegistryDatabase, RegistryCache, RegistryService, RegistryChangeListener],
  exports: [RegistryService, RegistryCache],
})
export class RegistryModule {}
