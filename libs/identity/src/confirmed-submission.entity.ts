import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserAccount } from './user-account.entity';

/**
 * One confirmed irreversible act from a page, by the random token of its confirmation page: the row
 * is written in the act's own transaction, so a second post of the same confirmation (a double
 * click, a reload) finds it and does nothing, while an act that failed leaves no row behind.
 */
@Entity({ name: 'confirmed_submission' })
export class ConfirmedSubmission {
  @PrimaryColumn('uuid')
  token!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserAccount;

  @Column('timestamptz')
  submittedAt!: Date;
}
