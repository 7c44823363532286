import type { Actor } from '@app/core';
import { SanctionBecameDefinitive, SanctionEventListener, SanctionEvents } from '@app/sanctions';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReviewTasksService } from './review-tasks.service';

/** A sanction that comes to count while the firm holds a rating opens a revocation review at once. */
@Injectable()
export class SanctionReviewListener implements SanctionEventListener, OnModuleInit {
  constructor(
    private readonly sanctionEvents: SanctionEvents,
    private readonly reviewTasks: ReviewTasksService,
  ) {}

  onModuleInit(): void {
    this.sanctionEvents.subscribe(this);
  }

  async sanctionBecameDefinitive(actor: Actor, event: SanctionBecameDefinitive): Promise<void> {
    await this.reviewTasks.openForFirm(
      actor,
      event.firmId,
      'sanction',
      event.sanctionId,
      `Sanzione definitiva dal ${event.definitiveOn}: ${event.authority}, ${event.reference} (${event.conductCategory})`,
    );
  }
}
