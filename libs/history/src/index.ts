export * from './history-event.entity';
export * from './history.module';
export * from './history.service';

import { HistoryEvent } from './history-event.entity';
export const HISTORY_ENTITIES = [HistoryEvent];
