export { FirmReportsService } from './firm-reports.service';
export { assertReportTransition, REPORT_TRANSITIONS } from './report-lifecycle';
export { ReportRetentionService } from './report-retention.service';
export { type MonthlyReportStats } from './report-stats';
export { ReportTriageService } from './report-triage.service';
export { type PublicReportStatus, type TriageReportDetail } from './report.views';
export { CONTACT_CONSENT_TEXT, DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, REPORT_KINDS, REPORT_OUTCOMES, REPORT_STATUSES, type ReportKind, type ReportOutcome, type ReportStatus } from './report.vocabulary';
export { ReportNotFoundError } from './reports.errors';
export { ReportsModule } from './reports.module';
export { type NewReport, type PublicReportCounts, ReportsService } from './reports.service';

import { ConsumerReportTransition } from './consumer-report-transition.entity';
import { ConsumerReport } from './consumer-report.entity';
export const REPORTS_ENTITIES = [ConsumerReport, ConsumerReportTransition];
