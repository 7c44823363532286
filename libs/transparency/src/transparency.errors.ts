import { DomainError, NotFoundError } from '@app/core';

export class TreeSizeError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('bad_request', 'tree_size_out_of_range', message, details);
  }
}

export class TileNotFoundError extends NotFoundError {
  constructor(path: string) {
    super('Tile', { path });
  }
}
