import { AnyActor, NotFoundError } from '@app/core';
import { ChecklistItemView, ChecklistService } from '@app/checklist';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mayChangeApplication } from './application-access';
import type { ApplicationState } from './application-lifecycle';
import { Application } from './application.entity';
import { ApplicationFrozenError, ComputedChecklistItemError, UnknownChecklistItemError } from './applications.errors';

/** What answering and attaching evidence share: the draft, locked, and the checklist item it refers to. */
@Injectable()
export class ApplicationDrafts {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly checklist: ChecklistService,
  ) {}

  /**
   * The application, share-locked until the transaction ends, so that a submission (which takes
   * the row for update) waits for this change and then sees it, or this change waits and is refused.
   */
  lockDraft(actor: AnyActor, applicationId: string): Promise<Application> {
    return this.lockInState(actor, applicationId, 'draft');
  }

  /** The same for an application in audit, to which the audit work lets the firm add evidence in answer to a question. */
  lockInAudit(actor: AnyActor, applicationId: string): Promise<Application> {
    return this.lockInState(actor, applicationId, 'in_audit');
  }

  private async lockInState(actor: AnyActor, applicationId: string, state: ApplicationState): Promise<Application> {
    const application = await this.txHost.tx.getRepository(Application).findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_read' } });
    if (!application || !mayChangeApplication(actor, application)) throw new NotFoundError('Application');
    if (application.state !== state) throw new ApplicationFrozenError(application.state);
    return application;
  }

  /** An item the firm answers (not one the platform computes) of the application's checklist version. */
  async answerableItem(application: Application, itemCode: string): Promise<ChecklistItemView> {
    const version = await this.checklist.getVersion(application.checklistVersionId);
    const item = version.items.find((candidate) => candidate.code === itemCode);
    if (!item) throw new UnknownChecklistItemError(itemCode);
    if (item.assessment === 'computed') throw new ComputedChecklistItemError(itemCode);
    return item;
  }
}
