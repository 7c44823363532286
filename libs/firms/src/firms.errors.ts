import { ConflictError, DomainError, ForbiddenError, UnprocessableError } from '@app/core';

export class InvalidVatNumberError extends DomainError {
  constructor(problem: string) {
    super('bad_request', 'invalid_vat_number', problem, { fields: { vatNumber: [problem] } });
  }
}

export class VatNumberTakenError extends ConflictError {
  constructor() {
    super('vat_number_taken', 'A firm with this VAT number is already registered');
  }
}

export class AlreadyInFirmError extends ConflictError {
  constructor() {
    super('already_in_firm', 'This account already belongs to a firm');
  }
}

export class NotFirmOwnerError extends ForbiddenError {
  constructor() {
    super('Only an owner of the firm can add users to it', 'not_firm_owner');
  }
}

export class InvalidPhoneNumberError extends DomainError {
  constructor(input: string, reason: string) {
    super('bad_request', 'invalid_phone_number', `number: ${input} is not a valid phone number: ${reason}`, { fields: { number: [reason] } });
  }
}

export class InvalidCountryError extends DomainError {
  constructor(country: string) {
    const message = `${country} is not an ISO 3166-1 country code`;
    super('bad_request', 'invalid_country', message, { fields: { country: [message] } });
  }
}

/** Says only that another firm holds the number, never which. */
export class NumberTakenError extends ConflictError {
  constructor() {
    super('number_taken', 'This number is already declared by another firm');
  }
}

export class NumberAlreadyDeclaredError extends ConflictError {
  constructor() {
    super('number_already_declared', 'Your firm has already declared this number');
  }
}

export class AlreadyRetiredError extends ConflictError {
  constructor(what: 'number' | 'site') {
    super(what === 'number' ? 'number_already_retired' : 'site_already_closed', what === 'number' ? 'This number is already retired' : 'This site is already closed');
  }
}

export interface ImportLineError {
  readonly line: number;
  readonly value: string;
  readonly reason: string;
}

/** Nothing of the file was imported; `errors` names the first lines at fault. */
export class NumberImportRefusedError extends UnprocessableError {
  constructor(errorCount: number, errors: readonly ImportLineError[]) {
    super(
      'number_import_refused',
      `${errorCount} ${errorCount === 1 ? 'line' : 'lines'} of the file cannot be imported, so nothing was imported; fix ${errorCount === 1 ? 'it' : 'them'} and import the file again`,
      { errorCount, errors, errorsShown: errors.length },
    );
  }
}

export class NumberDeclaredConcurrentlyError extends ConflictError {
  constructor() {
    super('number_declared_concurrently', 'One of the numbers was declared elsewhere while the import ran, so nothing was imported; import the file again');
  }
}

export class EmptyImportError extends UnprocessableError {
  constructor() {
    super('number_import_empty', 'The file holds no phone numbers');
  }
}
