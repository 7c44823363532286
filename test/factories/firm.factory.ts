import { type Actor, SYSTEM_ACTOR } from '@app/core';
import { type FirmDetails, FirmsService, vatCheckDigit } from '@app/firms';
import { UsersService } from '@app/identity';
import { randomInt, randomUUID } from 'node:crypto';
import type { SignedInUser, TestApp } from '../support/test-app';

/** A VAT number with a correct check digit, different on every call. */
export function validVatNumber(): string {
  const body = `${randomInt(1, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  return `${body}${vatCheckDigit(body)}`;
}

/** An Italian mobile number, as E.164, different on every call (within a run). */
export function mobileNumber(): string {
  return `+39347${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** Valid registration details; overrides may be invalid on purpose. */
export function firmDetails(overrides: Record<string, unknown> = {}): FirmDetails {
  return {
    legalName: 'Contact Center Esempio S.r.l.',
    vatNumber: validVatNumber(),
    rocNumber: '12345',
    registeredOffice: { address: 'Via del Corso 100', city: 'Roma', province: 'RM' },
    pecAddress: 'esempio@pec.it',
    website: 'https://www.esempio.it',
    serviceKind: 'both',
    ...overrides,
  };
}

export interface RegisteredFirm {
  readonly id: string;
  readonly vatNumber: string;
  /** The firm user who registered it: its owner. */
  readonly owner: SignedInUser;
}

/** A firm user signs up and registers a firm through the API. */
export async function registerFirm(testApp: TestApp, overrides: Record<string, unknown> = {}): Promise<RegisteredFirm> {
  const owner = await testApp.signIn('firm');
  const response = await testApp.http.post('/api/v1/firms').set(owner.auth).send(firmDetails(overrides)).expect(201);
  return { id: response.body.id as string, vatNumber: response.body.vatNumber as string, owner };
}

/** A firm user and the firm they registered, through the services, for tests below the HTTP API. */
export async function firmWithOwner(testApp: TestApp): Promise<{ id: string; actor: Actor }> {
  const user = await testApp.app.get(UsersService).create(SYSTEM_ACTOR, { email: `owner-${randomUUID()}@test.example.it`, displayName: 'Titolare', password: 'password password', role: 'firm' });
  const actor: Actor = { userId: user.id, email: user.email, role: 'firm', firmId: null };
  const firm = await testApp.app.get(FirmsService).register(actor, firmDetails());
  return { id: firm.id, actor: { ...actor, firmId: firm.id } };
}
