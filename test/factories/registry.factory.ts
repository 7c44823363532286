import type { RatingView, RevocationReason } from '@app/ratings';
import type { SignedInUser, TestApp } from '../support/test-app';
import { registerFirm, RegisteredFirm } from './firm.factory';
import { issueRating } from './rating.factory';

export interface ListedFirm {
  readonly firm: RegisteredFirm;
  readonly rating: RatingView;
  readonly reviewer: SignedInUser;
}

export interface ListedFirmOptions {
  readonly legalName?: string;
  readonly city?: string;
  readonly province?: string;
  readonly website?: string | null;
  /** Calling numbers to declare, written any way the firms API accepts. */
  readonly numbers?: readonly string[];
  /** The reviewer who issues the rating; a new one signs in when absent. */
  readonly reviewer?: SignedInUser;
}

/** A firm registered and given calling numbers through the API, holding an active rating: a firm the registry lists. */
export async function listedFirm(testApp: TestApp, options: ListedFirmOptions = {}): Promise<ListedFirm> {
  const firm = await registerFirm(testApp, {
    ...(options.legalName === undefined ? {} : { legalName: options.legalName }),
    ...(options.website === undefined ? {} : { website: options.website }),
    registeredOffice: { address: 'Via del Corso 100', city: options.city ?? 'Roma', province: options.province ?? 'RM' },
  });
  for (const number of options.numbers ?? []) await declareNumber(testApp, firm, number);
  const reviewer = options.reviewer ?? (await testApp.signIn('reviewer'));
  const rating = await issueRating(testApp, firm.id, reviewer);
  return { firm, rating, reviewer };
}

export async function declareNumber(testApp: TestApp, firm: RegisteredFirm, number: string): Promise<string> {
  const response = await testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);
  return response.body.e164 as string;
}

/** A reviewer signed in at the test clock's current time (sessions expire when tests move the clock). */
function reviewerNow(testApp: TestApp): Promise<SignedInUser> {
  return testApp.signIn('reviewer');
}

export async function suspendRating(testApp: TestApp, listed: ListedFirm, publicNote = 'Verifiche in corso su segnalazioni', reason: RevocationReason = 'irregularities'): Promise<void> {
  await testApp.http.post(`/api/v1/ratings/${listed.rating.id}/suspend`).set((await reviewerNow(testApp)).auth).send({ reason, publicNote }).expect(200);
}

export async function reinstateRating(testApp: TestApp, listed: ListedFirm, publicNote = 'Verifiche concluse senza rilievi'): Promise<void> {
  await testApp.http.post(`/api/v1/ratings/${listed.rating.id}/reinstate`).set((await reviewerNow(testApp)).auth).send({ publicNote }).expect(200);
}

export async function revokeRating(testApp: TestApp, listed: ListedFirm, publicNote = 'Chiamate senza consenso documentate', reason: RevocationReason = 'irregularities'): Promise<void> {
  await testApp.http.post(`/api/v1/ratings/${listed.rating.id}/revoke`).set((await reviewerNow(testApp)).auth).send({ reason, publicNote }).expect(200);
}
