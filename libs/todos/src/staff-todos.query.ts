import { UNASSIGNED_APPLICATION_DAYS } from '@app/applications';
import { Actor, Clock, DAY_MS, romeCalendarDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { StaffRole, StaffTodo, StaffTodoFacts, staffTodos } from './staff-todos';
import { adminTodoFacts, auditorTodoFacts, reviewerTodoFacts } from './staff-todos.queries';

/** The staff roles a user holds. One role per account today; the list is the union of these roles' lists. */
export function staffRolesOf(actor: Actor): StaffRole[] {
  return actor.role === 'auditor' || actor.role === 'reviewer' || actor.role === 'admin' ? [actor.role] : [];
}

/**
 * Gathers the facts of a staff member's to-do list from the current state of the database, each
 * role's only for the roles the user holds (an auditor's only about their own audits, a reviewer's
 * without the proposals of audits they ran), and hands them to `staffTodos`.
 */
@Injectable()
export class StaffTodosQuery {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {}

  /** The signed-in staff member's to-do list; empty for a firm user or an integrator. */
  async forStaff(actor: Actor): Promise<StaffTodo[]> {
    const roles = staffRolesOf(actor);
    if (roles.length === 0) return [];
    const now = this.clock.now();
    const manager = this.txHost.tx;
    const facts: StaffTodoFacts = {
      auditor: roles.includes('auditor') ? await auditorTodoFacts(manager, actor.userId) : undefined,
      reviewer: roles.includes('reviewer') ? await reviewerTodoFacts(manager, actor.userId) : undefined,
      admin: roles.includes('admin') ? await adminTodoFacts(manager, new Date(now.getTime() - UNASSIGNED_APPLICATION_DAYS * DAY_MS)) : undefined,
    };
    return staffTodos(facts, now, romeCalendarDate(now));
  }
}
