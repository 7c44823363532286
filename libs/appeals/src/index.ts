/**
 * Appeals against decisions on a rating (ISO/IEC 17065 7.13), decided by a panel of reviewers who took
 * no part in the decision: above ratings, whose transitions an upheld appeal reverses.
 */
export * from './appeal-rules';
export { Appeal, AppealDocument, AppealPanelMember } from './appeal.entity';
export * from './appeals.errors';
export { AppealsModule } from './appeals.module';
export { AppealsService } from './appeals.service';
export type { AppealDecisionInput, AppealDocumentView, AppealView } from './appeals.service';

import { Appeal, AppealDocument, AppealPanelMember } from './appeal.entity';
export const APPEALS_ENTITIES = [Appeal, AppealPanelMember, AppealDocument];
