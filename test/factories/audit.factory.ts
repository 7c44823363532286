import type { SignedInUser, TestApp } from '../support/test-app';
import { declaredItems, openApplication, uploadEvidence } from './application.factory';
import { registerFirm, RegisteredFirm } from './firm.factory';

/** A firm's application, answered compliant on every item with one piece of evidence each, and submitted. */
export interface SubmittedApplication {
  readonly firm: RegisteredFirm;
  readonly applicationId: string;
  /** The evidence uploaded for each item, by item code. */
  readonly evidence: Readonly<Record<string, string>>;
}

export interface AssignedAudit extends SubmittedApplication {
  readonly admin: SignedInUser;
  readonly auditor: SignedInUser;
  readonly auditId: string;
}

/** Who takes part; each one left out is created. Passing the same staff to many audits saves sign-ups. */
export interface AuditParticipants {
  readonly firm?: RegisteredFirm;
  readonly admin?: SignedInUser;
  readonly auditor?: SignedInUser;
  readonly reviewer?: SignedInUser;
}

export interface ApprovedRating extends AssignedAudit {
  readonly reviewer: SignedInUser;
  readonly ratingId: string;
  readonly certificateNumber: string;
}

/** Through the API, as a firm does it: register, open, answer every item compliant with evidence, submit. */
export async function submittedApplication(testApp: TestApp, firm?: RegisteredFirm): Promise<SubmittedApplication> {
  const applicant = firm ?? (await registerFirm(testApp));
  const applicationId = await openApplication(testApp, applicant);
  const evidence: Record<string, string> = {};
  for (const item of await declaredItems(testApp)) {
    await testApp.http
      .put(`/api/v1/applications/${applicationId}/answers/${item.code}`)
      .set(applicant.owner.auth)
      .send({ compliance: 'compliant', statement: `Conforme: si veda il documento allegato per ${item.code}` })
      .expect(200);
    const uploaded = await uploadEvidence(testApp, applicant, applicationId, item.code, { name: `${item.code}.pdf` }).expect(201);
    evidence[item.code] = uploaded.body.id as string;
  }
  await testApp.http.post(`/api/v1/applications/${applicationId}/submit`).set(applicant.owner.auth).expect(200);
  return { firm: applicant, applicationId, evidence };
}

/** A submitted application that an admin assigned to a new auditor. */
export async function assignedAudit(testApp: TestApp, participants: AuditParticipants = {}): Promise<AssignedAudit> {
  const submitted = await submittedApplication(testApp, participants.firm);
  const admin = participants.admin ?? (await testApp.signIn('admin'));
  const auditor = participants.auditor ?? (await testApp.signIn('auditor'));
  const assigned = await testApp.http.post(`/api/v1/applications/${submitted.applicationId}/audit`).set(admin.auth).send({ auditorId: auditor.id }).expect(201);
  return { ...submitted, admin, auditor, auditId: assigned.body.id as string };
}

/** The auditor records every declared item as met, on the firm's evidence. */
export async function recordAllMet(testApp: TestApp, audit: AssignedAudit): Promise<void> {
  for (const [itemCode, evidenceId] of Object.entries(audit.evidence)) {
    await testApp.http
      .put(`/api/v1/audits/${audit.auditId}/items/${itemCode}`)
      .set(audit.auditor.auth)
      .send({ result: 'met', note: `Verificato il documento per ${itemCode}`, evidenceIds: [evidenceId] })
      .expect(200);
  }
}

/** An audit with every item met and approval proposed, waiting for a reviewer. */
export async function proposedAudit(testApp: TestApp, participants: AuditParticipants = {}): Promise<AssignedAudit> {
  const audit = await assignedAudit(testApp, participants);
  await recordAllMet(testApp, audit);
  await testApp.http.post(`/api/v1/audits/${audit.auditId}/proposal`).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(204);
  return audit;
}

/** The whole way to a rating through the API: application, audit, proposal, and a reviewer's approval. */
export async function approvedRating(testApp: TestApp, participants: AuditParticipants = {}): Promise<ApprovedRating> {
  const audit = await proposedAudit(testApp, participants);
  const reviewer = participants.reviewer ?? (await testApp.signIn('reviewer'));
  const decided = await testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' }).expect(201);
  return { ...audit, reviewer, ratingId: decided.body.rating.id as string, certificateNumber: decided.body.rating.certificateNumber as string };
}
