import type { Actor } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { RatingsService, RatingView } from '@app/ratings';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import type { SignedInUser, TestApp } from '../support/test-app';
import { registerFirm, RegisteredFirm } from './firm.factory';

export interface IssuedRating {
  readonly firm: RegisteredFirm;
  readonly rating: RatingView;
  readonly reviewer: SignedInUser;
}

/**
 * An approved application for the firm, inserted directly: a shortcut past the audit, for tests of
 * what happens after a decision (the audit flow has tests of its own).
 */
export async function approvedApplication(testApp: TestApp, firmId: string): Promise<string> {
  const [{ id }] = await testApp.app.get(DataSource).query<{ id: string }[]>(
    `INSERT INTO application (firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at)
     SELECT $1, id, 'decided', 'approved', now(), now(), now() FROM checklist_version WHERE is_current
     RETURNING id`,
    [firmId],
  );
  return id;
}

export function reviewerActor(reviewer: SignedInUser): Actor {
  return { userId: reviewer.id, email: reviewer.email, role: 'reviewer', firmId: null };
}

/** Issues a rating through the real RatingsService, as a reviewer's approval does. */
export async function issueRating(testApp: TestApp, firmId: string, reviewer: SignedInUser): Promise<RatingView> {
  const applicationId = await approvedApplication(testApp, firmId);
  const txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
  return txHost.withTransaction(() => testApp.app.get(RatingsService).issue(reviewerActor(reviewer), { firmId, applicationId, checklistVersion: '2026.1' }));
}

/** A registered firm holding an active rating. */
export async function ratedFirm(testApp: TestApp, overrides: Record<string, unknown> = {}): Promise<IssuedRating> {
  const firm = await registerFirm(testApp, overrides);
  const reviewer = await testApp.signIn('reviewer');
  const rating = await issueRating(testApp, firm.id, reviewer);
  return { firm, rating, reviewer };
}
