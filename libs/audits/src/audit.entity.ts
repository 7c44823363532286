import { Application } from '@app/applications';
import { ChecklistVersion } from '@app/checklist';
import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { AuditStatus, Verdict } from './audit-lifecycle';

/**
 * The audit of one application, by one auditor, against the checklist version the application was
 * made on. Database triggers check the assignment (an auditor account, not a member of the firm,
 * the application's own firm and version) and refuse any change once the audit is decided.
 */
@Entity({ name: 'audit' })
@Unique('uq_audit_application_id', ['applicationId'])
@Index('idx_audit_auditor_id_status', ['auditorId', 'status'])
@Index('idx_audit_status', ['status'])
@Index('idx_audit_firm_id', ['firmId'])
@Check('chk_audit_status', `status IN ('in_progress', 'awaiting_firm', 'proposed', 'decided')`)
@Check(
  'chk_audit_proposal',
  `(status IN ('proposed', 'decided')) = (proposed_outcome IS NOT NULL AND proposed_at IS NOT NULL) AND (proposed_outcome IS NULL OR proposed_outcome IN ('approve', 'refuse')) AND (proposed_outcome IS DISTINCT FROM 'refuse' OR proposal_reasons IS NOT NULL)`,
)
@Check('chk_audit_decided_at', `(status = 'decided') = (decided_at IS NOT NULL)`)
export class Audit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  applicationId!: string;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** The application's version, kept even after a newer one is published. */
  @Column('uuid')
  checklistVersionId!: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checklist_version_id' })
  checklistVersion?: ChecklistVersion;

  @Column('uuid')
  auditorId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'auditor_id' })
  auditor?: UserAccount;

  @Column('uuid')
  assignedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigned_by_id' })
  assignedBy?: UserAccount;

  @Column('text')
  status!: AuditStatus;

  @Column('text', { nullable: true })
  proposedOutcome!: Verdict | null;

  /** Why the auditor proposes a refusal (required then), or a note on a proposed approval. */
  @Column('text', { nullable: true })
  proposalReasons!: string | null;

  @Column('timestamptz', { nullable: true })
  proposedAt!: Date | null;

  @Column('timestamptz')
  assignedAt!: Date;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
