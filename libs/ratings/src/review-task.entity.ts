import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Rating } from './rating.entity';

export const REVIEW_TASK_KINDS = ['sanction', 'surveillance', 'corrective_action'] as const;
export type ReviewTaskKind = (typeof REVIEW_TASK_KINDS)[number];
export const REVIEW_OUTCOMES = ['revoked', 'suspended', 'no_action'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * A revocation review reviewers must look at: a new definitive sanction, consumer reports past the
 * surveillance threshold, or a major finding's corrective action not accepted by its due date. One
 * open task per rating, kind and source, even under concurrency; an overdue finding opens one ever.
 */
@Entity({ name: 'review_task' })
@Index('uq_review_task_open', ['ratingId', 'kind', 'sourceRef'], { unique: true, where: 'closed_at IS NULL' })
@Index('uq_review_task_corrective_action', ['sourceRef'], { unique: true, where: `kind = 'corrective_action'` })
@Check('chk_review_task_kind', `kind IN ('sanction', 'surveillance', 'corrective_action')`)
@Check('chk_review_task_outcome', `(closed_at IS NULL) = (outcome IS NULL) AND (outcome IS NULL OR outcome IN ('revoked', 'suspended', 'no_action'))`)
export class ReviewTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  ratingId!: string;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('uuid')
  firmId!: string;

  @Column('text')
  kind!: ReviewTaskKind;

  /** What opened it: a sanction id, `reports` for surveillance, a finding id for a corrective action. */
  @Column('text')
  sourceRef!: string;

  @Column('text')
  summary!: string;

  @Column('timestamptz')
  openedAt!: Date;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('uuid', { nullable: true })
  closedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'closed_by_id' })
  closedBy?: UserAccount;

  @Column('text', { nullable: true })
  outcome!: ReviewOutcome | null;

  @Column('text', { nullable: true })
  note!: string | null;
}
