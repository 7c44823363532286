import { UserAccount } from '@app/identity';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ItemResult } from './audit-lifecycle';
import { Audit } from './audit.entity';

/**
 * The auditor's result on one declared item of the audit's checklist version; recording it again
 * replaces it (the history keeps every version). A trigger checks the item belongs to the version.
 */
@Entity({ name: 'audit_item_result' })
@Unique('uq_audit_item_result_audit_id_item_code', ['auditId', 'itemCode'])
@Check('chk_audit_item_result_result', `result IN ('met', 'minor_nc', 'major_nc', 'not_applicable')`)
@Check('chk_audit_item_result_item_code', `item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
export class AuditItemResult {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  auditId!: string;

  @ManyToOne(() => Audit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id' })
  audit?: Audit;

  @Column('text')
  itemCode!: string;

  @Column('text')
  result!: ItemResult;

  /** The auditor's working note: internal, never shown to the firm. */
  @Column('text')
  note!: string;

  @Column('uuid')
  recordedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: UserAccount;

  @Column('timestamptz')
  recordedAt!: Date;
}
