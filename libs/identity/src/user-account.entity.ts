import type { Role } from '@app/core';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'user_account' })
@Unique('uq_user_account_email', ['email'])
@Check('chk_user_account_role', `role IN ('admin', 'auditor', 'reviewer', 'firm', 'integrator')`)
@Check('chk_user_account_email_lowercase', `email = lower(email)`)
export class UserAccount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-case so that uniqueness ignores case. */
  @Column('text')
  email!: string;

  @Column('text')
  displayName!: string;

  @Column('text', { select: false })
  passwordHash!: string;

  @Column('text')
  role!: Role;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
