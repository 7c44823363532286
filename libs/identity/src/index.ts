export { API_KEY_PREFIX, ApiKeysService, type ApiKeyView, TooManyApiKeysError } from './api-keys.service';
export { type AuthenticatedUser, AuthService, type ClientInfo, MAX_DEVICE_TOKENS, type SignedIn } from './auth.service';
export { AccountDisabledError, EmailTakenError, InvalidCredentialsError, InvalidResetTokenError, LoginThrottledError, OwnAccessChangeError, RoleChangeNotAllowedError, WrongCurrentPasswordError } from './identity.errors';
export { IdentityModule } from './identity.module';
export { PasswordResetService } from './password-reset.service';
export { API_KEY_SCOPES, type ApiKeyScope, Permission, ROLE_PERMISSIONS, roleHasPermission, scopesGrant } from './permissions';
export { KNOWN_CLIENT_MS } from './sign-in-policy';
export { UserAccount } from './user-account.entity';
export { normalizeEmail, type UserView } from './user.view';
export { UsersService } from './users.service';

import { ApiKey } from './api-key.entity';
import { ConfirmedSubmission } from './confirmed-submission.entity';
import { LoginAttempt } from './login-attempt.entity';
import { Session } from './session.entity';
import { UserAccount } from './user-account.entity';
export const IDENTITY_ENTITIES = [UserAccount, Session, LoginAttempt, ConfirmedSubmission, ApiKey];
