import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ConsumerReport } from './consumer-report.entity';
import type { ReportStatus } from './report.vocabulary';

/** One step of a report's handling, with who took it and their note. Only the pairs of REPORT_TRANSITIONS exist. */
@Entity({ name: 'consumer_report_transition' })
@Index('idx_consumer_report_transition_report_id', ['reportId'])
@Check(
  'chk_consumer_report_transition_allowed',
  `(from_status, to_status) IN (('new', 'forwarded_to_firm'), ('new', 'closed'), ('new', 'dismissed'), ('forwarded_to_firm', 'answered'), ('forwarded_to_firm', 'closed'), ('forwarded_to_firm', 'dismissed'), ('answered', 'closed'), ('answered', 'dismissed'))`,
)
@Check('chk_consumer_report_transition_substantiated', `(to_status = 'closed') = (substantiated IS NOT NULL)`)
export class ConsumerReportTransition {
  /** Orders steps taken at the same instant. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid')
  reportId!: string;

  @ManyToOne(() => ConsumerReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id' })
  report?: ConsumerReport;

  @Column('text')
  fromStatus!: ReportStatus;

  @Column('text')
  toStatus!: ReportStatus;

  @Column('boolean', { nullable: true })
  substantiated!: boolean | null;

  /** Erased with the report's personal data after the retention period. */
  @Column('text', { nullable: true })
  note!: string | null;

  @Column('uuid')
  actorId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserAccount;

  @Column('timestamptz')
  occurredAt!: Date;
}
