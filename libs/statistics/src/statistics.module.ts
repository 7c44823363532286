import { Module } from '@nestjs/common';
import { RegistryStatisticsService } from './registry-statistics.service';

/** The registry in figures for the public: read-only counts. Needs the global clock and database. */
@Module({
  providers: [RegistryStatisticsService],
  exports: [RegistryStatisticsService],
})
export class StatisticsModule {}
