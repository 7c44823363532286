import { DomainError, NotFoundError, UnprocessableError } from '@app/core';

export class ReportNotFoundError extends NotFoundError {
  constructor() {
    super('Report');
  }
}

export class InvalidCallTimeError extends DomainError {
  constructor(problem: string) {
    super('bad_request', 'invalid_call_time', `calledAt: ${problem}`, { fields: { calledAt: [problem] } });
  }
}

export class ReportNotLinkedToFirmError extends UnprocessableError {
  constructor() {
    super('report_not_linked_to_firm', 'No firm declared this number: there is no firm to forward the report to; close or dismiss it');
  }
}

export class FirmNotHeardError extends UnprocessableError {
  constructor() {
    super('firm_not_heard', 'Forward the report to the firm before closing it: the firm is heard before a report against it is judged');
  }
}

export class ConsentWithoutEmailError extends DomainError {
  constructor() {
    const problem = 'give a contact e-mail to share it with the firm';
    super('bad_request', 'consent_without_email', `email: ${problem}`, { fields: { email: [problem] } });
  }
}
