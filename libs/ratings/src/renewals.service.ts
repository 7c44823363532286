import { ApplicationsService, RenewalDraftView } from '@app/applications';
import { AppConfig } from '@app/config';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { Rating } from './rating.entity';
import { RatingNotFoundError, RenewalNotOpenError } from './ratings.errors';
import { renewalOpensOn, renewalRefusal } from './renewal-rules';

/** Renewal with continuity: when a firm may renew its rating, and the pre-filled application it gets. */
@Injectable()
export class RenewalsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly applications: ApplicationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The first Rome day (YYYY-MM-DD) on which the firm may open the renewal of this rating, or null if it never may. */
  renewableFrom(rating: { validUntil: Date; status: Rating['status']; suspensionDeadline: Date | null; supersededById: string | null }): string | null {
    const refusal = renewalRefusal(rating, this.clock.now(), this.config.ratings.renewalWindowDays);
    return refusal === 'not_current' ? null : renewalOpensOn(rating.validUntil, this.config.ratings.renewalWindowDays);
  }

  /**
   * Opens the renewal of the firm's rating: from RENEWAL_WINDOW_DAYS before its last day (or once it has
   * simply expired), a draft application on the current checklist, pre-filled from the application that
   * obtained the rating. One renewal at a time: a second, concurrent or later, is refused by the database.
   */
  @Transactional()
  async open(actor: Actor, ratingId: string): Promise<RenewalDraftView> {
    const rating = await this.txHost.tx.getRepository(Rating).findOneBy({ id: ratingId });
    if (!rating || actor.role !== 'firm' || actor.firmId !== rating.firmId) throw new RatingNotFoundError();
    const refusal = renewalRefusal(rating, this.clock.now(), this.config.ratings.renewalWindowDays);
    if (refusal !== null) throw new RenewalNotOpenError(refusal, refusal === 'too_early' ? renewalOpensOn(rating.validUntil, this.config.ratings.renewalWindowDays) : null);
    return this.applications.openRenewal(actor, rating.applicationId);
  }
}
