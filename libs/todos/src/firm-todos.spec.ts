import { addCalendarDays, EVIDENCE_EXPIRY_NOTICE_DAYS, FirmTodoFacts, firmTodos, RATING_EXPIRY_NOTICE_DAYS } from './firm-todos';

const NOW = new Date('2026-12-05T09:00:00Z');
const TODAY = '2026-12-05';
const DAY = 86_400_000;
const NONE: FirmTodoFacts = { openQuestions: [], reportsAwaitingAnswer: [], expiringEvidence: [], correctiveActions: [], currentRating: null, announcedChecks: [] };

const question = (id: string, askedAt: Date) => ({ requestId: id, applicationId: 'app', itemCode: 'TR-01', question: `Domanda ${id}`, askedAt });
const report = (id: string, answerDueAt: Date) => ({ reportId: id, reference: `SGN-${id}`, answerDueAt });
const evidence = (id: string, expiresOn: string) => ({ evidenceId: id, applicationId: 'app', itemCode: 'CA-01', fileName: `${id}.pdf`, expiresOn });
const rating = (validUntil: Date) => ({ ratingId: 'r', certificateNumber: 'AQ-2026-000001', validUntil });

describe('firmTodos: what a firm must do now', () => {
  it('is empty when nothing waits for the firm', () => {
    expect(firmTodos(NONE, NOW, TODAY)).toEqual([]);
    expect(firmTodos({ ...NONE, currentRating: rating(new Date(NOW.getTime() + 200 * DAY)) }, NOW, TODAY)).toEqual([]);
  });

  it('lists every open question of the auditor, oldest first', () => {
    const todos = firmTodos({ ...NONE, openQuestions: [question('b', new Date('2026-12-02')), question('a', new Date('2026-12-01'))] }, NOW, TODAY);
    expect(todos.map((todo) => todo.kind === 'answer_question' && todo.question.requestId)).toEqual(['a', 'b']);
  });

  it('marks a report past its deadline as overdue and puts it first', () => {
    const todos = firmTodos(
      { ...NONE, openQuestions: [question('q', new Date('2026-11-01'))], reportsAwaitingAnswer: [report('later', new Date(NOW.getTime() + DAY)), report('late', new Date(NOW.getTime() - DAY))] },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => [todo.kind, todo.overdue])).toEqual([
      ['answer_report', true],
      ['answer_question', false],
      ['answer_report', false],
    ]);
  });

  it('names evidence within the notice period, valid through its expiry day, and ignores later expiries', () => {
    const edge = addCalendarDays(TODAY, EVIDENCE_EXPIRY_NOTICE_DAYS);
    const todos = firmTodos(
      { ...NONE, expiringEvidence: [evidence('far', addCalendarDays(edge, 1)), evidence('edge', edge), evidence('today', TODAY), evidence('yesterday', addCalendarDays(TODAY, -1))] },
      NOW,
      TODAY,
    );
    expect(todos.map((todo) => todo.kind === 'replace_evidence' && [todo.evidence.evidenceId, todo.overdue])).toEqual([
      ['yesterday', true],
      ['today', false],
      ['edge', false],
    ]);
  });

  it('asks for a renewal within the notice period, and says when the rating has lapsed', () => {
    const soon = firmTodos({ ...NONE, currentRating: rating(new Date(NOW.getTime() + RATING_EXPIRY_NOTICE_DAYS * DAY)) }, NOW, TODAY);
    expect(soon).toEqual([expect.objectContaining({ kind: 'renew_rating', overdue: false })]);
    const lapsed = firmTodos({ ...NONE, currentRating: rating(new Date(NOW.getTime() - 1)) }, NOW, TODAY);
    expect(lapsed).toEqual([expect.objectContaining({ kind: 'renew_rating', overdue: true })]);
  });

  it('asks for the answer to a corrective action, due through its due date and late from the next day', () => {
    const action = (findingId: string, dueOn: string) => ({ findingId, itemCode: 'TR-01', description: 'Registro incompleto', dueOn });
    const todos = firmTodos({ ...NONE, correctiveActions: [action('later', addCalendarDays(TODAY, 5)), action('today', TODAY), action('late', addCalendarDays(TODAY, -1))] }, NOW, TODAY);
    expect(todos.map((todo) => [todo.kind, todo.overdue, todo.kind === 'answer_corrective_action' ? todo.correctiveAction.findingId : null])).toEqual([
      ['answer_corrective_action', true, 'late'],
      ['answer_corrective_action', false, 'today'],
      ['answer_corrective_action', false, 'later'],
    ]);
  });

  it('lists an announced surveillance check under way, never late, after what is late', () => {
    const check = { checkId: 'k', openedAt: new Date('2026-12-01T08:00:00Z') };
    const todos = firmTodos({ ...NONE, announcedChecks: [check], reportsAwaitingAnswer: [report('late', new Date(NOW.getTime() - DAY))] }, NOW, TODAY);
    expect(todos.map((todo) => [todo.kind, todo.overdue])).toEqual([
      ['answer_report', true],
      ['surveillance_check', false],
    ]);
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
