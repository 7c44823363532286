import { ConflictError, DomainError } from '@app/core';
import type { ComplaintStatus } from './complaint-rules';

export class ComplaintNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'complaint_not_found', 'Complaint not found');
  }
}

/** The complaint is not where the step starts from (of two handlers at once, the second finds it moved on). */
export class ComplaintStepError extends ConflictError {
  constructor(status: ComplaintStatus, step: 'handling' | 'closure') {
    super('complaint_not_in_step', step === 'handling' ? 'Only an acknowledged complaint is taken in hand' : 'Only a complaint in handling is closed', { status });
  }
}

export class ComplaintSubjectError extends DomainError {
  constructor(message: string, field: string) {
    super('bad_request', 'validation_failed', message, { fields: { [field]: [message] } });
  }
}
