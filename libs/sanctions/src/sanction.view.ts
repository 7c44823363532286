import type { IsoDate } from '@app/core';
import type { SanctionWarningReason, SanctionWindow } from './sanction-window';
import type { Sanction } from './sanction.entity';
import type { SanctionAuthority, SanctionConduct, SanctionStatus } from './sanction.vocabulary';

/** A sanction as the platform shows it; amounts in euro cents. */
export interface SanctionView {
  readonly id: string;
  readonly firmId: string;
  readonly authority: SanctionAuthority;
  readonly reference: string;
  readonly conductCategory: SanctionConduct;
  readonly amountCents: number | null;
  readonly imposedOn: IsoDate;
  readonly definitiveOn: IsoDate | null;
  readonly sourceUrl: string;
  readonly notes: string | null;
  readonly status: SanctionStatus;
  readonly annulledAt: Date | null;
  readonly annulmentReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SanctionPage {
  readonly items: SanctionView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Criterion 3 for one firm on one decision day, for the auditor's and the reviewer's screens. */
export interface SanctionCriterionView {
  readonly firmId: string;
  readonly passed: boolean;
  readonly decisionDay: IsoDate;
  readonly window: SanctionWindow;
  /** The sanctions that disqualify the firm. */
  readonly counting: SanctionView[];
  /** Sanctions that do not disqualify but the reviewer must see, with the reason. */
  readonly warnings: { readonly sanction: SanctionView; readonly reason: SanctionWarningReason }[];
}

export function sanctionStatus(sanction: Pick<Sanction, 'annulledAt' | 'definitiveOn'>): SanctionStatus {
  if (sanction.annulledAt !== null) return 'annulled';
  return sanction.definitiveOn === null ? 'under_appeal' : 'definitive';
}

export function toSanctionView(sanction: Sanction): SanctionView {
  return {
    id: sanction.id,
    firmId: sanction.firmId,
    authority: sanction.authority,
    reference: sanction.reference,
    conductCategory: sanction.conductCategory,
    amountCents: sanction.amountCents === null ? null : Number(sanction.amountCents),
    imposedOn: sanction.imposedOn,
    definitiveOn: sanction.definitiveOn,
    sourceUrl: sanction.sourceUrl,
    notes: sanction.notes,
    status: sanctionStatus(sanction),
    annulledAt: sanction.annulledAt,
    annulmentReason: sanction.annulmentReason,
    createdAt: sanction.createdAt,
    updatedAt: sanction.updatedAt,
  };
}
