import { Actor, assertTransition, Clock, type IsoDate, NotFoundError, romeCalendarDate } from '@app/core';
import { FOREIGN_KEY_VIOLATION, postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION } from '@app/database';
import { FirmsService } from '@app/firms';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { SanctionEvents } from './sanction-events';
import { evaluateSanctionCriterion, SanctionFacts } from './sanction-window';
import { Sanction } from './sanction.entity';
import { countsAgainstSeal, SANCTION_TRANSITIONS, sanctionDateProblems } from './sanction.rules';
import { SanctionCriterionView, SanctionPage, sanctionStatus, SanctionView, toSanctionView } from './sanction.view';
import type { SanctionAuthority, SanctionConduct, SanctionStatus } from './sanction.vocabulary';
import { InvalidSanctionError, SanctionAnnulledError, SanctionExistsError, UnknownFirmError } from './sanctions.errors';

export interface NewSanction {
  readonly firmId: string;
  readonly authority: SanctionAuthority;
  readonly reference: string;
  readonly conductCategory: SanctionConduct;
  readonly amountCents: number | null;
  readonly imposedOn: IsoDate;
  /** Null while under appeal. */
  readonly definitiveOn: IsoDate | null;
  readonly sourceUrl: string;
  readonly notes: string | null;
}

/** Corrections and the step to definitive; leaving a field out keeps it. */
export interface SanctionChanges {
  readonly authority?: SanctionAuthority;
  readonly reference?: string;
  readonly conductCategory?: SanctionConduct;
  readonly amountCents?: number | null;
  readonly imposedOn?: IsoDate;
  readonly definitiveOn?: IsoDate | null;
  readonly sourceUrl?: string;
  readonly notes?: string | null;
}

export interface SanctionFilter {
  readonly firmId?: string;
  readonly status?: SanctionStatus;
  readonly authority?: SanctionAuthority;
  readonly conductCategory?: SanctionConduct;
  readonly page: number;
  readonly pageSize: number;
}

const sanctionFacts = (sanction: Sanction): SanctionFacts => ({ conductCategory: sanction.conductCategory, definitiveOn: sanction.definitiveOn, annulled: sanction.annulledAt !== null });

/** The register of sanctions imposed on firms. Admins write it; staff read it (the route decides which). */
@Injectable()
export class SanctionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly events: SanctionEvents,
    private readonly clock: Clock,
    private readonly firms: FirmsService,
  ) {}

  private get sanctions() {
    return this.txHost.tx.getRepository(Sanction);
  }

  @Transactional()
  async record(actor: Actor, input: NewSanction): Promise<SanctionView> {
    this.assertDates(input.imposedOn, input.definitiveOn);
    if (!(await this.firms.exists(input.firmId))) throw new UnknownFirmError(input.firmId);
    const sanction = await this.saveRefusingDuplicates(
      this.sanctions.create({ ...input, reference: input.reference.trim(), amountCents: input.amountCents === null ? null : String(input.amountCents), annulledAt: null, annulmentReason: null }),
      input.firmId,
    );
    const view = toSanctionView(sanction);
    await this.history.record(actor, { action: 'sanction.recorded', entityType: 'sanction', entityId: sanction.id, after: view });
    await this.announceIfNowCounting(actor, sanction, false);
    return view;
  }

  async get(id: string): Promise<SanctionView> {
    const sanction = await this.sanctions.findOneBy({ id });
    if (!sanction) throw new NotFoundError('Sanction');
    return toSanctionView(sanction);
  }

  /** Newest first. Filtering by a firm that does not exist is a 404, so a mistyped id does not look like a clean record. */
  async list(filter: SanctionFilter): Promise<SanctionPage> {
    if (filter.firmId !== undefined) await this.assertFirmExists(filter.firmId);
    const query = this.sanctions.createQueryBuilder('sanction');
    if (filter.firmId !== undefined) query.andWhere('sanction.firm_id = :firmId', { firmId: filter.firmId });
    if (filter.authority !== undefined) query.andWhere('sanction.authority = :authority', { authority: filter.authority });
    if (filter.conductCategory !== undefined) query.andWhere('sanction.conduct_category = :conductCategory', { conductCategory: filter.conductCategory });
    switch (filter.status) {
      case undefined:
        break;
      case 'annulled':
        query.andWhere('sanction.annulled_at IS NOT NULL');
        break;
      case 'definitive':
        query.andWhere('sanction.annulled_at IS NULL AND sanction.definitive_on IS NOT NULL');
        break;
      case 'under_appeal':
        query.andWhere('sanction.annulled_at IS NULL AND sanction.definitive_on IS NULL');
        break;
    }
    const [sanctions, total] = await query
      .orderBy('sanction.imposed_on', 'DESC')
      .addOrderBy('sanction.created_at', 'DESC')
      .addOrderBy('sanction.id', 'ASC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items: sanctions.map(toSanctionView), total, page: filter.page, pageSize: filter.pageSize };
  }

  /**
   * Corrects a sanction or records that it became definitive (e.g. after the appeal failed). A
   * definitive sanction cannot go back under appeal, and an annulled one no longer changes.
   */
  @Transactional()
  async update(actor: Actor, id: string, changes: SanctionChanges): Promise<SanctionView> {
    const sanction = await this.lockForChange(id);
    const before = toSanctionView(sanction);
    const countedBefore = countsAgainstSeal(sanctionFacts(sanction));

    if (changes.authority !== undefined) sanction.authority = changes.authority;
    if (changes.reference !== undefined) sanction.reference = changes.reference.trim();
    if (changes.conductCategory !== undefined) sanction.conductCategory = changes.conductCategory;
    if (changes.amountCents !== undefined) sanction.amountCents = changes.amountCents === null ? null : String(changes.amountCents);
    if (changes.imposedOn !== undefined) sanction.imposedOn = changes.imposedOn;
    if (changes.definitiveOn !== undefined) sanction.definitiveOn = changes.definitiveOn;
    if (changes.sourceUrl !== undefined) sanction.sourceUrl = changes.sourceUrl;
    if (changes.notes !== undefined) sanction.notes = changes.notes;

    this.assertDates(sanction.imposedOn, sanction.definitiveOn);
    const status = sanctionStatus(sanction);
    if (status !== before.status) assertTransition('Sanction', SANCTION_TRANSITIONS, before.status, status);
    const saved = await this.saveRefusingDuplicates(sanction, sanction.firmId);
    const after = toSanctionView(saved);
    await this.history.record(actor, {
      action: status !== before.status ? 'sanction.became_definitive' : 'sanction.updated',
      entityType: 'sanction',
      entityId: id,
      before,
      after,
    });
    await this.announceIfNowCounting(actor, saved, countedBefore);
    return after;
  }

  /** Records that a sanction was withdrawn or annulled; the sanction stays in the register, ignored by the rule. */
  @Transactional()
  async annul(actor: Actor, id: string, reason: string): Promise<SanctionView> {
    const sanction = await this.lockForChange(id);
    const before = toSanctionView(sanction);
    assertTransition('Sanction', SANCTION_TRANSITIONS, before.status, 'annulled');
    sanction.annulledAt = this.clock.now();
    sanction.annulmentReason = reason.trim();
    const after = toSanctionView(await this.sanctions.save(sanction));
    await this.history.record(actor, { action: 'sanction.annulled', entityType: 'sanction', entityId: id, before, after });
    return after;
  }

  /**
   * Criterion 3 (no definitive sanction in the two years before the decision) for one firm, on the
   * day in Rome of `decisionDate`, from the register as it stands now.
   */
  async evaluateForFirm(firmId: string, decisionDate: Date): Promise<SanctionCriterionView> {
    await this.assertFirmExists(firmId);
    const sanctions = await this.sanctions.find({ where: { firmId }, order: { definitiveOn: 'ASC', imposedOn: 'ASC', id: 'ASC' } });
    const result = evaluateSanctionCriterion(
      sanctions.map((sanction) => ({ ...sanctionFacts(sanction), view: toSanctionView(sanction) })),
      decisionDate,
    );
    return {
      firmId,
      passed: result.passed,
      decisionDay: result.decisionDay,
      window: result.window,
      counting: result.counting.map((fact) => fact.view),
      warnings: result.warnings.map((warning) => ({ sanction: warning.sanction.view, reason: warning.reason })),
    };
  }

  private async lockForChange(id: string): Promise<Sanction> {
    const sanction = await this.sanctions.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!sanction) throw new NotFoundError('Sanction');
    if (sanction.annulledAt !== null) throw new SanctionAnnulledError();
    return sanction;
  }

  private assertDates(imposedOn: IsoDate, definitiveOn: IsoDate | null): void {
    const problems = sanctionDateProblems(imposedOn, definitiveOn, romeCalendarDate(this.clock.now()));
    if (Object.keys(problems).length > 0) throw new InvalidSanctionError(problems);
  }

  private async assertFirmExists(firmId: string): Promise<void> {
    if (!(await this.firms.exists(firmId))) throw new NotFoundError('Firm');
  }

  /** The database has the last word on duplicates and on the firm, even against a concurrent writer. */
  private async saveRefusingDuplicates(sanction: Sanction, firmId: string): Promise<Sanction> {
    try {
      return await this.sanctions.save(sanction);
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw new SanctionExistsError();
      if (postgresErrorCode(error) === FOREIGN_KEY_VIOLATION) throw new UnknownFirmError(firmId);
      throw error;
    }
  }

  private async announceIfNowCounting(actor: Actor, sanction: Sanction, countedBefore: boolean): Promise<void> {
    const facts = sanctionFacts(sanction);
    if (countedBefore || !countsAgainstSeal(facts)) return;
    await this.events.sanctionBecameDefinitive(actor, {
      sanctionId: sanction.id,
      firmId: sanction.firmId,
      authority: sanction.authority,
      conductCategory: sanction.conductCategory,
      reference: sanction.reference,
      definitiveOn: facts.definitiveOn,
    });
  }
}
