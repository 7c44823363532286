import { Application } from '@app/applications';
import { AuditDecision } from '@app/decisions';
import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Rating, RatingEvent } from '@app/ratings';
import { StoredBlob } from '@app/storage';
import { SurveillanceCheck } from '@app/surveillance';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AppealKind, AppealStatus } from './appeal-rules';

/**
 * A firm's appeal against a decision (ISO/IEC 17065 7.13): on its rating, named by the public event that
 * recorded it; a reviewer's refusal of its application, named by the `audit_decision`; or the outcome of
 * a surveillance check, named by the check and the public event its decision recorded. Who took it (and,
 * for a refusal or a check, who audited) is copied here, checked by a trigger, so that the database can
 * refuse a panel member who took part.
 */
@Entity({ name: 'appeal' })
@Unique('uq_appeal_appealed_event_id', ['appealedEventId'])
@Unique('uq_appeal_appealed_decision_id', ['appealedDecisionId'])
@Unique('uq_appeal_surveillance_check_id', ['surveillanceCheckId'])
@Index('idx_appeal_status_filed_at', ['status', 'filedAt'])
@Index('idx_appeal_firm_id', ['firmId'])
@Index('idx_appeal_application_id', ['applicationId'])
@Check('chk_appeal_kind', `kind IN ('suspension', 'revocation', 'refusal', 'surveillance_outcome')`)
@Check(
  'chk_appeal_subject',
  `(kind IN ('suspension', 'revocation') AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL AND audited_by_id IS NULL AND surveillance_check_id IS NULL)
        OR (kind = 'refusal' AND appealed_decision_id IS NOT NULL AND application_id IS NOT NULL AND audited_by_id IS NOT NULL AND rating_id IS NULL AND appealed_event_id IS NULL AND surveillance_check_id IS NULL)
        OR (kind = 'surveillance_outcome' AND surveillance_check_id IS NOT NULL AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND audited_by_id IS NOT NULL AND decision_taken_by_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL)`,
)
@Check('chk_appeal_reversal', `(NOT decision_reopened OR (kind = 'refusal' AND status = 'upheld')) AND (NOT rating_reinstated OR kind IN ('suspension', 'revocation', 'surveillance_outcome'))`)
@Check('chk_appeal_status', `status IN ('filed', 'under_review', 'upheld', 'dismissed')`)
@Check('chk_appeal_panel', `(status = 'filed') = (panel_formed_at IS NULL)`)
@Check('chk_appeal_stay', `revocation_stayed_at IS NULL OR kind = 'revocation'`)
@Check('chk_appeal_decided', `(status IN ('upheld', 'dismissed')) = (decided_at IS NOT NULL AND panel_decided_by_id IS NOT NULL AND outcome_reasons IS NOT NULL)`)
export class Appeal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** The rating whose suspension or revocation (by a decision or a surveillance check) is appealed; null for a refusal. */
  @Column('uuid', { nullable: true })
  ratingId!: string | null;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('text')
  kind!: AppealKind;

  /** The `rating_event` that recorded the decision appealed (its id: events are never changed). */
  @Column('bigint', { nullable: true })
  appealedEventId!: string | null;

  @ManyToOne(() => RatingEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appealed_event_id' })
  appealedEvent?: RatingEvent;

  /** The reviewer's refusal appealed (kind `refusal`); null for a decision on a rating. */
  @Column('uuid', { nullable: true })
  appealedDecisionId!: string | null;

  @ManyToOne(() => AuditDecision, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appealed_decision_id' })
  appealedDecision?: AuditDecision;

  /** The refused application (kind `refusal`). */
  @Column('uuid', { nullable: true })
  applicationId!: string | null;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  /** The surveillance check whose outcome is appealed (kind `surveillance_outcome`). */
  @Column('uuid', { nullable: true })
  surveillanceCheckId!: string | null;

  @ManyToOne(() => SurveillanceCheck, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'surveillance_check_id' })
  surveillanceCheck?: SurveillanceCheck;

  /** The auditor of the audit refused (kind `refusal`) or of the check (kind `surveillance_outcome`), who may not sit on the panel either. */
  @Column('uuid', { nullable: true })
  auditedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audited_by_id' })
  auditedBy?: UserAccount;

  @Column('timestamptz')
  appealedDecisionAt!: Date;

  /** Who took the decision appealed; null when the platform recorded it (a suspension that lapsed). */
  @Column('uuid', { nullable: true })
  decisionTakenById!: string | null;

  @Column('uuid')
  filedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'filed_by_id' })
  filedBy?: UserAccount;

  @Column('text')
  reasons!: string;

  @Column('timestamptz')
  filedAt!: Date;

  @Column('text')
  status!: AppealStatus;

  @Column('uuid', { nullable: true })
  panelFormedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'panel_formed_by_id' })
  panelFormedBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  panelFormedAt!: Date | null;

  @Column('uuid', { nullable: true })
  panelDecidedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'panel_decided_by_id' })
  panelDecidedBy?: UserAccount;

  @Column('text', { nullable: true })
  outcomeReasons!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  /** When the panel stayed the revocation appealed (the rating suspended until the decision); null if it did not. */
  @Column('timestamptz', { nullable: true })
  revocationStayedAt!: Date | null;

  /** Whether the upheld appeal gave the rating back (not when the firm holds a newer rating by then): a suspension, a revocation, a check's outcome. */
  @Column('boolean', { default: false })
  ratingReinstated!: boolean;

  /** Whether the upheld appeal of a refusal reopened the audit for a new decision (not when the firm has applied again meanwhile). */
  @Column('boolean', { default: false })
  decisionReopened!: boolean;
}

/** A reviewer on an appeal's panel: added when the panel is formed, never changed. */
@Entity({ name: 'appeal_panel_member' })
export class AppealPanelMember {
  @PrimaryColumn('uuid')
  appealId!: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id' })
  appeal?: Appeal;

  @PrimaryColumn('uuid')
  reviewerId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: UserAccount;
}

/** A document the firm adds in support of its appeal, before the decision; never changed. */
@Entity({ name: 'appeal_document' })
@Index('idx_appeal_document_appeal_id', ['appealId', 'uploadedAt'])
export class AppealDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  appealId!: string;

  @ManyToOne(() => Appeal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appeal_id' })
  appeal?: Appeal;

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
