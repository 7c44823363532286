import { ApplicationsService } from '@app/applications';
import { ChecklistService } from '@app/checklist';
import { Actor, type Language } from '@app/core';
import { Permission, UsersService } from '@app/identity';
import { JobQueue } from '@app/jobs';
import { SanctionsService } from '@app/sanctions';
import { StaffTodosQuery } from '@app/todos';
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { translate, translateCount } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { staffTodoLine } from '../todos/staff-todo.view';

export const ADMIN_AREA = '/area/amministrazione';

/** The admin's home: what waits for the admin now, then an index of the administration sections, with counts that cost one small query each. */
@ApiExcludeController()
@Controller()
export class AdminHomePagesController {
  constructor(
    private readonly users: UsersService,
    private readonly applications: ApplicationsService,
    private readonly sanctions: SanctionsService,
    private readonly checklist: ChecklistService,
    private readonly jobs: JobQueue,
    private readonly todos: StaffTodosQuery,
  ) {}

  @Get('area/amministrazione')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async home(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    const [todos, users, submitted, sanctions, versions, failed] = await Promise.all([
      this.todos.forStaff(actor),
      this.users.list(1, 1),
      this.applications.list(actor, { state: 'submitted', page: 1, pageSize: 1 }),
      this.sanctions.list({ page: 1, pageSize: 1 }),
      this.checklist.listVersions(),
      this.jobs.failedJobs(),
    ]);
    const section = (path: string, title: string, summary: string) => ({ url: pageHref(`${ADMIN_AREA}/${path}`, {}, language), title: translate(language, title), summary });
    const count = (key: string, value: number) => translateCount(language, key, value);
    const sections = [
      section('utenti', 'admin.ws.home.users', count('admin.ws.home.users.count', users.total)),
      section('assegnazioni', 'admin.ws.home.assignments', count('admin.ws.home.assignments.count', submitted.total)),
      section('sanzioni', 'admin.ws.home.sanctions', count('admin.ws.home.sanctions.count', sanctions.total)),
      section('checklist', 'admin.ws.home.checklist', count('admin.ws.home.checklist.count', versions.length)),
      section('job', 'admin.ws.home.jobs', count('admin.ws.home.jobs.count', failed.length)),
      section('storico', 'admin.ws.home.history', translate(language, 'admin.ws.home.history.text')),
    ];
    return PageResult.view(language, { template: 'admin-home', title: translate(language, 'admin.ws.home.title'), view: { todos: todos.map((todo) => staffTodoLine(todo, language)), sections } });
  }
}
