import { APPLICATION_STATES } from '@app/applications';
import { COMPLAINT_STATUSES } from '@app/complaints';
import { CERTIFICATE_RENDER_QUEUE, RATING_EVENT_KINDS } from '@app/ratings';
import { REPORT_STATUSES } from '@app/reports';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasText } from '../pages/i18n';
import { historyActionLabel, historyActorLabel, historyEntityLabel } from './history-labels';

const LIBS = join(__dirname, '..', '..', '..', '..', 'libs');

function librarySources(): string[] {
  return readdirSync(LIBS, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => readFileSync(join(LIBS, file), 'utf8'));
}

/** Every code the services pass to HistoryService.record: literals, and the templates filled from a state list. */
function recordedCodes(): { actions: Set<string>; entities: Set<string> } {
  const actions = new Set<string>([
    ...APPLICATION_STATES.map((state) => `application.${state}`),
    ...RATING_EVENT_KINDS.map((kind) => `rating.${kind}`),
    ...REPORT_STATUSES.map((status) => `report.${status}`),
    ...COMPLAINT_STATUSES.map((status) => `complaint.${status}`),
  ]);
  const entities = new Set<string>();
  for (const source of librarySources()) {
    for (const [line] of source.matchAll(/\baction: [^\n]*/g)) for (const [, code] of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) actions.add(code);
    for (const [, type] of source.matchAll(/\bentityType: '([a-z_]+)'/g)) entities.add(type);
  }
  return { actions, entities };
}

describe('history labels', () => {
  it('name every action and thing the services record, in both languages', () => {
    const { actions, entities } = recordedCodes();
    expect(actions.size).toBeGreaterThan(40);
    for (const language of ['it', 'en'] as const) {
      const other = historyActionLabel(language, 'no.such_action');
      for (const action of actions) expect({ action, label: historyActionLabel(language, action) }).not.toEqual({ action, label: other });
      const otherEntity = historyEntityLabel(language, 'no_such_thing');
      for (const type of entities) expect({ type, label: historyEntityLabel(language, type) }).not.toEqual({ type, label: otherEntity });
    }
  });

  it('name the platform\'s job queues', () => {
    for (const language of ['it', 'en'] as const) expect(hasText(language, `admin.ws.jobs.queueName.${CERTIFICATE_RENDER_QUEUE}`)).toBe(true);
  });

  it('read as words, never as the code', () => {
    expect(historyActionLabel('it', 'sanction.recorded')).toBe('Sanzione registrata');
    expect(historyActionLabel('en', 'sanction.recorded')).toBe('Sanction recorded');
    expect(historyActionLabel('it', 'something.new')).toBe('Altra modifica');
    expect(historyEntityLabel('it', 'consumer_report')).toBe('Segnalazione');
    expect(historyActorLabel('it', 'system')).toBe('La piattaforma (operazione automatica)');
    expect(historyActorLabel('it', 'anna@example.it')).toBe('anna@example.it');
  });
});
