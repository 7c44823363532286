import { Actor, AnyActor, Clock, NotFoundError } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { CallingNumber } from './calling-number.entity';
import { mayManageFirm, mayReadFirm } from './firm-access';
import { CallingNumberView, toCallingNumberView } from './firm.view';
import { AlreadyRetiredError, InvalidPhoneNumberError, NumberAlreadyDeclaredError, NumberTakenError } from './firms.errors';
import { normalizePhoneNumber } from './phone-number';

export type CallingNumberStatus = 'active' | 'retired' | 'all';

export interface CallingNumberPage {
  readonly items: CallingNumberView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A unique violation on this index means another firm declared the number first. */
export const ACTIVE_NUMBER_INDEX = 'uq_calling_number_e164_active';

export function isActiveNumberConflict(error: unknown): boolean {
  return postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === ACTIVE_NUMBER_INDEX;
}

@Injectable()
export class CallingNumbersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  private get numbers() {
    return this.txHost.tx.getRepository(CallingNumber);
  }

  async list(actor: Actor, firmId: string, status: CallingNumberStatus, page: number, pageSize: number): Promise<CallingNumberPage> {
    if (!mayReadFirm(actor, firmId)) throw new NotFoundError('Firm');
    const query = this.numbers
      .createQueryBuilder('number')
      .where('number.firm_id = :firmId', { firmId })
      .orderBy('number.e164', 'ASC')
      .addOrderBy('number.declared_at', 'ASC');
    if (status === 'active') query.andWhere('number.retired_at IS NULL');
    if (status === 'retired') query.andWhere('number.retired_at IS NOT NULL');
    const [numbers, total] = await query.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    return { items: numbers.map(toCallingNumberView), total, page, pageSize };
  }

  /** One of the firm's numbers, declared or retired. */
  async get(actor: Actor, firmId: string, numberId: string): Promise<CallingNumberView> {
    if (!mayReadFirm(actor, firmId)) throw new NotFoundError('Firm');
    const number = await this.numbers.findOneBy({ id: numberId, firmId });
    if (!number) throw new NotFoundError('Calling number');
    return toCallingNumberView(number);
  }

  /** Declares one number, written in any common format; refused when it is invalid or another firm holds it. */
  @Transactional()
  async declare(actor: AnyActor, firmId: string, written: string): Promise<CallingNumberView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const normalized = normalizePhoneNumber(written);
    if (!normalized.ok) throw new InvalidPhoneNumberError(written, normalized.reason);
    const holders = await this.txHost.tx.query<{ firm_id: string }[]>(`SELECT firm_id FROM calling_number WHERE e164 = $1 AND retired_at IS NULL`, [normalized.e164]);
    if (holders.length > 0) throw holders[0].firm_id === firmId ? new NumberAlreadyDeclaredError() : new NumberTakenError();
    let number: CallingNumber;
    try {
      number = await this.numbers.save(this.numbers.create({ firmId, e164: normalized.e164, declaredAt: this.clock.now(), retiredAt: null }));
    } catch (error) {
      if (isActiveNumberConflict(error)) throw new NumberTakenError();
      throw error;
    }
    await this.history.record(actor, { action: 'calling_number.declared', entityType: 'calling_number', entityId: number.id, after: { firmId, e164: number.e164 } });
    return toCallingNumberView(number);
  }

  /** The number stays on record with its retirement date; another firm may declare it afterwards. */
  @Transactional()
  async retire(actor: AnyActor, firmId: string, numberId: string): Promise<CallingNumberView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const number = await this.numbers.findOne({ where: { id: numberId, firmId }, lock: { mode: 'pessimistic_write' } });
    if (!number) throw new NotFoundError('Calling number');
    if (number.retiredAt !== null) throw new AlreadyRetiredError('number');
    number.retiredAt = this.clock.now();
    await this.numbers.save(number);
    await this.history.record(actor, { action: 'calling_number.retired', entityType: 'calling_number', entityId: number.id, after: { firmId, e164: number.e164, retiredAt: number.retiredAt } });
    return toCallingNumberView(number);
  }
}
