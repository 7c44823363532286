import { Actor, ForbiddenError, NotFoundError } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mayManageFirm, mayReadFirm } from './firm-access';
import { FirmMember } from './firm-member.entity';
import { Firm } from './firm.entity';
import { FirmDetails, FirmMemberView, FirmView, toFirmView } from './firm.view';
import { AlreadyInFirmError, InvalidVatNumberError, NotFirmOwnerError, VatNumberTakenError } from './firms.errors';
import { normalizeVatNumber, vatNumberProblem } from './vat-number';

export interface NewFirmUser {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

export interface FirmPage {
  readonly items: FirmView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

type FirmColumns = Pick<
  Firm,
  'legalName' | 'vatNumber' | 'taxCode' | 'rocNumber' | 'officeAddress' | 'officeCity' | 'officeProvince' | 'pecAddress' | 'website' | 'serviceKind'
>;

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The columns of a firm from what it declares, normalised; refuses a VAT number with a wrong check digit. */
function firmColumns(details: FirmDetails): FirmColumns {
  const vatNumber = normalizeVatNumber(details.vatNumber);
  const problem = vatNumberProblem(vatNumber);
  if (problem) throw new InvalidVatNumberError(problem);
  return {
    legalName: details.legalName.trim(),
    vatNumber,
    taxCode: blankToNull(details.taxCode)?.toUpperCase() ?? null,
    rocNumber: details.rocNumber.trim(),
    officeAddress: details.registeredOffice.address.trim(),
    officeCity: details.registeredOffice.city.trim(),
    officeProvince: details.registeredOffice.province.trim().toUpperCase(),
    pecAddress: details.pecAddress.trim().toLowerCase(),
    website: blankToNull(details.website),
    serviceKind: details.serviceKind,
  };
}

@Injectable()
export class FirmsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly users: UsersService,
  ) {}

  private get firms() {
    return this.txHost.tx.getRepository(Firm);
  }

  private get members() {
    return this.txHost.tx.getRepository(FirmMember);
  }

  /** The firm a firm user belongs to, or null before they register one. Runs on every request: one unique-index lookup. */
  async firmIdOfMember(userId: string): Promise<string | null> {
    const rows = await this.txHost.tx.query<{ firm_id: string }[]>(`SELECT firm_id FROM firm_member WHERE user_id = $1`, [userId]);
    return rows[0]?.firm_id ?? null;
  }

  /** Whether a firm with this id is registered: for other domains that refer to firms by id. */
  exists(firmId: string): Promise<boolean> {
    return this.firms.existsBy({ id: firmId });
  }

  /** Whether the user belongs to the firm: the four-eyes rules keep its members from auditing or deciding on it. */
  isMember(userId: string, firmId: string): Promise<boolean> {
    return this.members.existsBy({ userId, firmId });
  }

  /** A firm user registers their firm and becomes its first owner. */
  @Transactional()
  async register(actor: Actor, details: FirmDetails): Promise<FirmView> {
    if (actor.role !== 'firm') throw new ForbiddenError('Only firm accounts register a firm');
    const columns = firmColumns(details);
    if (await this.members.existsBy({ userId: actor.userId })) throw new AlreadyInFirmError();
    if (await this.firms.existsBy({ vatNumber: columns.vatNumber })) throw new VatNumberTakenError();
    const firm = await this.saveFirm(this.firms.create(columns));
    await this.saveMember({ userId: actor.userId, firmId: firm.id, isOwner: true });
    const view = toFirmView(firm);
    await this.history.record(actor, { action: 'firm.registered', entityType: 'firm', entityId: firm.id, after: view });
    return view;
  }

  async get(actor: Actor, firmId: string): Promise<FirmView> {
    if (!mayReadFirm(actor, firmId)) throw new NotFoundError('Firm');
    const firm = await this.firms.findOneBy({ id: firmId });
    if (!firm) throw new NotFoundError('Firm');
    return toFirmView(firm);
  }

  /** Every firm, by name; `search` matches part of the legal name or the whole VAT number. */
  async list(page: number, pageSize: number, search?: string): Promise<FirmPage> {
    const query = this.firms.createQueryBuilder('firm').orderBy('firm.legal_name', 'ASC').addOrderBy('firm.id', 'ASC');
    const term = search?.trim();
    if (term) {
      query.where(`firm.legal_name ILIKE :pattern OR firm.vat_number = :vatNumber`, {
        pattern: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        vatNumber: normalizeVatNumber(term),
      });
    }
    const [firms, total] = await query.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    return { items: firms.map(toFirmView), total, page, pageSize };
  }

  /** The id of the firm with this VAT number, for the operator's command line. */
  async findIdByVatNumber(vatNumberInput: string): Promise<string> {
    const firm = await this.firms.findOne({ where: { vatNumber: normalizeVatNumber(vatNumberInput) }, select: { id: true } });
    if (!firm) throw new NotFoundError('Firm');
    return firm.id;
  }

  @Transactional()
  async update(actor: Actor, firmId: string, changes: Partial<FirmDetails>): Promise<FirmView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const firm = await this.firms.findOne({ where: { id: firmId }, lock: { mode: 'pessimistic_write' } });
    if (!firm) throw new NotFoundError('Firm');
    const before = toFirmView(firm);
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<FirmDetails>;
    const columns = firmColumns({ ...before, ...given });
    const updated = await this.saveFirm(this.firms.merge(firm, columns));
    const after = toFirmView(updated);
    await this.history.record(actor, { action: 'firm.updated', entityType: 'firm', entityId: firm.id, before, after });
    return after;
  }

  async listMembers(actor: Actor, firmId: string): Promise<FirmMemberView[]> {
    if (!mayReadFirm(actor, firmId)) throw new NotFoundError('Firm');
    const rows = await this.txHost.tx.query<{ user_id: string; email: string; display_name: string; is_owner: boolean; disabled: boolean; joined_at: Date }[]>(
      `SELECT m.user_id, u.email, u.display_name, m.is_owner, u.disabled_at IS NOT NULL AS disabled, m.created_at AS joined_at
       FROM firm_member m JOIN user_account u ON u.id = m.user_id
       WHERE m.firm_id = $1
       ORDER BY m.created_at, u.email`,
      [firmId],
    );
    return rows.map((row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name, isOwner: row.is_owner, disabled: row.disabled, joinedAt: row.joined_at }));
  }

  /** An owner creates another firm account for the same firm; the account and its membership commit together. */
  @Transactional()
  async addMember(actor: Actor, firmId: string, input: NewFirmUser): Promise<FirmMemberView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const self = await this.members.findOneBy({ userId: actor.userId, firmId });
    if (!self?.isOwner) throw new NotFirmOwnerError();
    const user = await this.users.create(actor, { ...input, role: 'firm' });
    const member = await this.saveMember({ userId: user.id, firmId, isOwner: false });
    await this.history.record(actor, { action: 'firm.member_added', entityType: 'firm', entityId: firmId, after: { userId: user.id, email: user.email, isOwner: false } });
    return { userId: user.id, email: user.email, displayName: user.displayName, isOwner: false, disabled: user.disabled, joinedAt: member.createdAt };
  }

  private async saveFirm(firm: Firm): Promise<Firm> {
    try {
      return await this.firms.save(firm);
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === 'uq_firm_vat_number') throw new VatNumberTakenError();
      throw error;
    }
  }

  private async saveMember(member: Pick<FirmMember, 'userId' | 'firmId' | 'isOwner'>): Promise<FirmMember> {
    try {
      return await this.members.save(this.members.create(member));
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === 'uq_firm_member_user_id') throw new AlreadyInFirmError();
      throw error;
    }
  }
}
