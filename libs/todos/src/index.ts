export { type FirmTodo } from './firm-todos';
export { FirmTodosQuery } from './firm-todos.query';
export { TodosModule } from './todos.module';
