import { COMPLAINT_OUTCOME_MAX_LENGTH, COMPLAINT_STATUSES, COMPLAINT_SUBJECTS, COMPLAINT_TEXT_MAX_LENGTH } from '@app/complaints';
import type { ComplaintStatus, ComplaintSubject } from '@app/complaints';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

const NOT_BLANK = /\S/;

export class FileComplaintDto {
  @ApiProperty({ enum: COMPLAINT_SUBJECTS, description: 'scheme: the scheme itself (its rules, staff, decisions, this platform); firm: a certified firm, beyond a single call (a single call is a consumer report, POST /api/v1/reports)' })
  @IsIn(COMPLAINT_SUBJECTS, { message: `subject must be one of: ${COMPLAINT_SUBJECTS.join(', ')}` })
  subject!: ComplaintSubject;

  @ApiPropertyOptional({ example: '12345678903', description: "With subject firm: the firm's VAT number (Partita IVA), linked to the registered firm that has it; or give firmName" })
  @IsOptional() @MaxLength(20) @IsString()
  firmVatNumber?: string;

  @ApiPropertyOptional({ example: 'Contatti Rapidi S.r.l.', description: "With subject firm: the firm's name as the complainant knows it", maxLength: 200 })
  @IsOptional() @MaxLength(200) @IsString()
  firmName?: string;

  @ApiProperty({ description: 'What the complaint is about; never published', minLength: 10, maxLength: COMPLAINT_TEXT_MAX_LENGTH })
  @Matches(NOT_BLANK, { message: 'description must not be blank' }) @Length(10, COMPLAINT_TEXT_MAX_LENGTH) @IsString()
  description!: string;

  @ApiPropertyOptional({ example: 'mario.rossi@example.it', description: 'Optional: to receive the acknowledgement and the outcome. Erased COMPLAINT_RETENTION_MONTHS after closing' })
  @IsOptional() @MaxLength(254) @IsEmail({}, { message: 'contactEmail must be a valid e-mail address' }) @IsString()
  contactEmail?: string;

  @ApiPropertyOptional({ enum: ['it', 'en'], default: 'it', description: 'The language of the messages' })
  @IsOptional() @IsIn(['it', 'en'], { message: 'language must be it or en' })
  language?: 'it' | 'en';
}

export class FiledComplaintResponse {
  @ApiProperty({ example: 'RCL-7K2M9QX4TB', description: 'The acknowledgement: quote it in any message about the complaint' }) reference!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty({ description: 'Whether an acknowledgement was mailed (an address was given)' }) acknowledgementMailed!: boolean;
  @ApiProperty({ example: '7K2M-9QX4-TB3H', description: 'The status code: with the reference, it opens the complaint\'s status (POST /api/v1/complaints/status, page /reclami/stato). Given this once, never mailed; only its digest is kept' })
  statusCode!: string;
}

/** The complaint's reference and the status code given at filing; both as typed (case, spaces and dashes in the code do not matter). */
export class ComplaintStatusLookupDto {
  @ApiProperty({ example: 'RCL-7K2M9QX4TB' })
  @IsString() @Matches(/^\s*RCL-[0-9A-HJKMNP-TV-Z]{10}\s*$/i, { message: 'reference must be RCL- followed by 10 characters' })
  reference!: string;

  @ApiProperty({ example: '7K2M-9QX4-TB3H', description: 'The status code shown at filing' })
  @IsString() @Length(12, 20, { message: 'statusCode must be the 12 characters of the code, dashes allowed' })
  statusCode!: string;
}

export class PublicComplaintStepResponse {
  @ApiProperty({ enum: ['received', 'acknowledged', 'in_handling', 'closed'] }) step!: string;
  @ApiProperty() at!: Date;
}

export class PublicComplaintStatusResponse {
  @ApiProperty({ example: 'RCL-7K2M9QX4TB' }) reference!: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES, description: 'acknowledged (on arrival), in_handling, closed' }) status!: ComplaintStatus;
  @ApiProperty({ type: [PublicComplaintStepResponse], description: 'The steps reached so far, each with its date' }) steps!: PublicComplaintStepResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'The outcome written for the complainant, once closed' }) outcome!: string | null;
}

export class ComplaintsQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional() @IsIn(COMPLAINT_STATUSES, { message: `status must be one of: ${COMPLAINT_STATUSES.join(', ')}` })
  status?: ComplaintStatus;
}

export class CloseComplaintDto {
  @ApiProperty({ description: 'What was found and done; the complainant is told (by mail when an address was given)', minLength: 3, maxLength: COMPLAINT_OUTCOME_MAX_LENGTH })
  @Matches(NOT_BLANK, { message: 'outcome must not be blank' }) @Length(3, COMPLAINT_OUTCOME_MAX_LENGTH) @IsString()
  outcome!: string;
}

export class ComplaintResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: COMPLAINT_SUBJECTS }) subject!: ComplaintSubject;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The registered firm with the VAT number given' }) firmId!: string | null;
  @ApiProperty({ nullable: true, type: String }) firmVatNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) firmName!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, description: 'None given, or erased after the retention' }) contactEmail!: string | null;
  @ApiProperty({ enum: ['it', 'en'] }) language!: 'it' | 'en';
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) handlingStartedAt!: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) handledById!: string | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: Date }) contactErasedAt!: Date | null;
}
