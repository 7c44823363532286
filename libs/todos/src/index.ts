export * from './firm-todos';
export * from './firm-todos.query';
export * from './todos.module';
