/** Who imposed the sanction: a supervisory authority or a court. */
export const SANCTION_AUTHORITIES = ['garante_privacy', 'agcom', 'agcm', 'judicial'] as const;
export type SanctionAuthority = (typeof SANCTION_AUTHORITIES)[number];

/**
 * What the sanctioned conduct concerned. Only data violations and conduct harmful to end customers
 * count against the seal; anything else (e.g. tax) is recorded but does not disqualify.
 */
export const SANCTION_CONDUCTS = ['data_protection', 'consumer_harm', 'other'] as const;
export type SanctionConduct = (typeof SANCTION_CONDUCTS)[number];

export const COUNTING_CONDUCTS: readonly SanctionConduct[] = ['data_protection', 'consumer_harm'];

/** Derived from the dates: no definitive date means the sanction is still under appeal. */
export const SANCTION_STATUSES = ['under_appeal', 'definitive', 'annulled'] as const;
export type SanctionStatus = (typeof SANCTION_STATUSES)[number];
