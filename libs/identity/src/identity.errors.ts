import { DomainError, RateLimitedError } from '@app/core';
import type { ThrottleScope } from './sign-in-policy';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', 'invalid_credentials', 'The e-mail or the password is wrong');
  }
}

export class AccountDisabledError extends DomainError {
  constructor() {
    super('forbidden', 'account_disabled', 'This account has been disabled; ask an administrator');
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super('conflict', 'email_taken', 'An account with this e-mail address already exists');
  }
}

const THROTTLED_MESSAGES: Record<ThrottleScope, string> = {
  account: 'Too many failed sign-in attempts for this account; try again later, or sign in from a device that has signed in to it before',
  client: 'Too many failed sign-in attempts for this account from this device; wait before trying again',
  ip: 'Too many failed sign-in attempts from your network; try again later',
};

/** The password was not checked: a budget of the sign-in policy is spent (`scope` says which). */
export class LoginThrottledError extends RateLimitedError {
  constructor(
    readonly scope: ThrottleScope,
    retryAfterSeconds: number,
  ) {
    super(THROTTLED_MESSAGES[scope], retryAfterSeconds);
  }
}

export class WrongCurrentPasswordError extends DomainError {
  constructor() {
    super('unprocessable', 'wrong_current_password', 'The current password is wrong');
  }
}

export class OwnAccessChangeError extends DomainError {
  constructor() {
    super('unprocessable', 'own_access_change', 'You cannot change your own role or disable your own account');
  }
}

export class RoleChangeNotAllowedError extends DomainError {
  constructor() {
    super('unprocessable', 'role_change_not_allowed', 'Firm accounts and staff accounts cannot be turned into one another');
  }
}

export class ApiKeyExpiryError extends DomainError {
  constructor() {
    super('bad_request', 'validation_failed', 'expiresAt must be in the future', { fields: { expiresAt: ['expiresAt must be in the future'] } });
  }
}

export class InvalidResetTokenError extends DomainError {
  constructor() {
    super('unprocessable', 'invalid_reset_token', 'This password reset link is not valid: it was already used or it expired; ask for a new one');
  }
}
