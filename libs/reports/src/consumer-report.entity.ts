import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ReportKind, ReportStatus } from './report.vocabulary';

/**
 * A consumer's report of a call (segnalazione). Linked to the firm that declared the number, or to
 * none ("number not declared"). Submissions of the same number by the same reporter for the same
 * call day collapse into one row with a counter (unique index). The reporter's data (e-mail, key,
 * consent) and every free text are erased after the retention period; the row stays as an anonymous
 * statistic. Never deleted.
 */
@Entity({ name: 'consumer_report' })
@Unique('uq_consumer_report_reference', ['reference'])
@Index('uq_consumer_report_duplicate', ['e164', 'reporterKey', 'callDay'], { unique: true })
@Index('idx_consumer_report_firm_id_called_at', ['firmId', 'calledAt'])
@Index('idx_consumer_report_status_received_at', ['status', 'receivedAt'])
@Index('idx_consumer_report_retention', ['receivedAt'], { where: 'personal_data_purged_at IS NULL' })
@Check('chk_consumer_report_reference', `reference ~ '^SGN-[0-9A-HJKMNP-TV-Z]{10}$'`)
@Check('chk_consumer_report_e164', `e164 ~ '^\\+[1-9][0-9]{6,14}$'`)
@Check('chk_consumer_report_kind', `kind IN ('unwanted_call', 'aggressive_selling', 'opposition_register_ignored', 'operator_location_refused', 'other')`)
@Check('chk_consumer_report_status', `status IN ('new', 'forwarded_to_firm', 'answered', 'closed', 'dismissed')`)
@Check('chk_consumer_report_description', `char_length(description) BETWEEN 1 AND 2000`)
@Check('chk_consumer_report_duplicate_count', `duplicate_count >= 0`)
@Check('chk_consumer_report_consent', `contact_consent_text IS NULL OR reporter_email IS NOT NULL`)
@Check('chk_consumer_report_substantiated', `(status = 'closed') = (substantiated IS NOT NULL)`)
@Check('chk_consumer_report_finished', `(status IN ('closed', 'dismissed')) = (finished_at IS NOT NULL)`)
@Check('chk_consumer_report_forwarded', `(forwarded_at IS NULL) = (answer_due_at IS NULL) AND (forwarded_at IS NULL OR firm_id IS NOT NULL)`)
@Check('chk_consumer_report_in_firm_hands', `status NOT IN ('forwarded_to_firm', 'answered') OR forwarded_at IS NOT NULL`)
@Check('chk_consumer_report_answered', `(answered_at IS NULL) = (answered_by_id IS NULL) AND (status <> 'answered' OR answered_at IS NOT NULL)`)
@Check(
  'chk_consumer_report_purged',
  `personal_data_purged_at IS NULL OR (reporter_email IS NULL AND reporter_key IS NULL AND contact_consent_text IS NULL AND description IS NULL)`,
)
export class ConsumerReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What the consumer holds: `SGN-` and 10 random base32 characters. */
  @Column('text')
  reference!: string;

  /** The number that called, in E.164. */
  @Column('text')
  e164!: string;

  /** The firm that declared the number; null: "number not declared". */
  @Column('uuid', { nullable: true })
  firmId!: string | null;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('timestamptz')
  calledAt!: Date;

  /** The calendar date of the call in Rome: duplicates are counted per day. */
  @Column('date')
  callDay!: string;

  @Column('text')
  kind!: ReportKind;

  /** Null once the retention period has passed. */
  @Column('text', { nullable: true })
  description!: string | null;

  /** Personal data: staff only (the firm only with consent); erased after the retention period. */
  @Column('text', { nullable: true })
  reporterEmail!: string | null;

  /** HMAC of the reporter's e-mail or network under a secret kept outside the database; erased with the rest. */
  @Column('text', { nullable: true })
  reporterKey!: string | null;

  /** The consent to pass the e-mail to the firm, word for word; null: not given. */
  @Column('text', { nullable: true })
  contactConsentText!: string | null;

  /** Further submissions collapsed into this one. */
  @Column('integer', { default: 0 })
  duplicateCount!: number;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('timestamptz')
  lastSubmittedAt!: Date;

  @Column('text')
  status!: ReportStatus;

  /** Staff's verdict, set exactly when the report is closed. */
  @Column('boolean', { nullable: true })
  substantiated!: boolean | null;

  @Column('timestamptz', { nullable: true })
  forwardedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  answerDueAt!: Date | null;

  @Column('text', { nullable: true })
  firmAnswer!: string | null;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;

  @Column('uuid', { nullable: true })
  answeredById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answered_by_id' })
  answeredBy?: UserAccount;

  /** When the report was closed or dismissed. */
  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  personalDataPurgedAt!: Date | null;
}
