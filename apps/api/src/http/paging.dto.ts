import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=&pageSize=` of every paged list of the API: 50 a page by default, at most 200. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @Max(100_000) @Min(1) @IsInt() @Type(() => Number) @IsOptional()
  page = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @Max(200) @Min(1) @IsInt() @Type(() => Number) @IsOptional()
  pageSize = 50;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The response class of one page of `item`s, for OpenAPI: `class XPageResponse extends PageResponseOf(XResponse) {}`. */
export function PageResponseOf<T>(item: Class<T>): Class<Page<T>> {
  class PageResponse implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty() total!: number;
    @ApiProperty() page!: number;
    @ApiProperty() pageSize!: number;
  }
  return PageResponse;
}
