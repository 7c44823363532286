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

export class SurveillanceCheckNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'surveillance_check_not_found', 'Surveillance check not found');
  }
}

export class CheckSourceNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'check_source_not_found', 'No such plan entry or open surveillance review task');
  }
}

export class CheckAlreadyOpenedError extends ConflictError {
  constructor() {
    super('surveillance_check_exists', 'This check has already been opened');
  }
}

export class NotDrawnError extends UnprocessableError {
  constructor() {
    super('not_drawn', 'Only a rating drawn in the plan has an unannounced check', { field: 'kind' });
  }
}

export class RatingNotCurrentError extends UnprocessableError {
  constructor() {
    super('rating_not_current', 'The rating is no longer active or suspended: there is nothing to survey');
  }
}

export class NotAnAuditorError extends UnprocessableError {
  constructor() {
    super('auditor_ineligible', 'The check is run by an auditor who is not a member of the firm', { field: 'auditorId' });
  }
}

export class UnknownCheckItemError extends UnprocessableError {
  constructor(itemCode: string) {
    super('item_not_in_check', `${itemCode} is not one of the items of this check`, { itemCode });
  }
}

export class CheckNotInProgressError extends ConflictError {
  constructor(status: string) {
    super('surveillance_check_not_in_progress', `The check is ${status}: results and proposals are made while it runs`, { status });
  }
}

export class ItemsWithoutResultError extends UnprocessableError {
  constructor(items: string[]) {
    super('items_without_result', `Items without a result: ${items.join(', ')}`, { items });
  }
}

export class CheckNotProposedError extends ConflictError {
  constructor(status: string) {
    super('surveillance_check_not_proposed', `The check is ${status}: a decision needs the auditor's proposal, once`, { status });
  }
}

export class PublicNoteRequiredError extends UnprocessableError {
  constructor() {
    super('public_note_required', 'A suspension or a revocation needs a public note', { field: 'publicNote' });
  }
}

export class ScheduledDatePastError extends UnprocessableError {
  constructor(today: string) {
    super('scheduled_date_past', `A check is scheduled for today (${today}) or a later day`, { field: 'scheduledOn', today });
  }
}

export class ScheduledDateInvalidError extends UnprocessableError {
  constructor() {
    super('scheduled_date_invalid', 'scheduledOn is not a day of the calendar', { field: 'scheduledOn' });
  }
}
