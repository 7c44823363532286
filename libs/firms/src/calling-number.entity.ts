import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Firm } from './firm.entity';

/**
 * A number a firm declared it calls from (the ROC obligation), in E.164. An active number belongs
 * to one firm only; retiring keeps the row, so who used a number, and when, stays on record.
 */
@Entity({ name: 'calling_number' })
@Index('uq_calling_number_e164_active', ['e164'], { unique: true, where: 'retired_at IS NULL' })
@Index('idx_calling_number_firm_id_e164', ['firmId', 'e164'])
@Check('chk_calling_number_e164', `e164 ~ '^\\+[1-9][0-9]{6,14}$'`)
@Check('chk_calling_number_retired_after_declared', `retired_at IS NULL OR retired_at >= declared_at`)
export class CallingNumber {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  /** Checked by statement triggers rather than a foreign key, once per import instead of per row (migration CallingNumberFirmCheckPerStatement). */
  @ManyToOne(() => Firm, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('text')
  e164!: string;

  @Column('timestamptz')
  declaredAt!: Date;

  @Column('timestamptz', { nullable: true })
  retiredAt!: Date | null;
}
