export { type FirmTodo } from './firm-todos';
export { FirmTodosQuery } from './firm-todos.query';
export { STAFF_TODO_KINDS, type StaffRole, type StaffTodo, type StaffTodoKind } from './staff-todos';
export { StaffTodosQuery } from './staff-todos.query';
export { TodosModule } from './todos.module';
