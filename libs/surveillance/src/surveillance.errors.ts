import { ConflictError, DomainError, UnprocessableError } from '@app/core';

export class SurveillancePlanNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'surveillance_plan_not_found', 'Surveillance plan not found');
  }
}

export class SurveillancePlanExistsError extends ConflictError {
  constructor(year: number) {
    super('surveillance_plan_exists', `The surveillance plan of ${year} has already been made`, { year });
  }
}

export class PlanYearRefusedError extends UnprocessableError {
  constructor(currentYear: number) {
    super('plan_year_refused', `A plan is made for the current year or the next (${currentYear} or ${currentYear + 1})`, { field: 'year', currentYear });
  }
}

export class UnknownChecklistItemsError extends UnprocessableError {
  constructor(unknown: string[]) {
    super('unknown_checklist_items', `Not items of the current checklist version: ${unknown.join(', ')}`, { field: 'itemCodes', unknown });
  }
}
