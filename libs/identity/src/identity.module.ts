import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { PasswordResetService } from './password-reset.service';
import { UsersService } from './users.service';

@Module({
  providers: [AuthService, UsersService, PasswordHasher, PasswordResetService],
  exports: [AuthService, UsersService, PasswordResetService],
})
export class IdentityModule {}
