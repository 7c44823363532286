import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Sign-in attempts, kept to limit guessing per account and per client IP. */
@Entity({ name: 'login_attempt' })
@Index('idx_login_attempt_email_attempted_at', ['email', 'attemptedAt'])
@Index('idx_login_attempt_ip_attempted_at', ['ip', 'attemptedAt'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text')
  email!: string;

  @Column('text')
  ip!: string;

  @Column('boolean')
  succeeded!: boolean;

  @Column('timestamptz')
  attemptedAt!: Date;
}
