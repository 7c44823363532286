import type { ApplicationOutcome } from '@app/applications';
import { Audit } from '@app/audits';
import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Rating } from '@app/ratings';
import type { SanctionCriterionView } from '@app/sanctions';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A reviewer's decision on an audit: one per audit, never changed. Four-eyes is the database's
 * rule too: the decider is not the audit's auditor (a CHECK on the copied auditor id, which a
 * trigger ties to the audit) and not a member of the audited firm (the same trigger). A refusal
 * annulled on appeal stays, marked with the appeal; the audit then takes one new decision, by a
 * reviewer who never decided on it (the same trigger).
 */
@Entity({ name: 'audit_decision' })
@Index('uq_audit_decision_audit_id', ['auditId'], { unique: true, where: 'annulled_by_appeal_id IS NULL' })
@Unique('uq_audit_decision_rating_id', ['ratingId'])
@Check('chk_audit_decision_four_eyes', `decided_by_id <> auditor_id`)
@Check('chk_audit_decision_outcome', `(outcome = 'approved' AND rating_id IS NOT NULL) OR (outcome = 'refused' AND rating_id IS NULL AND reasons IS NOT NULL)`)
export class AuditDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  auditId!: string;

  @ManyToOne(() => Audit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id' })
  audit?: Audit;

  /** The audit's firm, copied so the four-eyes rule can be checked on this row. */
  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** The audit's auditor, copied so the four-eyes rule is a CHECK on this row. */
  @Column('uuid')
  auditorId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'auditor_id' })
  auditor?: UserAccount;

  @Column('uuid')
  decidedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: UserAccount;

  @Column('text')
  outcome!: ApplicationOutcome;

  /** Required for a refusal, and shown to the firm; optional for an approval. */
  @Column('text', { nullable: true })
  reasons!: string | null;

  @Column('uuid', { nullable: true })
  ratingId!: string | null;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  /** Criterion 3 as evaluated on the decision day, kept as the reviewer saw it. */
  @Column('jsonb')
  sanctionCriterion!: SanctionCriterionView;

  @Column('timestamptz')
  decidedAt!: Date;

  /** The upheld appeal that annulled this refusal; set once (a trigger checks the appeal). No foreign key: appeals sit above decisions. */
  @Column('uuid', { nullable: true })
  annulledByAppealId!: string | null;
}
