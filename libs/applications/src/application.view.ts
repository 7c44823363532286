import type { ApplicationAnswer } from './application-answer.entity';
import type { ApplicationOutcome, ApplicationState, Compliance } from './application-lifecycle';
import type { Application } from './application.entity';
import type { EvidenceContentType } from './evidence-file';
import type { Evidence } from './evidence.entity';

export interface AnswerView {
  readonly itemCode: string;
  readonly compliance: Compliance;
  readonly statement: string;
  readonly answeredAt: Date;
}

export interface ApplicationSummary {
  readonly id: string;
  readonly firmId: string;
  readonly checklistVersionId: string;
  /** On a renewal: the application it renews and was pre-filled from. */
  readonly renewsApplicationId: string | null;
  readonly state: ApplicationState;
  readonly outcome: ApplicationOutcome | null;
  readonly createdAt: Date;
  readonly submittedAt: Date | null;
  readonly auditStartedAt: Date | null;
  readonly decidedAt: Date | null;
  readonly withdrawnAt: Date | null;
}

export interface ApplicationView extends ApplicationSummary {
  readonly answers: AnswerView[];
}

export function toApplicationSummary(application: Application): ApplicationSummary {
  return {
    id: application.id,
    firmId: application.firmId,
    checklistVersionId: application.checklistVersionId,
    renewsApplicationId: application.renewsApplicationId,
    state: application.state,
    outcome: application.outcome,
    createdAt: application.createdAt,
    submittedAt: application.submittedAt,
    auditStartedAt: application.auditStartedAt,
    decidedAt: application.decidedAt,
    withdrawnAt: application.withdrawnAt,
  };
}

export function toAnswerView(answer: ApplicationAnswer): AnswerView {
  return { itemCode: answer.itemCode, compliance: answer.compliance, statement: answer.statement, answeredAt: answer.answeredAt };
}

export interface EvidenceView {
  readonly id: string;
  readonly itemCode: string;
  readonly fileName: string;
  readonly contentType: EvidenceContentType;
  readonly size: number;
  readonly sha256: string;
  readonly description: string | null;
  readonly effectiveDate: string;
  readonly expiresOn: string | null;
  readonly supersedesId: string | null;
  /** The newer version that replaced this one, if any; the newest version of an item has none. */
  readonly supersededById: string | null;
  /** Set when a renewal carried this document over from the renewed application, where it was still valid. */
  readonly carriedFromId: string | null;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export function toEvidenceView(evidence: Evidence, supersededById: string | null): EvidenceView {
  return {
    id: evidence.id,
    itemCode: evidence.itemCode,
    fileName: evidence.fileName,
    contentType: evidence.contentType,
    size: evidence.size,
    sha256: evidence.blobSha256,
    description: evidence.description,
    effectiveDate: evidence.effectiveDate,
    expiresOn: evidence.expiresOn,
    supersedesId: evidence.supersedesId,
    supersededById,
    carriedFromId: evidence.carriedFromId,
    uploadedBy: evidence.uploadedBy,
    uploadedAt: evidence.uploadedAt,
  };
}

/** The exact bytes of one evidence version, with what a download needs. */
export interface EvidenceContent {
  readonly fileName: string;
  readonly contentType: EvidenceContentType;
  readonly sha256: string;
  readonly bytes: Buffer;
}
