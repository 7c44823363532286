import { DomainError } from '@app/core';

/** Says only that the registry does not list it: a firm that never held a rating is not public. */
export class FirmNotInRegistryError extends DomainError {
  constructor() {
    super('not_found', 'firm_not_in_registry', 'No firm with this VAT number is in the public registry');
  }
}

export class InvalidRegistryInputError extends DomainError {
  constructor(readonly fields: Record<string, string[]>) {
    const message = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    super('bad_request', 'invalid_registry_input', message, { fields });
  }
}

/** A name search that ran past its time limit: the words are too common to rank quickly. */
export class SearchTooBroadError extends DomainError {
  constructor() {
    super('unprocessable', 'search_too_broad', 'This search matches too many names to answer quickly: add more of the name, a province or a status');
  }
}
