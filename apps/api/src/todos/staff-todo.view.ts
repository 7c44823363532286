import type { Language } from '@app/core';
import type { StaffTodo, StaffTodoKind } from '@app/todos';
import { formatCalendarDate } from '../pages/formats';
import { formatDate, translate, translateCount } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';

/** The workspace page where each to-do is done. */
export function staffTodoPage(todo: Pick<StaffTodo, 'kind' | 'subjectId'>): string {
  const id = todo.subjectId ?? '';
  const pages: { readonly [K in StaffTodoKind]: string } = {
    start_audit: `/area/verifiche/${id}`,
    read_firm_answers: `/area/verifiche/${id}`,
    review_corrective_action: `/area/azioni-correttive#finding-${id}`,
    run_surveillance_check: `/area/verifiche/sorveglianza/${id}`,
    decide_proposal: `/area/decisioni/verifiche/${id}`,
    decide_surveillance_check: `/area/decisioni/sorveglianza/${id}`,
    close_review_task: '/area/decisioni/revisioni',
    decide_appeal: '/area/ricorsi',
    assign_auditor: `/area/amministrazione/assegnazioni/${id}`,
    form_appeal_panel: '/area/ricorsi',
    retry_dead_letters: '/area/amministrazione/job',
    check_undelivered_mail: '/area/amministrazione/posta?stato=failed',
  };
  return pages[todo.kind];
}

/** One line of a staff member's to-do list as the home pages show it. */
export interface StaffTodoLine {
  readonly text: string;
  readonly url: string;
  readonly overdue: boolean;
}

/** The page's address in the page's language, keeping a fragment or a query of its own. */
function localized(path: string, language: Language): string {
  const [beforeFragment, fragment] = path.split('#');
  const [pathname, search] = beforeFragment.split('?');
  const query = Object.fromEntries(new URLSearchParams(search ?? ''));
  return `${pageHref(pathname, query, language)}${fragment === undefined ? '' : `#${fragment}`}`;
}

export function staffTodoLine(todo: StaffTodo, language: Language): StaffTodoLine {
  const values = {
    firm: todo.firmName ?? '',
    detail: todo.detail ?? '',
    since: formatDate(language, todo.waitingSince),
    due: todo.dueOn === null ? '' : formatCalendarDate(language, todo.dueOn),
  };
  const key = `todo.ws.${todo.kind}${todo.overdue ? '.overdue' : ''}`;
  const counted = todo.kind === 'retry_dead_letters' || todo.kind === 'check_undelivered_mail';
  return {
    text: counted ? translateCount(language, key, todo.count, values) : translate(language, key, values),
    url: localized(staffTodoPage(todo), language),
    overdue: todo.overdue,
  };
}
