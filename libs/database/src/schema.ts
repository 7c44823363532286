import type { MixedList } from 'typeorm';

/** What one data source holds: the entities, listed explicitly, and the migrations that create them. */
export interface DatabaseSchema {
  // TypeORM's own types for these lists are `Function`-based.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function>;
}
