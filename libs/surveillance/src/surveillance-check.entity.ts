import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Rating, ReviewTask } from '@app/ratings';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { SurveillancePlanEntry } from './surveillance-plan.entity';
import type { CheckCancellationReason, CheckItemResult, CheckKind, CheckOutcome, CheckStatus, FindingSeverity } from './surveillance-check-rules';

/**
 * A surveillance check: a smaller audit of one rating on the items its plan names, from a plan entry
 * (yearly, or unannounced when drawn) or a report-triggered review task; run by an auditor, decided by
 * a reviewer who did not run it. Triggers check the people, the source and that a decided check never changes.
 */
@Entity({ name: 'surveillance_check' })
// A scheduled check holds its entry's place as a running one does; a cancelled one gives it back.
@Index('uq_surveillance_check_plan_entry_id_kind', ['planEntryId', 'kind'], { unique: true, where: "plan_entry_id IS NOT NULL AND status <> 'cancelled'" })
@Index('uq_surveillance_check_review_task_id', ['reviewTaskId'], { unique: true, where: 'review_task_id IS NOT NULL' })
@Index('idx_surveillance_check_auditor_id_status', ['auditorId', 'status'])
@Index('idx_surveillance_check_rating_id', ['ratingId'])
@Index('idx_surveillance_check_scheduled_on', ['scheduledOn'], { where: "status = 'scheduled'" })
@Check('chk_surveillance_check_kind', `kind IN ('yearly', 'unannounced', 'reports')`)
@Check('chk_surveillance_check_source', `(kind = 'reports') = (review_task_id IS NOT NULL) AND (plan_entry_id IS NULL) = (review_task_id IS NOT NULL)`)
@Check('chk_surveillance_check_items', `cardinality(item_codes) >= 1`)
@Check('chk_surveillance_check_status', `status IN ('scheduled', 'in_progress', 'proposed', 'decided', 'cancelled')`)
@Check('chk_surveillance_check_scheduled', `(status <> 'scheduled' OR scheduled_on IS NOT NULL) AND (scheduled_on IS NULL OR plan_entry_id IS NOT NULL)`)
@Check(
  'chk_surveillance_check_cancellation',
  `(status = 'cancelled') = (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL) AND (cancellation_reason IS NULL OR cancellation_reason IN ('rating_not_current'))`,
)
@Check(
  'chk_surveillance_check_proposal',
  `(status IN ('proposed', 'decided')) = (proposed_outcome IS NOT NULL AND proposed_at IS NOT NULL AND proposal_reasons IS NOT NULL) AND (proposed_outcome IS NULL OR proposed_outcome IN ('maintain', 'suspend', 'revoke'))`,
)
@Check(
  'chk_surveillance_check_decision',
  `(status = 'decided') = (outcome IS NOT NULL AND decided_at IS NOT NULL AND decided_by_id IS NOT NULL AND decision_reasons IS NOT NULL) AND (outcome IS NULL OR outcome IN ('maintain', 'suspend', 'revoke'))`,
)
@Check('chk_surveillance_check_four_eyes', `decided_by_id IS NULL OR decided_by_id <> auditor_id`)
export class SurveillanceCheck {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  ratingId!: string;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('text')
  kind!: CheckKind;

  @Column('uuid', { nullable: true })
  planEntryId!: string | null;

  @ManyToOne(() => SurveillancePlanEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_entry_id' })
  planEntry?: SurveillancePlanEntry;

  /** The review task it answers (opened by the report threshold). */
  @Column('uuid', { nullable: true })
  reviewTaskId!: string | null;

  @ManyToOne(() => ReviewTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_task_id' })
  reviewTask?: ReviewTask;

  @Column('text', { array: true })
  itemCodes!: string[];

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

  @Column('timestamptz')
  assignedAt!: Date;

  @Column('text')
  status!: CheckStatus;

  /** Rome day, YYYY-MM-DD, the check was scheduled to open on (plan-entry checks only); null when opened at once without a date. */
  @Column('date', { nullable: true })
  scheduledOn!: string | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { nullable: true })
  cancellationReason!: CheckCancellationReason | null;

  @Column('text', { nullable: true })
  proposedOutcome!: CheckOutcome | null;

  @Column('text', { nullable: true })
  proposalReasons!: string | null;

  @Column('timestamptz', { nullable: true })
  proposedAt!: Date | null;

  @Column('text', { nullable: true })
  outcome!: CheckOutcome | null;

  @Column('text', { nullable: true })
  decisionReasons!: string | null;

  @Column('uuid', { nullable: true })
  decidedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;
}

/** The auditor's result on one item of a check; recorded again while the check runs, kept once proposed. */
@Entity({ name: 'surveillance_check_item' })
@Check('chk_surveillance_check_item_result', `result IN ('met', 'minor_nc', 'major_nc', 'not_applicable')`)
export class SurveillanceCheckItem {
  @PrimaryColumn('uuid')
  checkId!: string;

  @ManyToOne(() => SurveillanceCheck, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'check_id' })
  check?: SurveillanceCheck;

  @PrimaryColumn('text')
  itemCode!: string;

  @Column('text')
  result!: CheckItemResult;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz')
  recordedAt!: Date;
}

/** A non-conformity raised on one of the check's items, with the corrective action the firm owes by `dueOn`; never changed. */
@Entity({ name: 'surveillance_check_finding' })
@Index('idx_surveillance_check_finding_check_id', ['checkId'])
@Check('chk_surveillance_check_finding_severity', `severity IN ('minor', 'major')`)
export class SurveillanceCheckFinding {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  checkId!: string;

  @ManyToOne(() => SurveillanceCheck, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'check_id' })
  check?: SurveillanceCheck;

  @Column('text')
  itemCode!: string;

  @Column('text')
  severity!: FindingSeverity;

  @Column('text')
  description!: string;

  @Column('text')
  correctiveAction!: string;

  /** Rome calendar date, YYYY-MM-DD. */
  @Column('date')
  dueOn!: string;

  @Column('uuid')
  raisedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raised_by_id' })
  raisedBy?: UserAccount;

  @Column('timestamptz')
  raisedAt!: Date;
}
