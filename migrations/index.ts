import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Storage1764000100000 } from './1764000100000-Storage';

/** Every migration, oldest first. Listed explicitly so that a build contains exactly what was reviewed. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Storage1764000100000,
];
