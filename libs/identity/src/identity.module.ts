import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { PasswordResetService } from './password-reset.service';
import { UsersService } from './users.service';

@Module({
  providers: [AuthService, UsersService, ApiKeysService, PasswordHasher, PasswordResetService],
  exports: [AuthService, UsersService, ApiKeysService, PasswordResetService],
})
export class IdentityModule {}
