import type { Language } from '@app/core';
import type { RatingEventKind, RatingStatus, RevocationReason } from '@app/ratings';

/** A firm's status as the seal and the registry's badges write it. */
export const STATUS_LABELS: { readonly [L in Language]: { readonly [S in RatingStatus]: string } } = {
  it: { active: 'Valido', suspended: 'Sospeso', revoked: 'Revocato', expired: 'Scaduto' },
  en: { active: 'Valid', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' },
};

export const EVENT_LABELS: { readonly [L in Language]: { readonly [K in RatingEventKind]: string } } = {
  it: { issued: 'Rilasciato', renewed: 'Rinnovato', suspended: 'Sospeso', reinstated: 'Riattivato', revoked: 'Revocato', expired: 'Scaduto', superseded: 'Sostituito dal rinnovo' },
  en: { issued: 'Issued', renewed: 'Renewed', suspended: 'Suspended', reinstated: 'Reinstated', revoked: 'Revoked', expired: 'Expired', superseded: 'Replaced by a renewal' },
};

export const REASON_LABELS: { readonly [L in Language]: { readonly [R in RevocationReason]: string } } = {
  it: {
    irregularities: 'irregolarità riscontrate',
    new_definitive_sanction: 'nuova sanzione definitiva',
    false_declarations: 'dichiarazioni non veritiere',
    failed_surveillance: 'esito negativo della sorveglianza',
    firm_request: "richiesta dell'azienda",
  },
  en: {
    irregularities: 'irregularities found',
    new_definitive_sanction: 'new definitive sanction',
    false_declarations: 'false declarations',
    failed_surveillance: 'failed surveillance',
    firm_request: "the firm's request",
  },
};
