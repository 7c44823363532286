import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { FindingSeverity } from './audit-lifecycle';
import { Audit } from './audit.entity';

/** A non-conformity the auditor raised, with the corrective action the firm must take. Shown to the firm. */
@Entity({ name: 'audit_finding' })
@Index('idx_audit_finding_audit_id', ['auditId'])
@Check('chk_audit_finding_severity', `severity IN ('minor', 'major')`)
@Check('chk_audit_finding_item_code', `item_code IS NULL OR item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
export class AuditFinding {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  auditId!: string;

  @ManyToOne(() => Audit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id' })
  audit?: Audit;

  /** The checklist item it concerns; none for a finding about the firm as a whole. */
  @Column('text', { nullable: true })
  itemCode!: string | null;

  @Column('text')
  severity!: FindingSeverity;

  @Column('text')
  description!: string;

  @Column('text')
  correctiveAction!: string;

  @Column('uuid')
  raisedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raised_by_id' })
  raisedBy?: UserAccount;

  @Column('timestamptz')
  raisedAt!: Date;
}
