import { ROLES, type Role } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery, PageResponseOf } from '../http/paging.dto';
import { IsOmittable } from '../http/validation';

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 200;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.aziendaqualificata.it' })
  @MaxLength(254) @IsString()
  email!: string;

  @ApiProperty({ example: 'demo-admin-password' })
  @MaxLength(PASSWORD_MAX) @IsString()
  password!: string;

  @ApiPropertyOptional({
    description:
      'The `deviceToken` of an earlier sign-in to this account from this client: it keeps the client signing in while others have spent the account\'s budget of failed attempts',
  })
  @Matches(DEVICE_TOKEN, { message: 'deviceToken must be the deviceToken returned by an earlier sign-in' }) @IsString() @IsOptional()
  deviceToken?: string;
}

export class SignUpDto {
  @ApiProperty({ example: 'titolare@callcenter.example.it' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiProperty({ example: 'Maria Rossi' })
  @Length(1, 120) @IsString()
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @MaxLength(PASSWORD_MAX) @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters long` }) @IsString()
  password!: string;
}

/** The accounts people open themselves: a firm, or an integrator (neither firm nor staff: API keys, feeds, webhooks). */
export const SIGN_UP_ACCOUNT_TYPES = ['firm', 'integrator'] as const;

export class SignUpAccountDto extends SignUpDto {
  @ApiPropertyOptional({ enum: SIGN_UP_ACCOUNT_TYPES, default: 'firm', description: '`integrator` for a company that only uses the feeds and webhooks' })
  @IsIn(SIGN_UP_ACCOUNT_TYPES, { message: `accountType must be one of: ${SIGN_UP_ACCOUNT_TYPES.join(', ')}` }) @IsOptional()
  accountType?: (typeof SIGN_UP_ACCOUNT_TYPES)[number];
}

const STAFF_ROLES = ['admin', 'auditor', 'reviewer'] as const;

export class CreateStaffUserDto extends SignUpDto {
  @ApiProperty({ enum: STAFF_ROLES, description: 'Firm users sign up themselves' })
  @IsIn(STAFF_ROLES, { message: `role must be one of: ${STAFF_ROLES.join(', ')}` })
  role!: (typeof STAFF_ROLES)[number];
}

/** Each field may be left out; none may be null, which would mean neither "unchanged" nor a value. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @Length(1, 120) @IsString() @IsOmittable()
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` }) @IsOmittable()
  role?: Role;

  @ApiPropertyOptional({ description: 'Disabling signs the user out everywhere at once' })
  @IsBoolean() @IsOmittable()
  disabled?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @MaxLength(PASSWORD_MAX) @IsString()
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @MaxLength(PASSWORD_MAX) @MinLength(PASSWORD_MIN, { message: `newPassword must be at least ${PASSWORD_MIN} characters long` }) @IsString()
  newPassword!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'titolare@callcenter.example.it' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;
}

export class PasswordResetRequestResponse {
  @ApiProperty({ example: 'If an account has this address, a link to choose a new password is on its way; it works once, for one hour.' })
  message!: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'The `token` of the link in the reset message' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token of a password reset link' })
  token!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @MaxLength(PASSWORD_MAX) @MinLength(PASSWORD_MIN, { message: `newPassword must be at least ${PASSWORD_MIN} characters long` }) @IsString()
  newPassword!: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsIn(ROLES) @IsOptional()
  role?: Role;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class UserPageResponse extends PageResponseOf(UserResponse) {}

export class TokenResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' }) token!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Keep it and send it with the next sign-in to this account from this client (see LoginDto.deviceToken)' }) deviceToken!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['cookie', 'bearer'] }) kind!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ description: 'The session making this request' }) current!: boolean;
}

export class MeResponse extends UserResponse {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) firmId!: string | null;
  @ApiProperty({ type: [String], description: 'Permissions of this role' }) permissions!: string[];
}
