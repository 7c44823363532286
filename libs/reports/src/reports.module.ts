import { RatingsModule } from '@app/ratings';
import { Module } from '@nestjs/common';
import { FirmReportsService } from './firm-reports.service';
import { ReportRetentionScheduler } from './report-retention.scheduler';
import { ReportRetentionService } from './report-retention.service';
import { ReportSteps } from './report-steps';
import { ReportSurveillance } from './report-surveillance';
import { ReportTriageService } from './report-triage.service';
import { ReporterKeys } from './reporter-keys';
import { ReportsService } from './reports.service';

/** Consumer reports: submission, triage, the firm's answers, surveillance and retention. Needs the global config, clock, database and history. */
@Module({
  imports: [RatingsModule],
  providers: [ReportsService, ReportTriageService, FirmReportsService, ReportRetentionService, ReportRetentionScheduler, ReportSteps, ReportSurveillance, ReporterKeys],
  exports: [ReportsService, ReportTriageService, FirmReportsService, ReportRetentionService],
})
export class ReportsModule {}
