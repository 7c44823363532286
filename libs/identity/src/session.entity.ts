import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { UserAccount } from './user-account.entity';

export type SessionKind = 'cookie' | 'bearer';

/** A signed-in session. Only the SHA-256 of its token is stored, so a database leak yields no usable token. */
@Entity({ name: 'session' })
@Unique('uq_session_token_hash', ['tokenHash'])
@Index('idx_session_user_id', ['userId'])
@Check('chk_session_kind', `kind IN ('cookie', 'bearer')`)
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserAccount;

  @Column('text')
  tokenHash!: string;

  @Column('text')
  kind!: SessionKind;

  @Column('text', { nullable: true })
  ip!: string | null;

  @Column('text', { nullable: true })
  userAgent!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
