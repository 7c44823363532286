import { UserAccount } from '@app/identity';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Firm } from './firm.entity';

/** A firm user's membership: each firm account belongs to at most one firm. */
@Entity({ name: 'firm_member' })
@Unique('uq_firm_member_user_id', ['userId'])
@Index('idx_firm_member_firm_id', ['firmId'])
export class FirmMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserAccount;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** Owners add the firm's other users; whoever registers the firm is its first owner. */
  @Column('boolean')
  isOwner!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
