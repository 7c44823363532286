export { HistoryModule } from './history.module';
export { type ChainVerification, HistoryOutsideTransactionError, HistoryService, type RecordedEvent } from './history.service';

import { HistoryEvent } from './history-event.entity';
export const HISTORY_ENTITIES = [HistoryEvent];
