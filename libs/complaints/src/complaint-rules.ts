import { createHash, randomBytes } from 'node:crypto';
import type { Transitions } from '@app/core';

/** What a complaint is about: the scheme itself (its rules, its staff, a decision's handling), or a certified firm beyond a single call. */
export const COMPLAINT_SUBJECTS = ['scheme', 'firm'] as const;
export type ComplaintSubject = (typeof COMPLAINT_SUBJECTS)[number];

/** Acknowledged on arrival (the reference is the acknowledgement), then handled by staff, then closed with an outcome. */
export const COMPLAINT_STATUSES = ['acknowledged', 'in_handling', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_TRANSITIONS: Transitions<ComplaintStatus> = {
  acknowledged: ['in_handling'],
  in_handling: ['closed'],
  closed: [],
};

export const COMPLAINT_TEXT_MAX_LENGTH = 5000;
export const COMPLAINT_OUTCOME_MAX_LENGTH = 5000;

/** Crockford's base32, as consumer reports use: no I, L, O or U, so a reference copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `RCL-` (reclamo) and 10 base32 characters: 50 random bits. */
export const COMPLAINT_REFERENCE_PATTERN = /^RCL-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A new complaint reference; `random` is for tests. */
export function newComplaintReference(random: (size: number) => Buffer = randomBytes): string {
  // 256 is a multiple of 32, so each byte modulo 32 keeps every character equally likely.
  return `RCL-${[...random(10)].map((byte) => ALPHABET[byte % 32]).join('')}`;
}

/**
 * The status code: the second factor that, with the reference, opens the complaint's public status page.
 * The reference travels (it is quoted in mails and letters, to staff and in the history), so it does
 * not suffice; the code is shown once to whoever filed, never mailed or recorded, and kept only as its
 * SHA-256. 12 characters of the same alphabet: 60 random bits, written in three groups of four.
 */
export const COMPLAINT_STATUS_CODE_LENGTH = 12;

export function newComplaintStatusCode(random: (size: number) => Buffer = randomBytes): string {
  const characters = [...random(COMPLAINT_STATUS_CODE_LENGTH)].map((byte) => ALPHABET[byte % 32]).join('');
  return characters.match(/.{4}/g)!.join('-');
}

/**
 * A status code as typed: case, spaces and dashes do not matter, and the letters people confuse with
 * digits read as those digits (I and L as 1, O as 0), as Crockford's base32 reads them. Null when it
 * cannot be a code.
 */
export function normalizeComplaintStatusCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return compact.length === COMPLAINT_STATUS_CODE_LENGTH && [...compact].every((character) => ALPHABET.includes(character)) ? compact : null;
}

/** What is stored of a code: the SHA-256 (hex) of its normalised form. */
export function complaintStatusCodeDigest(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

/** The steps of a complaint its complainant sees, each with its date; the ones not reached yet are left out. */
export type PublicComplaintStep = 'received' | 'acknowledged' | 'in_handling' | 'closed';

export function publicComplaintSteps(complaint: { readonly receivedAt: Date; readonly handlingStartedAt: Date | null; readonly closedAt: Date | null }): { step: PublicComplaintStep; at: Date }[] {
  // Acknowledged on arrival: the reference shown at filing is the acknowledgement.
  const steps: { step: PublicComplaintStep; at: Date }[] = [
    { step: 'received', at: complaint.receivedAt },
    { step: 'acknowledged', at: complaint.receivedAt },
  ];
  if (complaint.handlingStartedAt !== null) steps.push({ step: 'in_handling', at: complaint.handlingStartedAt });
  if (complaint.closedAt !== null) steps.push({ step: 'closed', at: complaint.closedAt });
  return steps;
}
