import { isOutsideEu } from './countries';
import type { CallingNumber } from './calling-number.entity';
import type { Firm, ServiceKind } from './firm.entity';
import type { OperatingSite } from './operating-site.entity';

export interface RegisteredOffice {
  readonly address: string;
  readonly city: string;
  readonly province: string;
}

/** What a firm declares about itself when it registers or updates its data. */
export interface FirmDetails {
  readonly legalName: string;
  readonly vatNumber: string;
  readonly taxCode?: string | null;
  readonly rocNumber: string;
  readonly registeredOffice: RegisteredOffice;
  readonly pecAddress: string;
  readonly website?: string | null;
  readonly serviceKind: ServiceKind;
}

export interface FirmView {
  readonly id: string;
  readonly legalName: string;
  readonly vatNumber: string;
  readonly taxCode: string | null;
  readonly rocNumber: string;
  readonly registeredOffice: RegisteredOffice;
  readonly pecAddress: string;
  readonly website: string | null;
  readonly serviceKind: ServiceKind;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toFirmView(firm: Firm): FirmView {
  return {
    id: firm.id,
    legalName: firm.legalName,
    vatNumber: firm.vatNumber,
    taxCode: firm.taxCode,
    rocNumber: firm.rocNumber,
    registeredOffice: { address: firm.officeAddress, city: firm.officeCity, province: firm.officeProvince },
    pecAddress: firm.pecAddress,
    website: firm.website,
    serviceKind: firm.serviceKind,
    createdAt: firm.createdAt,
    updatedAt: firm.updatedAt,
  };
}

export interface FirmMemberView {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly isOwner: boolean;
  readonly disabled: boolean;
  readonly joinedAt: Date;
}

export interface OperatingSiteView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly country: string;
  /** Moving service outside the EU needs notice: the auditor is shown these sites. */
  readonly outsideEu: boolean;
  readonly declaredAt: Date;
  readonly closedAt: Date | null;
}

export function toOperatingSiteView(site: OperatingSite): OperatingSiteView {
  return {
    id: site.id,
    name: site.name,
    address: site.address,
    city: site.city,
    country: site.country,
    outsideEu: isOutsideEu(site.country),
    declaredAt: site.declaredAt,
    closedAt: site.closedAt,
  };
}

export interface CallingNumberView {
  readonly id: string;
  readonly e164: string;
  readonly declaredAt: Date;
  readonly retiredAt: Date | null;
}

export function toCallingNumberView(number: CallingNumber): CallingNumberView {
  return { id: number.id, e164: number.e164, declaredAt: number.declaredAt, retiredAt: number.retiredAt };
}
