import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const SERVICE_KINDS = ['inbound', 'outbound', 'both'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** A contact-center firm: the applicant for the seal. */
@Entity({ name: 'firm' })
@Unique('uq_firm_vat_number', ['vatNumber'])
@Check('chk_firm_vat_number', `vat_number ~ '^[0-9]{11}$'`)
@Check('chk_firm_office_province', `office_province ~ '^[A-Z]{2}$'`)
@Check('chk_firm_service_kind', `service_kind IN ('inbound', 'outbound', 'both')`)
export class Firm {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  legalName!: string;

  /** Partita IVA, 11 digits, check digit verified before it is stored. */
  @Column('text')
  vatNumber!: string;

  @Column('text', { nullable: true })
  taxCode!: string | null;

  /** Registration number in the ROC (Registro degli Operatori di Comunicazione). */
  @Column('text')
  rocNumber!: string;

  @Column('text')
  officeAddress!: string;

  @Column('text')
  officeCity!: string;

  /** Province code (sigla), e.g. RM. */
  @Column('text')
  officeProvince!: string;

  @Column('text')
  pecAddress!: string;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text')
  serviceKind!: ServiceKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
