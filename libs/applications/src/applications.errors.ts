import { ConflictError, DomainError, UnprocessableError } from '@app/core';
import type { MissingForSubmission } from './application-lifecycle';

export class FirmNotRegisteredError extends UnprocessableError {
  constructor() {
    super('firm_not_registered', 'Register your firm before applying');
  }
}

export class OpenApplicationExistsError extends ConflictError {
  constructor() {
    super('application_open', 'Your firm already has an open application: finish or withdraw it first');
  }
}

export class ApplicationFrozenError extends ConflictError {
  constructor(state: string) {
    super('application_frozen', `The application is ${state.replace('_', ' ')}: its answers and evidence can no longer change`, { state });
  }
}

export class UnknownChecklistItemError extends UnprocessableError {
  constructor(itemCode: string) {
    super('unknown_checklist_item', `${itemCode} is not an item of this application's checklist`, { itemCode });
  }
}

export class ComputedChecklistItemError extends UnprocessableError {
  constructor(itemCode: string) {
    super('computed_checklist_item', `${itemCode} is assessed by the platform from its own records: the firm neither answers it nor attaches evidence`, { itemCode });
  }
}

/** Lists, per item, what is still missing. */
export class ApplicationIncompleteError extends UnprocessableError {
  constructor(missing: readonly MissingForSubmission[]) {
    const describe = (entry: MissingForSubmission) => `${entry.itemCode} (${entry.missing.join(' and ')})`;
    super('application_incomplete', `The application cannot be submitted yet; missing: ${missing.map(describe).join(', ')}`, { missing });
  }
}

export class UnsupportedEvidenceError extends DomainError {
  constructor(reason: string) {
    super('unsupported_media_type', 'unsupported_evidence_type', `${reason}. Evidence may be a PDF, PNG, JPEG, CSV or plain-text file`);
  }
}

export class InvalidFileNameError extends DomainError {
  constructor(problem: string) {
    super('bad_request', 'invalid_file_name', problem);
  }
}

export class InvalidEvidenceDatesError extends DomainError {
  constructor(field: 'effectiveDate' | 'expiresOn', message: string) {
    super('bad_request', 'invalid_evidence_dates', message, { fields: { [field]: [message] } });
  }
}

export class EvidenceAlreadySupersededError extends ConflictError {
  constructor() {
    super('evidence_already_superseded', 'That evidence already has a newer version: supersede the newest one');
  }
}

export class SupersededEvidenceMismatchError extends UnprocessableError {
  constructor() {
    super('superseded_evidence_mismatch', 'supersedesId must name evidence of the same application and checklist item');
  }
}
