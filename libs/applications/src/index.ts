export { mayReadEvidence } from './application-access';
export { APPLICATION_OUTCOMES, APPLICATION_STATES, type ApplicationOutcome, type ApplicationState, type Compliance, COMPLIANCE_ANSWERS, type MissingForSubmission, OPEN_APPLICATION_STATES, UNASSIGNED_APPLICATION_DAYS } from './application-lifecycle';
export { Application } from './application.entity';
export { type AnswerView, type ApplicationView, type EvidenceView } from './application.view';
export { ApplicationIncompleteError, EvidenceAlreadySupersededError, FirmNotRegisteredError, InvalidEvidenceDatesError, InvalidFileNameError, OpenApplicationExistsError, SupersededEvidenceMismatchError, UnsupportedEvidenceError } from './applications.errors';
export { ApplicationsModule } from './applications.module';
export { ApplicationsService, type RenewalDraftView } from './applications.service';
export { AssignedAuditors } from './assigned-auditors';
export { detectEvidenceType, EVIDENCE_CONTENT_TYPES, EVIDENCE_TYPES, fileNameProblem, safeFileName } from './evidence-file';
export { type EvidenceDates, evidenceState, evidenceVersionNumbers } from './evidence-state';
export { Evidence } from './evidence.entity';
export { EvidenceService, type EvidenceUpload } from './evidence.service';

import { ApplicationAnswer } from './application-answer.entity';
import { Application } from './application.entity';
import { Evidence } from './evidence.entity';
export const APPLICATIONS_ENTITIES = [Application, ApplicationAnswer, Evidence];
