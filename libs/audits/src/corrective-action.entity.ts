import { UserAccount } from '@app/identity';
import { StoredBlob } from '@app/storage';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AuditFinding } from './audit-finding.entity';
import type { CorrectiveActionState } from './corrective-action-rules';

/**
 * The follow-up of a finding's corrective action: its due date, the firm's latest answer and the
 * auditor's latest review (earlier rounds are in the history). Apart from the finding, which is
 * frozen with its audit's decision, because the follow-up goes on after it.
 */
@Entity({ name: 'audit_corrective_action' })
@Index('idx_audit_corrective_action_pending', ['dueOn'], { where: `state <> 'accepted'` })
@Check('chk_audit_corrective_action_state', `state IN ('open', 'answered', 'accepted', 'reopened')`)
@Check('chk_audit_corrective_action_answer', `(answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by_id IS NULL) AND (state = 'open') = (answer IS NULL)`)
@Check(
  'chk_audit_corrective_action_review',
  `(reviewed_at IS NULL) = (reviewed_by_id IS NULL) AND (state <> 'open' OR reviewed_at IS NULL) AND (state NOT IN ('accepted', 'reopened') OR reviewed_at IS NOT NULL) AND (state <> 'reopened' OR review_reason IS NOT NULL) AND (state <> 'answered' OR reviewed_at IS NULL OR answered_at >= reviewed_at)`,
)
export class CorrectiveAction {
  @PrimaryColumn('uuid')
  findingId!: string;

  @ManyToOne(() => AuditFinding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: AuditFinding;

  /** Rome day, YYYY-MM-DD: the action is to be accepted by the end of it. */
  @Column('date')
  dueOn!: string;

  @Column('text')
  state!: CorrectiveActionState;

  @Column('text', { nullable: true })
  answer!: string | null;

  @Column('uuid', { nullable: true })
  answeredById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answered_by_id' })
  answeredBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;

  /** Why the auditor reopened it (required), or a note on accepting it. */
  @Column('text', { nullable: true })
  reviewReason!: string | null;

  @Column('uuid', { nullable: true })
  reviewedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewed_by_id' })
  reviewedBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  reviewedAt!: Date | null;

  @Column('timestamptz')
  createdAt!: Date;
}

/** A document the firm adds to its answer while it has to answer; never changed. */
@Entity({ name: 'audit_corrective_document' })
@Index('idx_audit_corrective_document_finding_id', ['findingId', 'uploadedAt'])
export class CorrectiveActionDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  findingId!: string;

  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  correctiveAction?: CorrectiveAction;

  @Column('text')
  sha256!: string;

  @ManyToOne(() => StoredBlob, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sha256' })
  blob?: StoredBlob;

  /** Made safe (`safeFileName`), with the extension of the detected type. */
  @Column('text')
  fileName!: string;

  @Column('text')
  contentType!: string;

  @Column('integer')
  sizeBytes!: number;

  @Column('uuid')
  uploadedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy?: UserAccount;

  @Column('timestamptz')
  uploadedAt!: Date;
}
