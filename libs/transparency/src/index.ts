export * from './log-entry';
export * from './log-key';
export * from './merkle';
export * from './signed-note';
export * from './tiles';
export * from './transparency-log.service';
export * from './transparency.errors';
export * from './transparency.module';
