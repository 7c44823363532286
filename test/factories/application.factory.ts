import type { TestApp } from '../support/test-app';
import type { RegisteredFirm } from './firm.factory';

/** A small but well-formed PDF. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

export interface ChecklistItem {
  readonly code: string;
  readonly assessment: 'declared' | 'computed';
  readonly required: boolean;
  readonly evidenceRequired: boolean;
}

/** The items of the current checklist that the firm answers. */
export async function declaredItems(testApp: TestApp): Promise<ChecklistItem[]> {
  const checklist = await testApp.http.get('/api/v1/checklist').expect(200);
  return (checklist.body.items as ChecklistItem[]).filter((item) => item.assessment === 'declared');
}

export async function openApplication(testApp: TestApp, firm: RegisteredFirm): Promise<string> {
  const response = await testApp.http.post('/api/v1/applications').set(firm.owner.auth).expect(201);
  return response.body.id as string;
}

/** Answers every item the firm answers, the same way. */
export async function answerEveryItem(testApp: TestApp, firm: RegisteredFirm, applicationId: string, compliance = 'not_applicable'): Promise<void> {
  for (const item of await declaredItems(testApp)) {
    await testApp.http.put(`/api/v1/applications/${applicationId}/answers/${item.code}`).set(firm.owner.auth).send({ compliance, statement: `Risposta a ${item.code}` }).expect(200);
  }
}

export function uploadEvidence(
  testApp: TestApp,
  firm: RegisteredFirm,
  applicationId: string,
  itemCode: string,
  file: { bytes?: Buffer; name?: string; fields?: Record<string, string> } = {},
) {
  const request = testApp.http.post(`/api/v1/applications/${applicationId}/items/${itemCode}/evidence`).set(firm.owner.auth);
  for (const [name, value] of Object.entries(file.fields ?? { effectiveDate: '2026-01-12' })) void request.field(name, value);
  return request.attach('file', file.bytes ?? PDF_BYTES, file.name ?? 'evidence.pdf');
}

/** A firm's application answered in full (every item not applicable) and submitted. */
export async function submittedApplication(testApp: TestApp, firm: RegisteredFirm): Promise<string> {
  const applicationId = await openApplication(testApp, firm);
  await answerEveryItem(testApp, firm, applicationId);
  await testApp.http.post(`/api/v1/applications/${applicationId}/submit`).set(firm.owner.auth).expect(200);
  return applicationId;
}
