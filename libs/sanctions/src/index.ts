export * from './iso-date';
export * from './sanction-events';
export * from './sanction-window';
export * from './sanction.entity';
export * from './sanction.rules';
export * from './sanction.view';
export * from './sanction.vocabulary';
export * from './sanctions.errors';
export * from './sanctions.module';
export * from './sanctions.service';

import { Sanction } from './sanction.entity';
export const SANCTIONS_ENTITIES = [Sanction];
