import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one shape of every error the platform returns. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'validation_failed', description: 'Stable, machine-readable error code' })
  code!: string;

  @ApiProperty({ example: 'email: email must be an email' })
  message!: string;

  @ApiPropertyOptional({ example: { fields: { email: ['email must be an email'] } } })
  details?: Record<string, unknown>;

  @ApiProperty({ example: '2b7f4c1e-6a0d-4c1f-9a53-0c9f1f6f2b1d' })
  requestId!: string;
}
