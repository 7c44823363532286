import { ChecklistVersion } from '@app/checklist';
import { Firm } from '@app/firms';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationOutcome, ApplicationState } from './application-lifecycle';

/** A firm's application for the seal, made against the checklist version current when it was opened. */
@Entity({ name: 'application' })
@Index('uq_application_open_per_firm', ['firmId'], { unique: true, where: `state IN ('draft', 'submitted', 'in_audit')` })
@Index('idx_application_firm_id_created_at', ['firmId', 'createdAt'])
@Index('uq_application_renewal', ['renewsApplicationId'], { unique: true, where: `renews_application_id IS NOT NULL AND state <> 'withdrawn' AND outcome IS DISTINCT FROM 'refused'` })
@Check('chk_application_renews_other', `renews_application_id IS NULL OR renews_application_id <> id`)
@Check('chk_application_state', `state IN ('draft', 'submitted', 'in_audit', 'decided', 'withdrawn')`)
@Check('chk_application_outcome', `(state = 'decided' AND outcome IN ('approved', 'refused') AND decided_at IS NOT NULL) OR (state <> 'decided' AND outcome IS NULL)`)
@Check('chk_application_submitted_at', `state IN ('draft', 'withdrawn') OR submitted_at IS NOT NULL`)
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** The checklist version the answers refer to: the audit keeps it even after a new version is published. */
  @Column('uuid')
  checklistVersionId!: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checklist_version_id' })
  checklistVersion?: ChecklistVersion;

  /** Set on a renewal: the approved application whose rating this one renews, pre-filled from it. */
  @Column('uuid', { nullable: true })
  renewsApplicationId!: string | null;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'renews_application_id' })
  renews?: Application;

  @Column('text')
  state!: ApplicationState;

  @Column('text', { nullable: true })
  outcome!: ApplicationOutcome | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  auditStartedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  withdrawnAt!: Date | null;
}
