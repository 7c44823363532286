import { DataSource } from 'typeorm';
import type { TestApp } from '../support/test-app';

let reportCounter = 0;

/** A valid body for POST /api/v1/reports about a call two hours ago; overrides may be invalid on purpose. */
export function reportBody(testApp: TestApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: '06 1234567',
    calledAt: new Date(testApp.clock.now().getTime() - 2 * 3_600_000).toISOString(),
    kind: 'unwanted_call',
    description: 'Mi hanno chiamato tre volte in un giorno per cambiare il contratto della luce.',
    ...overrides,
  };
}

/** A reporter e-mail different on every call, so reports of one number do not collapse. */
export function reporterEmail(): string {
  reportCounter += 1;
  return `reporter-${process.pid}-${reportCounter}@example.it`;
}

export interface FiledReport {
  readonly reference: string;
  readonly id: string;
}

/** Files a report through the public API; the id is what staff and the firm address it by. */
export async function fileReport(testApp: TestApp, overrides: Record<string, unknown> = {}): Promise<FiledReport> {
  const response = await testApp.http.post('/api/v1/reports').send(reportBody(testApp, { email: reporterEmail(), ...overrides })).expect(201);
  const reference = response.body.reference as string;
  const [{ id }] = await testApp.app.get(DataSource).query<{ id: string }[]>(`SELECT id FROM consumer_report WHERE reference = $1`, [reference]);
  return { reference, id };
}
