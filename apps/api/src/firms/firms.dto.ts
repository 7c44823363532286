import { SERVICE_KINDS, type ServiceKind } from '@app/firms';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQuery, PageResponseOf } from '../http/paging.dto';

export class RegisteredOfficeDto {
  @ApiProperty({ example: 'Via del Corso 100' })
  @Length(1, 200) @IsString()
  address!: string;

  @ApiProperty({ example: 'Roma' })
  @Length(1, 100) @IsString()
  city!: string;

  @ApiProperty({ example: 'RM', description: 'Province code (sigla)' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'province must be a two-letter province code such as RM' }) @IsString()
  province!: string;
}

export class RegisterFirmDto {
  @ApiProperty({ example: 'Contact Center Esempio S.r.l.' })
  @Length(1, 200) @IsString()
  legalName!: string;

  @ApiProperty({ example: '00488410010', description: 'Partita IVA: 11 digits (an IT prefix and spaces are accepted); the check digit is verified' })
  @MaxLength(20) @IsString()
  vatNumber!: string;

  @ApiPropertyOptional({ example: '00488410010', description: 'Codice fiscale: 11 digits, or 16 characters', nullable: true, type: String })
  @Matches(/^([0-9]{11}|[A-Za-z0-9]{16})$/, { message: 'taxCode must be 11 digits or 16 letters and digits' }) @IsString() @IsOptional()
  taxCode?: string | null;

  @ApiProperty({ example: '12345', description: 'Registration number in the ROC (Registro degli Operatori di Comunicazione)' })
  @Matches(/^[0-9]{1,9}$/, { message: 'rocNumber must be the ROC registration number (digits only)' }) @IsString()
  rocNumber!: string;

  @ApiProperty({ type: RegisteredOfficeDto })
  @ValidateNested() @Type(() => RegisteredOfficeDto) @IsObject()
  registeredOffice!: RegisteredOfficeDto;

  @ApiProperty({ example: 'esempio@pec.it', description: 'PEC (certified e-mail) address' })
  @MaxLength(254) @IsEmail({}, { message: 'pecAddress must be a valid e-mail address' })
  pecAddress!: string;

  @ApiPropertyOptional({ example: 'https://www.esempio.it', nullable: true, type: String })
  @MaxLength(300) @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'website must be an http(s) address' }) @IsOptional()
  website?: string | null;

  @ApiProperty({ enum: SERVICE_KINDS })
  @IsIn(SERVICE_KINDS, { message: `serviceKind must be one of: ${SERVICE_KINDS.join(', ')}` })
  serviceKind!: ServiceKind;
}

export class UpdateFirmDto extends PartialType(RegisterFirmDto) {}

export class ListFirmsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the legal name, or the whole VAT number' })
  @Length(1, 100) @IsString() @IsOptional()
  search?: string;
}

export class FirmIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;
}

export class FirmSiteParam extends FirmIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'siteId must be a UUID' })
  siteId!: string;
}

export class FirmNumberParam extends FirmIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'numberId must be a UUID' })
  numberId!: string;
}

export class AddFirmMemberDto {
  @ApiProperty({ example: 'operatore@callcenter.example.it' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiProperty({ example: 'Luca Bianchi' })
  @Length(1, 120) @IsString()
  displayName!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'The new user signs in with it and should change it' })
  @MaxLength(200) @MinLength(12, { message: 'password must be at least 12 characters long' }) @IsString()
  password!: string;
}

export class DeclareSiteDto {
  @ApiProperty({ example: 'Sede operativa di Tirana' })
  @Length(1, 200) @IsString()
  name!: string;

  @ApiProperty({ example: 'Rruga e Durrësit 10' })
  @Length(1, 200) @IsString()
  address!: string;

  @ApiProperty({ example: 'Tirana' })
  @Length(1, 100) @IsString()
  city!: string;

  @ApiProperty({ example: 'AL', description: 'ISO 3166-1 alpha-2 country code' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter ISO 3166-1 country code such as IT' }) @IsString()
  country!: string;
}

export class DeclareNumberDto {
  @ApiProperty({ example: '06 1234567', description: 'Any common format; numbers without a country code are read as Italian' })
  @MaxLength(40) @IsString()
  number!: string;
}

const NUMBER_STATUSES = ['active', 'retired', 'all'] as const;

export class ListNumbersQuery {
  @ApiPropertyOptional({ enum: NUMBER_STATUSES, default: 'active' })
  @IsIn(NUMBER_STATUSES, { message: `status must be one of: ${NUMBER_STATUSES.join(', ')}` }) @IsOptional()
  status: (typeof NUMBER_STATUSES)[number] = 'active';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @Max(1_000_000) @Min(1) @IsInt() @Type(() => Number) @IsOptional()
  page = 1;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @Max(1000) @Min(1) @IsInt() @Type(() => Number) @IsOptional()
  pageSize = 100;
}

export class RegisteredOfficeResponse {
  @ApiProperty() address!: string;
  @ApiProperty() city!: string;
  @ApiProperty() province!: string;
}

export class FirmResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() legalName!: string;
  @ApiProperty() vatNumber!: string;
  @ApiProperty({ nullable: true, type: String }) taxCode!: string | null;
  @ApiProperty() rocNumber!: string;
  @ApiProperty({ type: RegisteredOfficeResponse }) registeredOffice!: RegisteredOfficeResponse;
  @ApiProperty() pecAddress!: string;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ enum: SERVICE_KINDS }) serviceKind!: ServiceKind;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class FirmPageResponse extends PageResponseOf(FirmResponse) {}

export class FirmMemberResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() isOwner!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() joinedAt!: Date;
}

export class OperatingSiteResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ example: 'IT' }) country!: string;
  @ApiProperty({ description: 'Outside the EU: moving service there needs notice (2017 budget law); shown to the auditor' }) outsideEu!: boolean;
  @ApiProperty() declaredAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
}

export class CallingNumberResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '+39061234567' }) e164!: string;
  @ApiProperty() declaredAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) retiredAt!: Date | null;
}

export class CallingNumberPageResponse extends PageResponseOf(CallingNumberResponse) {}

export class NumberImportResponse {
  @ApiProperty({ description: 'Lines that held a number (header and blank lines not counted)' }) linesRead!: number;
  @ApiProperty() imported!: number;
  @ApiProperty({ description: 'Already declared by this firm: left as they were' }) alreadyDeclared!: number;
  @ApiProperty() duplicatesInFile!: number;
}
