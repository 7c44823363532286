import { UNASSIGNED_APPLICATION_DAYS } from '@app/applications';
import { AdminTodoFacts, AuditorTodoFacts, ReviewerTodoFacts, staffTodos } from './staff-todos';

const NOW = new Date('2026-12-05T09:00:00Z');
const TODAY = '2026-12-05';
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const NO_AUDITOR: AuditorTodoFacts = { newAudits: [], answeredAudits: [], answeredCorrectiveActions: [], surveillanceChecks: [] };
const NO_REVIEWER: ReviewerTodoFacts = { proposals: [], surveillanceProposals: [], reviewTasks: [], appeals: [] };
const NO_ADMIN: AdminTodoFacts = { unassignedApplications: [], appealsWithoutPanel: [], deadLetteredJobs: { count: 0, oldest: null }, undeliveredMail: { count: 0, oldest: null } };

const fact = (id: string, since: Date) => ({ id, firmName: `Firm ${id}`, since });
const answered = (id: string, dueOn: string, since = ago(1)) => ({ ...fact(id, since), description: `Azione ${id}`, dueOn });

describe('staffTodos: what staff must do now', () => {
  it('is empty without facts, and for roles the user lacks', () => {
    expect(staffTodos({}, NOW, TODAY)).toEqual([]);
    expect(staffTodos({ auditor: NO_AUDITOR, reviewer: NO_REVIEWER, admin: NO_ADMIN }, NOW, TODAY)).toEqual([]);
  });

  it("puts an auditor's late corrective action first, then those with a due day, then the rest by how long they waited", () => {
    const todos = staffTodos(
      {
        auditor: {
          newAudits: [fact('new', ago(2))],
          answeredAudits: [fact('answered', ago(5))],
          answeredCorrectiveActions: [answered('later', '2026-12-20'), answered('late', '2026-12-04'), answered('today', TODAY)],
          surveillanceChecks: [fact('check', ago(3))],
        },
      },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => [todo.kind, todo.subjectId, todo.overdue])).toEqual([
      ['review_corrective_action', 'late', true],
      ['review_corrective_action', 'today', false],
      ['review_corrective_action', 'later', false],
      ['read_firm_answers', 'answered', false],
      ['run_surveillance_check', 'check', false],
      ['start_audit', 'new', false],
    ]);
    expect(todos[0]).toMatchObject({ role: 'auditor', dueOn: '2026-12-04', detail: 'Azione late', count: 1 });
  });

  it('lists what a reviewer waits on, the longest waiting first, with a review task\'s summary', () => {
    const todos = staffTodos(
      { reviewer: { proposals: [fact('p', ago(1))], surveillanceProposals: [fact('s', ago(4))], reviewTasks: [{ ...fact('t', ago(2)), summary: 'Segnalazioni oltre soglia' }], appeals: [fact('a', ago(3))] } },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => todo.kind)).toEqual(['decide_surveillance_check', 'decide_appeal', 'close_review_task', 'decide_proposal']);
    expect(todos.find((todo) => todo.kind === 'close_review_task')?.detail).toBe('Segnalazioni oltre soglia');
    expect(todos.every((todo) => !todo.overdue && todo.dueOn === null)).toBe(true);
  });

  it(`lists an application for the admin once it has waited ${UNASSIGNED_APPLICATION_DAYS} days for an auditor, late, with the day it was due`, () => {
    const edge = new Date(NOW.getTime() - UNASSIGNED_APPLICATION_DAYS * DAY);
    const todos = staffTodos({ admin: { ...NO_ADMIN, unassignedApplications: [fact('young', new Date(edge.getTime() + 1)), fact('edge', edge), fact('old', ago(10))] } }, NOW, TODAY);
    expect(todos.map((todo) => [todo.kind, todo.subjectId, todo.overdue, todo.dueOn])).toEqual([
      ['assign_auditor', 'old', true, '2026-11-28'],
      ['assign_auditor', 'edge', true, TODAY],
    ]);
  });

  it('counts dead-lettered jobs and undelivered messages in one line each, late at once, and leaves out an empty count', () => {
    const todos = staffTodos(
      { admin: { ...NO_ADMIN, deadLetteredJobs: { count: 3, oldest: ago(2) }, undeliveredMail: { count: 0, oldest: null }, appealsWithoutPanel: [fact('appeal', ago(9))] } },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => [todo.kind, todo.count, todo.overdue])).toEqual([
      ['retry_dead_letters', 3, true],
      ['form_appeal_panel', 1, false],
    ]);
  });

  it('gives a user with several roles the union of their lists, in one order', () => {
    const todos = staffTodos(
      { auditor: { ...NO_AUDITOR, newAudits: [fact('mine', ago(1))] }, reviewer: { ...NO_REVIEWER, proposals: [fact('theirs', ago(2))] }, admin: { ...NO_ADMIN, undeliveredMail: { count: 1, oldest: ago(0) } } },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => [todo.role, todo.kind])).toEqual([
      ['admin', 'check_undelivered_mail'],
      ['reviewer', 'decide_proposal'],
      ['auditor', 'start_audit'],
    ]);
  });
});
