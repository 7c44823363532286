import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Password checks, kept to enforce the sign-in policy (`sign-in-policy.ts`). A row is written as a
 * failure before the password is checked, so a check in progress already counts against the budgets,
 * and becomes a success when the password matches.
 */
@Entity({ name: 'login_attempt' })
@Index('idx_login_attempt_email_attempted_at', ['email', 'attemptedAt'])
@Index('idx_login_attempt_ip_attempted_at', ['ip', 'attemptedAt'])
@Index('idx_login_attempt_known_client', ['email', 'attemptedAt'], { where: 'succeeded' })
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

  /** SHA-256 of the device token the client proved it holds for this account (on a success: the one it holds from now on). */
  @Column('text', { nullable: true })
  deviceTokenHash!: string | null;
}
