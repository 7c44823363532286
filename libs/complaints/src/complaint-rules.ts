import { randomBytes } from 'node:crypto';
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
