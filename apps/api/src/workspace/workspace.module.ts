import { ReportsModule } from '@app/reports';
import { TodosModule } from '@app/todos';
import { WebhooksModule } from '@app/webhooks';
import { Module } from '@nestjs/common';
import { DOMAIN_MODULES } from '../domain-modules';
import { AuditPagesController } from '../audits/audit-pages.controller';
import { CorrectiveActionPagesController } from '../audits/corrective-action-pages.controller';
import { ApplicationItemPagesController } from '../applications/application-item-pages.controller';
import { ApplicationPagesController } from '../applications/application-pages.controller';
import { CallingNumberPagesController } from '../firms/calling-number-pages.controller';
import { FirmPagesController } from '../firms/firm-pages.controller';
import { AccountPagesController } from '../identity/account-pages.controller';
import { PasswordResetPagesController } from '../identity/password-reset-pages.controller';
import { AssignmentPagesController } from '../audits/assignment-pages.controller';
import { ChecklistPagesController } from '../checklist/checklist-pages.controller';
import { HistoryPagesController } from '../history/history-pages.controller';
import { AdminHomePagesController } from '../identity/admin-home-pages.controller';
import { UserPagesController } from '../identity/user-pages.controller';
import { JobPagesController } from '../jobs/job-pages.controller';
import { MailPagesController } from '../mail/mail-pages.controller';
import { MailPreferencePagesController } from '../mail/mail-preference-pages.controller';
import { SanctionPagesController } from '../sanctions/sanction-pages.controller';
import { ApiKeyPagesController } from '../integrations/api-key-pages.controller';
import { PagesModule } from '../pages/pages.module';
import { DecisionPagesController } from '../ratings/decision-pages.controller';
import { AppealPagesController } from '../ratings/appeal-pages.controller';
import { RatingPagesController } from '../ratings/rating-pages.controller';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { ReportWorkspacePagesController } from '../reports/report-workspace-pages.controller';
import { SurveillanceCheckPagesController } from '../surveillance/surveillance-check-pages.controller';
import { SurveillancePagesController } from '../surveillance/surveillance-pages.controller';

/**
 * The web workspace: server-rendered pages for firms, auditors, reviewers and admins, on the same
 * services as the JSON API. Each page controller lives beside its domain's API controller.
 */
@Module({
  imports: [PagesModule, ...DOMAIN_MODULES, ReportsModule, TodosModule, PublicRegistryModule, WebhooksModule],
  controllers: [
    AccountPagesController,
    PasswordResetPagesController,
    FirmPagesController,
    CallingNumberPagesController,
    ApplicationPagesController,
    ApplicationItemPagesController,
    AdminHomePagesController,
    UserPagesController,
    AssignmentPagesController,
    SanctionPagesController,
    ChecklistPagesController,
    JobPagesController,
    MailPagesController,
    MailPreferencePagesController,
    HistoryPagesController,
    AuditPagesController,
    CorrectiveActionPagesController,
    DecisionPagesController,
    RatingPagesController,
    AppealPagesController,
    ReportWorkspacePagesController,
    ApiKeyPagesController,
    SurveillancePagesController,
    SurveillanceCheckPagesController,
  ],
})
export class WorkspaceModule {}
