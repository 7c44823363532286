export * from './auth.service';
export * from './confirmed-submission.entity';
export * from './identity.errors';
export * from './identity.module';
export * from './login-attempt.entity';
export * from './permissions';
export * from './session.entity';
export * from './sign-in-policy';
export * from './user-account.entity';
export * from './user.view';
export * from './users.service';

import { ConfirmedSubmission } from './confirmed-submission.entity';
import { LoginAttempt } from './login-attempt.entity';
import { Session } from './session.entity';
import { UserAccount } from './user-account.entity';
export const IDENTITY_ENTITIES = [UserAccount, Session, LoginAttempt, ConfirmedSubmission];
