import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { UsersService } from './users.service';

@Module({
  providers: [AuthService, UsersService, PasswordHasher],
  exports: [AuthService, UsersService],
})
export class IdentityModule {}
