import { TodosModule } from '@app/todos';
import { Module } from '@nestjs/common';
import { StaffTodosController } from './staff-todos.controller';

/** The staff to-do list over the JSON API (the pages show it on each staff home, in WorkspaceModule). */
@Module({
  imports: [TodosModule],
  controllers: [StaffTodosController],
})
export class TodosHttpModule {}
