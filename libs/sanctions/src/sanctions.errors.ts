import { ConflictError, DomainError, UnprocessableError } from '@app/core';

export class InvalidSanctionError extends DomainError {
  constructor(fields: Record<string, string[]>) {
    const message = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    super('bad_request', 'invalid_sanction', message, { fields });
  }
}

/** The firm named in the request body does not exist. */
export class UnknownFirmError extends UnprocessableError {
  constructor(firmId: string) {
    super('unknown_firm', 'No firm has this id', { firmId });
  }
}

export class SanctionExistsError extends ConflictError {
  constructor() {
    super('sanction_exists', 'This sanction (same firm, authority and reference) is already recorded');
  }
}

export class SanctionAnnulledError extends ConflictError {
  constructor() {
    super('sanction_annulled', 'This sanction has been annulled; an annulled sanction no longer changes');
  }
}
