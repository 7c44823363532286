import { ChecklistService } from '@app/checklist';
import { Actor, AnyActor, assertTransition, Clock, NotFoundError, romeCalendarDate, type Transitions } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { HistoryService } from '@app/history';
import { Permission, roleHasPermission } from '@app/identity';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { mayChangeApplication, mayReadApplication } from './application-access';
import { AssignedAuditors } from './assigned-auditors';
import { ApplicationAnswer } from './application-answer.entity';
import { ApplicationDrafts } from './application-drafts';
import {
  APPLICATION_REOPENING_ON_APPEAL,
  APPLICATION_TRANSITIONS,
  ApplicationOutcome,
  ApplicationState,
  Compliance,
  ExpiredEvidence,
  missingForSubmission,
  OPEN_APPLICATION_STATES,
} from './application-lifecycle';
import { AnswerView, ApplicationSummary, ApplicationView, toAnswerView, toApplicationSummary } from './application.view';
import { Application } from './application.entity';
import { Evidence } from './evidence.entity';
import { ApplicationIncompleteError, FirmNotRegisteredError, OpenApplicationExistsError } from './applications.errors';

/** How `move` checks and records one step, when it is not the ordinary `application.<state>`. */
interface ApplicationStep {
  readonly action?: string;
  readonly allowed?: Transitions<ApplicationState>;
  /** What the event freezes of the application at that step (the submitted answers and evidence). */
  readonly frozen?: Record<string, unknown>;
}

export interface AnswerInput {
  readonly compliance: Compliance;
  readonly statement: string;
}

/** A renewal as opened: the draft, and what it took over from the renewed application. */
export interface RenewalDraftView {
  readonly application: ApplicationView;
  /** Items whose answers were copied (items of the current checklist the firm answers). */
  readonly copiedAnswers: string[];
  /** Evidence copied because still valid today, each marked with the row it copies. */
  readonly carriedEvidence: { readonly itemCode: string; readonly evidenceId: string; readonly carriedFromId: string; readonly expiresOn: string | null }[];
  /** Items whose latest evidence had expired: the firm must attach it again. */
  readonly evidenceToRenew: string[];
}

export interface ApplicationFilter {
  readonly state?: ApplicationState;
  readonly firmId?: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface ApplicationPage {
  readonly items: ApplicationSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly checklist: ChecklistService,
    private readonly drafts: ApplicationDrafts,
    private readonly assignedAuditors: AssignedAuditors,
    private readonly clock: Clock,
  ) {}

  private get applications() {
    return this.txHost.tx.getRepository(Application);
  }

  private get answers() {
    return this.txHost.tx.getRepository(ApplicationAnswer);
  }

  /** Opens a draft application of the actor's firm against the checklist version current now. */
  @Transactional()
  async open(actor: Actor): Promise<ApplicationView> {
    const application = await this.createDraft(actor, null);
    return { ...toApplicationSummary(application), answers: [] };
  }

  /**
   * For the rating work, which decides when a rating may be renewed: opens the renewal of the approved
   * application `renewedId` as a draft on the checklist version current now, pre-filled from it. Answers
   * to items the current version still has are copied; each item's newest evidence still valid today is
   * carried over (a new row naming the one it copies, same stored bytes); expired evidence is not, so the
   * submission asks for it again. Two renewals of one application: the database lets one in
   * (`uq_application_renewal`, and one open application per firm).
   */
  @Transactional()
  async openRenewal(actor: Actor, renewedId: string): Promise<RenewalDraftView> {
    const renewed = await this.applications.findOneBy({ id: renewedId });
    if (!renewed || actor.firmId !== renewed.firmId) throw new NotFoundError('Application');
    const application = await this.createDraft(actor, renewed.id);
    const version = await this.checklist.getVersion(application.checklistVersionId);
    const answerable = new Set(version.items.filter((item) => item.assessment !== 'computed').map((item) => item.code));
    const now = this.clock.now();
    const copiedAnswers: string[] = [];
    for (const answer of await this.answers.find({ where: { applicationId: renewed.id }, order: { itemCode: 'ASC' } })) {
      if (!answerable.has(answer.itemCode)) continue;
      await this.answers.insert({ applicationId: application.id, itemCode: answer.itemCode, compliance: answer.compliance, statement: answer.statement, answeredAt: now });
      copiedAnswers.push(answer.itemCode);
    }
    const today = romeCalendarDate(now);
    const evidence = this.txHost.tx.getRepository(Evidence);
    const newest = await evidence
      .createQueryBuilder('e')
      .where('e.application_id = :renewedId', { renewedId })
      .andWhere('NOT EXISTS (SELECT 1 FROM evidence newer WHERE newer.supersedes_id = e.id)')
      .orderBy('e.item_code')
      .addOrderBy('e.uploaded_at')
      .getMany();
    const carriedEvidence: RenewalDraftView['carriedEvidence'][number][] = [];
    const expiredItems = new Set<string>();
    for (const document of newest) {
      if (!answerable.has(document.itemCode)) continue;
      if (document.expiresOn !== null && document.expiresOn < today) {
        expiredItems.add(document.itemCode);
        continue;
      }
      const copy = evidence.create({
        applicationId: application.id,
        itemCode: document.itemCode,
        blobSha256: document.blobSha256,
        fileName: document.fileName,
        contentType: document.contentType,
        size: document.size,
        description: document.description,
        effectiveDate: document.effectiveDate,
        expiresOn: document.expiresOn,
        supersedesId: null,
        carriedFromId: document.id,
        uploadedBy: actor.userId,
        uploadedAt: now,
      });
      await evidence.insert(copy);
      carriedEvidence.push({ itemCode: document.itemCode, evidenceId: copy.id, carriedFromId: document.id, expiresOn: document.expiresOn });
    }
    const stillValid = new Set(carriedEvidence.map((entry) => entry.itemCode));
    const evidenceToRenew = [...expiredItems].filter((itemCode) => !stillValid.has(itemCode)).sort();
    await this.history.record(actor, {
      action: 'application.renewal_prefilled',
      entityType: 'application',
      entityId: application.id,
      after: { renewsApplicationId: renewed.id, copiedAnswers, carriedEvidence, evidenceToRenew },
    });
    return { application: await this.get(actor, application.id), copiedAnswers, carriedEvidence, evidenceToRenew };
  }

  private async createDraft(actor: Actor, renewsApplicationId: string | null): Promise<Application> {
    if (actor.firmId === null) throw new FirmNotRegisteredError();
    const version = await this.checklist.currentVersion();
    if (await this.applications.existsBy({ firmId: actor.firmId, state: In(OPEN_APPLICATION_STATES) })) throw new OpenApplicationExistsError();
    let application: Application;
    try {
      application = await this.applications.save(this.applications.create({ firmId: actor.firmId, checklistVersionId: version.id, renewsApplicationId, state: 'draft', outcome: null }));
    } catch (error) {
      const constraint = postgresErrorCode(error) === UNIQUE_VIOLATION ? violatedConstraint(error) : null;
      if (constraint === 'uq_application_open_per_firm' || constraint === 'uq_application_renewal') throw new OpenApplicationExistsError();
      throw error;
    }
    await this.history.record(actor, {
      action: 'application.opened',
      entityType: 'application',
      entityId: application.id,
      after: { firmId: application.firmId, state: application.state, checklistVersionId: version.id, checklistVersion: version.version, renewsApplicationId },
    });
    return application;
  }

  async get(actor: Actor, applicationId: string): Promise<ApplicationView> {
    const application = await this.applications.findOneBy({ id: applicationId });
    const assignedAuditorId = application && actor.role === 'auditor' ? await this.assignedAuditors.of(applicationId) : null;
    if (!application || !mayReadApplication(actor, { firmId: application.firmId, assignedAuditorId })) throw new NotFoundError('Application');
    const answers = await this.answers.find({ where: { applicationId }, order: { itemCode: 'ASC' } });
    return { ...toApplicationSummary(application), answers: answers.map(toAnswerView) };
  }

  /** Firm users see their own firm's applications; an auditor those assigned to them; other staff all. Newest first. */
  async list(actor: Actor, filter: ApplicationFilter): Promise<ApplicationPage> {
    const empty: ApplicationPage = { items: [], total: 0, page: filter.page, pageSize: filter.pageSize };
    let firmId: string | undefined;
    let ids: string[] | undefined;
    if (actor.role === 'auditor') {
      ids = await this.assignedAuditors.auditedBy(actor.userId);
      firmId = filter.firmId;
    } else if (actor.role === 'firm') {
      if (actor.firmId === null || (filter.firmId !== undefined && filter.firmId !== actor.firmId)) return empty;
      firmId = actor.firmId;
    } else {
      if (!roleHasPermission(actor.role, Permission.FirmRead)) return empty;
      firmId = filter.firmId;
    }
    const [applications, total] = await this.applications.findAndCount({
      where: { ...(firmId ? { firmId } : {}), ...(ids ? { id: In(ids) } : {}), ...(filter.state ? { state: filter.state } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items: applications.map(toApplicationSummary), total, page: filter.page, pageSize: filter.pageSize };
  }

  /** The firm's position on one checklist item, replacing an earlier one; only while the application is a draft. */
  @Transactional()
  async answer(actor: AnyActor, applicationId: string, itemCode: string, input: AnswerInput): Promise<AnswerView> {
    const application = await this.drafts.lockDraft(actor, applicationId);
    await this.drafts.answerableItem(application, itemCode);
    const existing = await this.answers.findOneBy({ applicationId, itemCode });
    const before = existing ? toAnswerView(existing) : undefined;
    const saved = await this.answers.save(
      this.answers.merge(existing ?? this.answers.create({ applicationId, itemCode }), { compliance: input.compliance, statement: input.statement.trim(), answeredAt: this.clock.now() }),
    );
    const after = toAnswerView(saved);
    await this.history.record(actor, { action: 'application.answered', entityType: 'application', entityId: applicationId, before, after });
    return after;
  }

  /**
   * Submits the draft once every required item is answered and every claim of compliance that
   * needs evidence has valid evidence. The row lock makes concurrent submissions queue: the first
   * submits, the next finds the application submitted and gets a conflict. The history event
   * lists the answers and evidence as frozen at this moment.
   */
  @Transactional()
  async submit(actor: AnyActor, applicationId: string): Promise<ApplicationView> {
    const application = await this.lockForTransition(applicationId, (found) => mayChangeApplication(actor, found));
    assertTransition('Application', APPLICATION_TRANSITIONS, application.state, 'submitted');

    const version = await this.checklist.getVersion(application.checklistVersionId);
    const answers = await this.answers.find({ where: { applicationId }, order: { itemCode: 'ASC' } });
    const evidence = await this.txHost.tx.query<{ id: string; item_code: string; blob_sha256: string; file_name: string; expires_on: string | null; valid_today: boolean }[]>(
      `SELECT e.id, e.item_code, e.blob_sha256, e.file_name, to_char(e.expires_on, 'YYYY-MM-DD') AS expires_on, (e.expires_on IS NULL OR e.expires_on >= $2::date) AS valid_today
       FROM evidence e
       WHERE e.application_id = $1 AND NOT EXISTS (SELECT 1 FROM evidence newer WHERE newer.supersedes_id = e.id)
       ORDER BY e.item_code, e.uploaded_at`,
      [applicationId, romeCalendarDate(this.clock.now())],
    );
    const missing = missingForSubmission(
      version.items,
      new Map(answers.map((answer) => [answer.itemCode, answer.compliance])),
      new Set(evidence.filter((row) => row.valid_today).map((row) => row.item_code)),
    );
    if (missing.length > 0) {
      const expiredOf = (itemCode: string): ExpiredEvidence[] =>
        evidence.filter((row) => row.item_code === itemCode && !row.valid_today).map((row) => ({ id: row.id, fileName: row.file_name, expiresOn: row.expires_on ?? '' }));
      throw new ApplicationIncompleteError(missing.map((entry) => {
        const expired = entry.missing.includes('evidence') ? expiredOf(entry.itemCode) : [];
        return expired.length > 0 ? { ...entry, expired } : entry;
      }));
    }

    return this.move(actor, application, 'submitted', { submittedAt: this.clock.now() }, {
      frozen: {
        answers: answers.map((answer) => ({ itemCode: answer.itemCode, compliance: answer.compliance })),
        evidence: evidence.map((row) => ({ id: row.id, itemCode: row.item_code, sha256: row.blob_sha256 })),
      },
    });
  }

  /** The firm withdraws a draft or a submitted application; the firm may then open a new one. */
  @Transactional()
  async withdraw(actor: AnyActor, applicationId: string): Promise<ApplicationView> {
    const application = await this.lockForTransition(applicationId, (found) => mayChangeApplication(actor, found));
    return this.move(actor, application, 'withdrawn', { withdrawnAt: this.clock.now() });
  }

  /** For the audit work, which decides who may start an audit: the application goes in audit. */
  @Transactional()
  async beginAudit(actor: AnyActor, applicationId: string): Promise<ApplicationView> {
    const application = await this.lockForTransition(applicationId, () => true);
    return this.move(actor, application, 'in_audit', { auditStartedAt: this.clock.now() });
  }

  /** For the rating work, which decides who may decide: the audited application is approved or refused. */
  @Transactional()
  async decide(actor: AnyActor, applicationId: string, outcome: ApplicationOutcome): Promise<ApplicationView> {
    const application = await this.lockForTransition(applicationId, () => true);
    return this.move(actor, application, 'decided', { outcome, decidedAt: this.clock.now() });
  }

  /**
   * For appeals, whose panel annulled the refusal of this application: it goes back in audit, its
   * outcome cleared, for a new decision (the only way out of `decided`, which a trigger keeps so).
   * The caller makes sure the firm has no other open application; the unique index has the last word (409).
   */
  @Transactional()
  async reopenOnAppeal(actor: AnyActor, applicationId: string): Promise<ApplicationView> {
    const application = await this.lockForTransition(applicationId, (found) => found.state === 'decided' && found.outcome === 'refused');
    return this.move(actor, application, 'in_audit', { outcome: null, decidedAt: null }, { action: 'application.reopened_on_appeal', allowed: APPLICATION_REOPENING_ON_APPEAL });
  }

  /**
   * Days from submission to decision of every application decided from `since` to `until`, with the
   * calendar month (in Rome) of the decision: the public statistics.
   */
  async decisionDays(since: Date, until: Date): Promise<{ month: string; days: number }[]> {
    return this.txHost.tx.query<{ month: string; days: number }[]>(
      `SELECT to_char(decided_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, (extract(epoch FROM decided_at - submitted_at) / 86400)::float8 AS days
       FROM application WHERE submitted_at IS NOT NULL AND decided_at >= $1 AND decided_at <= $2`,
      [since, until],
    );
  }

  private async lockForTransition(applicationId: string, mayAct: (application: Application) => boolean): Promise<Application> {
    const application = await this.applications.findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
    if (!application || !mayAct(application)) throw new NotFoundError('Application');
    return application;
  }

  /**
   * The one way an application's state changes: the step checked against `APPLICATION_TRANSITIONS` (or
   * the exceptional map a caller is entitled to), the row saved and the history event written, in the
   * caller's transaction.
   */
  private async move(actor: AnyActor, application: Application, to: ApplicationState, changes: Partial<Application>, step: ApplicationStep = {}): Promise<ApplicationView> {
    const from = application.state;
    assertTransition('Application', step.allowed ?? APPLICATION_TRANSITIONS, from, to);
    const saved = await this.applications.save(this.applications.merge(application, { ...changes, state: to }));
    await this.history.record(actor, {
      action: step.action ?? `application.${to}`,
      entityType: 'application',
      entityId: application.id,
      before: { state: from },
      after: { state: to, ...(changes.outcome ? { outcome: changes.outcome } : {}), ...step.frozen },
    });
    const answers = await this.answers.find({ where: { applicationId: application.id }, order: { itemCode: 'ASC' } });
    return { ...toApplicationSummary(saved), answers: answers.map(toAnswerView) };
  }
}
