import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { UsersService } from './users.service';

@Module({
  providers: [AuthService, UsersService, ApiKeysService, PasswordHasher],
  exports: [AuthService, UsersService, ApiKeysService],
})
export class IdentityModule {}
