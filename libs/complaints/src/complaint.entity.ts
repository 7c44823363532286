import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ComplaintStatus, ComplaintSubject } from './complaint-rules';

/**
 * A complaint about the scheme (ISO/IEC 17065 7.13), from anyone: about the scheme itself, or about a
 * certified firm beyond a single call (a single call is a consumer report). Acknowledged on arrival,
 * handled by staff, closed with an outcome; the history has each step. The contact e-mail is erased
 * COMPLAINT_RETENTION_MONTHS after closing.
 */
@Entity({ name: 'complaint' })
@Unique('uq_complaint_reference', ['reference'])
@Index('idx_complaint_status_received_at', ['status', 'receivedAt'])
@Check('chk_complaint_subject', `(subject = 'scheme' AND firm_id IS NULL AND firm_vat_number IS NULL AND firm_name IS NULL) OR (subject = 'firm' AND (firm_vat_number IS NOT NULL OR firm_name IS NOT NULL))`)
@Check('chk_complaint_status', `status IN ('acknowledged', 'in_handling', 'closed')`)
@Check('chk_complaint_language', `language IN ('it', 'en')`)
@Check('chk_complaint_handling', `(status = 'acknowledged') = (handling_started_at IS NULL) AND (handling_started_at IS NULL) = (handled_by_id IS NULL)`)
@Check('chk_complaint_closed', `(status = 'closed') = (closed_at IS NOT NULL AND closed_by_id IS NOT NULL AND outcome IS NOT NULL)`)
@Check('chk_complaint_status_code_sha256', `status_code_sha256 IS NULL OR status_code_sha256 ~ '^[0-9a-f]{64}$'`)
@Check('chk_complaint_contact_erased', `contact_erased_at IS NULL OR (contact_email IS NULL AND status = 'closed')`)
export class Complaint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `RCL-` and 10 characters: the acknowledgement shown to the complainant. */
  @Column('text')
  reference!: string;

  /** SHA-256 of the status code shown once at filing (`newComplaintStatusCode`); null for complaints filed before there was one. */
  @Column('text', { nullable: true })
  statusCodeSha256!: string | null;

  @Column('text')
  subject!: ComplaintSubject;

  /** The firm named, when its VAT number is one of a registered firm. */
  @Column('uuid', { nullable: true })
  firmId!: string | null;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** As the complainant wrote them (normalised VAT number). */
  @Column('text', { nullable: true })
  firmVatNumber!: string | null;

  @Column('text', { nullable: true })
  firmName!: string | null;

  @Column('text')
  description!: string;

  /** Optional: to acknowledge and to tell the outcome. Erased COMPLAINT_RETENTION_MONTHS after closing. */
  @Column('text', { nullable: true })
  contactEmail!: string | null;

  /** The language the complaint was filed in: its messages are written in it. */
  @Column('text')
  language!: 'it' | 'en';

  @Column('text')
  status!: ComplaintStatus;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('timestamptz', { nullable: true })
  handlingStartedAt!: Date | null;

  @Column('uuid', { nullable: true })
  handledById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handled_by_id' })
  handledBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('uuid', { nullable: true })
  closedById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'closed_by_id' })
  closedBy?: UserAccount;

  /** What was found and done, which the complainant is told. */
  @Column('text', { nullable: true })
  outcome!: string | null;

  @Column('timestamptz', { nullable: true })
  contactErasedAt!: Date | null;
}
