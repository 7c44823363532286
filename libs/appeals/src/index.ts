export { APPEAL_OUTCOMES, APPEAL_STATUSES, APPEALABLE_CHECK_OUTCOMES, APPEALABLE_KINDS, type AppealableCheckOutcome, type AppealKind, RATING_APPEAL_KINDS, type AppealOutcome, type AppealStatus } from './appeal-rules';
export { Appeal, AppealDocument, AppealPanelMember } from './appeal.entity';
export { AppealSubjectError } from './appeals.errors';
export { AppealsModule } from './appeals.module';
export { AppealsService } from './appeals.service';
export type { AppealableRefusal, AppealableSurveillanceCheck, AppealDecisionInput, AppealDocumentView, AppealView } from './appeals.service';

import { Appeal, AppealDocument, AppealPanelMember } from './appeal.entity';
export const APPEALS_ENTITIES = [Appeal, AppealPanelMember, AppealDocument];
