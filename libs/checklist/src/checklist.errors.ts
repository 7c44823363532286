import { ConflictError, DomainError } from '@app/core';

/** A checklist version that breaks the rules of `checklistDefinitionProblems`; details name each field. */
export class InvalidChecklistError extends DomainError {
  constructor(fields: Record<string, string[]>) {
    const message = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    super('bad_request', 'invalid_checklist', message, { fields });
  }
}

export class ChecklistVersionExistsError extends ConflictError {
  constructor(version: string) {
    super('checklist_version_exists', `Checklist version ${version} already exists; published versions never change, publish a new version number`, { version });
  }
}
