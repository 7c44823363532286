import { UserAccount } from '@app/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Audit } from './audit.entity';

/** A question the auditor put to the firm; the audit waits (`awaiting_firm`) until every question is answered. */
@Entity({ name: 'audit_information_request' })
@Index('idx_audit_information_request_audit_id', ['auditId'])
@Check('chk_audit_information_request_item_code', `item_code IS NULL OR item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
@Check('chk_audit_information_request_answer', `(answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by_id IS NULL)`)
export class InformationRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  auditId!: string;

  @ManyToOne(() => Audit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_id' })
  audit?: Audit;

  /** The checklist item it concerns, if one. */
  @Column('text', { nullable: true })
  itemCode!: string | null;

  @Column('text')
  question!: string;

  @Column('uuid')
  askedById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asked_by_id' })
  askedBy?: UserAccount;

  @Column('timestamptz')
  askedAt!: Date;

  @Column('text', { nullable: true })
  answer!: string | null;

  @Column('uuid', { nullable: true })
  answeredById!: string | null;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answered_by_id' })
  answeredBy?: UserAccount;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;
}
