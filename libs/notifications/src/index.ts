export * from './event-mail';
export * from './mail-delivery';
export * from './mail-format';
export * from './mail-kinds';
export * from './mail-outbox';
export * from './mail-templates';
export * from './notifications.module';
export * from './sent-mail';
