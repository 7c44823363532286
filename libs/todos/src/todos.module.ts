import { Module } from '@nestjs/common';
import { FirmTodosQuery } from './firm-todos.query';

/** Read models of what each user must do now; they read the other domains' tables and change nothing. */
@Module({
  providers: [FirmTodosQuery],
  exports: [FirmTodosQuery],
})
export class TodosModule {}
