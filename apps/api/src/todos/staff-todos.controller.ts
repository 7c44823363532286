import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { STAFF_TODO_KINDS, type StaffTodo, type StaffTodoKind, StaffTodosQuery } from '@app/todos';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { staffTodoPage } from './staff-todo.view';

class StaffTodoResponse {
  @ApiProperty({ enum: STAFF_TODO_KINDS, description: 'What to do' })
  kind!: StaffTodoKind;

  @ApiProperty({ enum: ['auditor', 'reviewer', 'admin'], description: 'The role the to-do comes with' })
  role!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The audit, finding, surveillance check, review task, appeal or application to act on; null for a count' })
  subjectId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Call Center Alfa S.r.l.' })
  firmName!: string | null;

  @ApiProperty({ nullable: true, type: String, description: "A corrective action's description, a review task's summary" })
  detail!: string | null;

  @ApiProperty({ example: 1, description: 'How many dead-lettered jobs or undelivered messages; 1 for the other kinds' })
  count!: number;

  @ApiProperty({ type: Date, description: 'Since when it waits (assigned, answered, proposed, opened, submitted, failed)' })
  waitingSince!: Date;

  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2026-12-31', description: 'The Rome day by which it is due, where the domain sets one' })
  dueOn!: string | null;

  @ApiProperty({ description: 'Past its due day, or late as soon as listed (an application waiting for an auditor past the threshold, a failure)' })
  overdue!: boolean;

  @ApiProperty({ example: '/area/verifiche/5f0c…', description: 'The workspace page where it is done' })
  page!: string;
}

/** The signed-in staff member's to-do list, the same as on their workspace home. */
@ApiTags('todos')
@ApiBearerAuth()
@Controller('api/v1/todos')
export class StaffTodosController {
  constructor(private readonly todos: StaffTodosQuery) {}

  @Get()
  @RequirePermission(Permission.FirmRead)
  @ApiOperation({ summary: "What the signed-in auditor, reviewer or admin must do now, most urgent first (staff only; a firm's list is on its home page)" })
  @ApiOkResponse({ type: [StaffTodoResponse] })
  @ApiForbiddenResponse({ description: 'Not staff' })
  async list(@CurrentActor() actor: Actor): Promise<StaffTodoResponse[]> {
    return (await this.todos.forStaff(actor)).map((todo: StaffTodo) => ({ ...todo, page: staffTodoPage(todo) }));
  }
}
