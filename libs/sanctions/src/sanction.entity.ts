import { Firm } from '@app/firms';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { IsoDate } from '@app/core';
import type { SanctionAuthority, SanctionConduct } from './sanction.vocabulary';

/**
 * A sanction imposed on a firm, as recorded by an admin. Never deleted: a sanction withdrawn or
 * annulled on appeal keeps its row with `annulled_at` and the reason, and every change is in the history.
 */
@Entity({ name: 'sanction' })
@Unique('uq_sanction_firm_id_authority_reference', ['firmId', 'authority', 'reference'])
@Index('idx_sanction_firm_id', ['firmId'])
@Check('chk_sanction_authority', `authority IN ('garante_privacy', 'agcom', 'agcm', 'judicial')`)
@Check('chk_sanction_conduct_category', `conduct_category IN ('data_protection', 'consumer_harm', 'other')`)
@Check('chk_sanction_amount_cents', `amount_cents IS NULL OR amount_cents > 0`)
@Check('chk_sanction_definitive_on', `definitive_on IS NULL OR definitive_on >= imposed_on`)
@Check('chk_sanction_source_url', `source_url ~ '^https://'`)
@Check('chk_sanction_annulment', `(annulled_at IS NULL) = (annulment_reason IS NULL)`)
export class Sanction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('text')
  authority!: SanctionAuthority;

  /** The authority's own identifier, e.g. the number of the Garante's provvedimento. */
  @Column('text')
  reference!: string;

  @Column('text')
  conductCategory!: SanctionConduct;

  /** Euro cents; null for a measure without a fine (e.g. a ban on processing). */
  @Column('bigint', { nullable: true })
  amountCents!: string | null;

  @Column('date')
  imposedOn!: IsoDate;

  /** Null while the sanction is under appeal. */
  @Column('date', { nullable: true })
  definitiveOn!: IsoDate | null;

  @Column('text')
  sourceUrl!: string;

  @Column('text', { nullable: true })
  notes!: string | null;

  @Column('timestamptz', { nullable: true })
  annulledAt!: Date | null;

  @Column('text', { nullable: true })
  annulmentReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
