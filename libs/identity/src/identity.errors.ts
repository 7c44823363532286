import { DomainError, RateLimitedError } from '@app/core';

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

export class LoginThrottledError extends RateLimitedError {
  constructor(scope: 'account' | 'ip', retryAfterSeconds: number) {
    super(
      scope === 'account'
        ? 'Too many failed sign-in attempts for this account; try again later'
        : 'Too many failed sign-in attempts from your network; try again later',
      retryAfterSeconds,
    );
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
