import { ReportsModule } from '@app/reports';
import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { FirmReportsController } from './firm-reports.controller';
import { ReportPagesController } from './report-pages.controller';
import { ReportTriageController } from './report-triage.controller';
import { ReportsController } from './reports.controller';

/** Consumer reports over HTTP: the public JSON API and pages (under the registry's per-IP rate limit), staff triage, the firm's answers. */
@Module({
  imports: [ReportsModule, PagesModule, PublicRegistryModule],
  controllers: [ReportsController, ReportTriageController, FirmReportsController, ReportPagesController],
})
export class ReportsHttpModule {}
