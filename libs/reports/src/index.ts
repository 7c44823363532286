export * from './call-time';
export * from './consumer-report-transition.entity';
export * from './consumer-report.entity';
export * from './firm-reports.service';
export * from './report-lifecycle';
export * from './report-reference';
export * from './report-retention.service';
export * from './report-stats';
export * from './report-triage.service';
export * from './report.views';
export * from './report.vocabulary';
export * from './reporter-identity';
export * from './reports.errors';
export * from './reports.module';
export * from './reports.service';

import { ConsumerReportTransition } from './consumer-report-transition.entity';
import { ConsumerReport } from './consumer-report.entity';
export const REPORTS_ENTITIES = [ConsumerReport, ConsumerReportTransition];
