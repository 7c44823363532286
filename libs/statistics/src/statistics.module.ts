import { ApplicationsModule } from '@app/applications';
import { RegistryModule } from '@app/registry';
import { ReportsModule } from '@app/reports';
import { Module } from '@nestjs/common';
import { RegistryStatisticsService } from './registry-statistics.service';

/** The registry in figures for the public: counts asked of the registry, reports and applications. Needs the global clock. */
@Module({
  imports: [RegistryModule, ReportsModule, ApplicationsModule],
  providers: [RegistryStatisticsService],
  exports: [RegistryStatisticsService],
})
export class StatisticsModule {}
