import { Application } from '@app/applications';
import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { StoredBlob } from '@app/storage';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { RatingStatus, RevocationReason } from './rating-lifecycle';

/**
 * The blue seal of one firm, from one approved application. `status` is what was last recorded;
 * readers use the effective status (`effectiveRatingStatus`), which also accounts for time passing.
 */
@Entity({ name: 'rating' })
@Unique('uq_rating_certificate_number', ['certificateNumber'])
@Unique('uq_rating_certificate_year_certificate_sequence', ['certificateYear', 'certificateSequence'])
@Unique('uq_rating_application_id', ['applicationId'])
@Index('uq_rating_firm_current', ['firmId'], { unique: true, where: `status IN ('active', 'suspended')` })
@Index('idx_rating_firm_id_issued_at', ['firmId', 'issuedAt'])
@Index('uq_rating_superseded_by_id', ['supersededById'], { unique: true, where: 'superseded_by_id IS NOT NULL' })
@Check('chk_rating_status', `status IN ('active', 'suspended', 'revoked', 'expired')`)
@Check('chk_rating_validity', `valid_until > issued_at`)
@Check('chk_rating_period', `valid_from >= issued_at AND valid_until > valid_from`)
@Check('chk_rating_suspension', `(status = 'suspended') = (suspended_at IS NOT NULL AND suspension_deadline IS NOT NULL)`)
@Check('chk_rating_revocation', `(status = 'revoked') = (revocation_reason IS NOT NULL)`)
@Check('chk_rating_ended', `(status IN ('revoked', 'expired')) = (ended_at IS NOT NULL)`)
@Check('chk_rating_revocation_reason', `revocation_reason IS NULL OR revocation_reason IN ('irregularities', 'new_definitive_sanction', 'false_declarations', 'failed_surveillance', 'firm_request')`)
@Check('chk_rating_suspension_reason', `suspension_reason IS NULL OR suspension_reason IN ('irregularities', 'new_definitive_sanction', 'false_declarations', 'failed_surveillance', 'firm_request')`)
export class Rating {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('uuid')
  applicationId!: string;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('uuid')
  decidedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: UserAccount;

  @Column('text')
  certificateNumber!: string;

  @Column('integer')
  certificateYear!: number;

  @Column('integer')
  certificateSequence!: number;

  @Column('text')
  checklistVersion!: string;

  @Column('text')
  status!: RatingStatus;

  @Column('timestamptz')
  issuedAt!: Date;

  /**
   * The start of the certificate's period: the issue, or for a renewal decided while the previous rating
   * was current, the day after that one's last day (`ratingPeriod`). The rating is the firm's current one
   * from its issue either way: before `validFrom` the previous rating's period, which it replaced, runs.
   */
  @Column('timestamptz')
  validFrom!: Date;

  @Column('timestamptz')
  validUntil!: Date;

  @Column('timestamptz', { nullable: true })
  suspendedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  suspensionDeadline!: Date | null;

  @Column('text', { nullable: true })
  suspensionReason!: RevocationReason | null;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { nullable: true })
  revocationReason!: RevocationReason | null;

  /** Shown on every public surface with the current status. */
  @Column('text', { nullable: true })
  publicNote!: string | null;

  @Column('uuid', { nullable: true })
  supersededById!: string | null;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'superseded_by_id' })
  supersededBy?: Rating;

  /** SHA-256 of the signed certificate PDF, once rendered; it never changes afterwards. */
  @Column('text', { nullable: true })
  certificateSha256!: string | null;

  @ManyToOne(() => StoredBlob, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certificate_sha256' })
  certificatePdf?: StoredBlob;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
