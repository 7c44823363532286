import { ConflictError, DomainError, UnprocessableError } from '@app/core';
import type { PanelIneligibility } from './appeal-rules';

export class AppealNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'appeal_not_found', 'Appeal not found');
  }
}

const NOTHING_TO_APPEAL = {
  rating: 'This rating is neither suspended nor revoked by a decision that may be appealed',
  application: 'This application has no refusal that stands: nothing to appeal',
  surveillance_check: 'This surveillance check neither suspended nor revoked the rating, or its outcome no longer stands: nothing to appeal',
} as const;

export class NothingToAppealError extends UnprocessableError {
  constructor(subject: keyof typeof NOTHING_TO_APPEAL = 'rating') {
    super('nothing_to_appeal', NOTHING_TO_APPEAL[subject]);
  }
}

/** Another firm's check, an undecided one, or none: the same 404, so a firm learns nothing of checks not its own. */
export class CheckToAppealNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'surveillance_check_not_found', 'Surveillance check not found');
  }
}

export class AppealPeriodOverError extends UnprocessableError {
  constructor(lastDay: string) {
    super('appeal_period_over', `The decision could be appealed until ${lastDay}`, { lastDay });
  }
}

export class AppealAlreadyFiledError extends ConflictError {
  constructor() {
    super('appeal_already_filed', 'This decision has already been appealed');
  }
}

export class PanelIneligibleError extends UnprocessableError {
  constructor(refused: { id: string; reason: PanelIneligibility }[]) {
    super('panel_ineligible', 'The panel must be reviewers who took no part in the decision appealed', { field: 'reviewerIds', refused });
  }
}

export class PanelAlreadyFormedError extends ConflictError {
  constructor() {
    super('panel_already_formed', 'This appeal already has its panel');
  }
}

export class NotOnPanelError extends DomainError {
  constructor() {
    super('forbidden', 'not_on_panel', 'Only a member of the appeal panel decides the appeal');
  }
}

export class AppealNotUnderReviewError extends ConflictError {
  constructor(status: string) {
    super(status === 'filed' ? 'appeal_without_panel' : 'appeal_already_decided', status === 'filed' ? 'The appeal has no panel yet' : 'The appeal is already decided', { status });
  }
}

export class StayNotPossibleError extends ConflictError {
  constructor(why: 'not_a_revocation' | 'already_stayed' | 'newer_rating') {
    super('stay_not_possible', 'Only a revocation still in force, not yet stayed, on a firm without a newer rating can be stayed', { why });
  }
}

export class AppealSubjectError extends DomainError {
  constructor() {
    const message = 'Name one decision: the rating (ratingId), the refused application (applicationId) or the surveillance check (surveillanceCheckId), not several';
    super('bad_request', 'validation_failed', message, { fields: { applicationId: [message], surveillanceCheckId: [message] } });
  }
}
