import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class InclusionProofQuery {
  @ApiProperty({ description: 'The entry index (0-based)', example: 0 })
  @Max(MAX_SIZE) @Min(0) @IsInt() @Type(() => Number)
  index!: number;

  @ApiProperty({ description: 'The tree size of a checkpoint that contains the entry', example: 1 })
  @Max(MAX_SIZE) @Min(1) @IsInt() @Type(() => Number)
  size!: number;
}

export class ConsistencyProofQuery {
  @ApiProperty({ description: 'The older tree size', example: 1 })
  @Max(MAX_SIZE) @Min(0) @IsInt() @Type(() => Number)
  from!: number;

  @ApiProperty({ description: 'The newer tree size', example: 2 })
  @Max(MAX_SIZE) @Min(0) @IsInt() @Type(() => Number)
  to!: number;
}

export class EntriesQuery {
  @ApiProperty({ description: 'The first index (inclusive)', example: 0 })
  @Max(MAX_SIZE) @Min(0) @IsInt() @Type(() => Number)
  start!: number;

  @ApiProperty({ description: 'The index after the last (exclusive); at most 256 entries are returned', example: 256 })
  @Max(MAX_SIZE) @Min(0) @IsInt() @Type(() => Number)
  end!: number;
}

export class CheckpointResponse {
  @ApiProperty({ description: 'The log origin, first line of the checkpoint', example: 'registro.example.it/log' })
  origin!: string;

  @ApiProperty({ description: 'The number of entries', example: 42 })
  size!: number;

  @ApiProperty({ description: 'RFC 6962 root hash, base64', example: 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=' })
  rootHash!: string;

  @ApiProperty({ description: 'The checkpoint as a C2SP signed note: the log signature and any witness cosignatures' })
  note!: string;

  @ApiProperty({ description: "The log's public key (signed-note verifier key) to check the note with" })
  logKey!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt!: Date;

  @ApiProperty({ description: 'Witnesses that cosigned this checkpoint', type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, cosignedAt: { type: 'string', format: 'date-time' } } } })
  cosigners!: { name: string; cosignedAt: Date }[];
}

export class InclusionProofResponse {
  @ApiProperty() index!: number;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'RFC 6962 leaf hash, base64' }) leafHash!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 audit path, base64 hashes from the leaf up' }) proof!: string[];
}

export class ConsistencyProofResponse {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ type: [String], description: 'RFC 6962 consistency proof, base64 hashes' }) proof!: string[];
}

export class LogEntryResponse {
  @ApiProperty() index!: number;
  @ApiProperty({ description: 'The exact leaf bytes (canonical JSON), base64; the leaf hash is SHA-256(0x00 || these bytes)' }) leaf!: string;
  @ApiProperty({ description: 'The same leaf, decoded', type: 'object', additionalProperties: true }) entry!: Record<string, unknown>;
}

export class EntriesResponse {
  @ApiProperty({ type: [LogEntryResponse] }) entries!: LogEntryResponse[];
}
