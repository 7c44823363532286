import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A path's `:id`, a UUID: anything else is a 400 naming `id` before a query runs. */
export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
