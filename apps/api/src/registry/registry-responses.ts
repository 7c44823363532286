import {
  certificatePdfPath,
  firmPagePath,
  GARANTE_UNWANTED_CALLS_URL,
  PhoneLookup,
  REGISTRO_OPPOSIZIONI_URL,
  RegistryFirmSummary,
  RegistrySearchPage,
  reportPath,
  Verification,
  verificationMessage,
} from '@app/registry';
import type { InclusionEvidence } from '@app/transparency';
import type { FirmSummaryResponse, PhoneLookupResponse, RegistrySearchResponse, VerificationResponse } from './registry.dto';

/**
 * The JSON bodies of the hot public questions, built in one place for the Nest controller and for the
 * fast path that answers the same routes before Nest's pipeline (RegistryFastPath).
 */

export function firmSummaryResponse(firm: RegistryFirmSummary, publicBaseUrl: string): FirmSummaryResponse {
  return { ...firm, url: `${publicBaseUrl}${firmPagePath(firm.vatNumber)}` };
}

export function searchResponse(page: RegistrySearchPage, publicBaseUrl: string): RegistrySearchResponse {
  return { ...page, items: page.items.map((item) => ({ ...firmSummaryResponse(item, publicBaseUrl), approximate: item.approximate })) };
}

export function verificationResponse(verification: Verification, publicBaseUrl: string, checkedAt: Date, transparency: InclusionEvidence | null): VerificationResponse {
  return {
    ...verification,
    message: verificationMessage(verification),
    firmUrl: verification.firm === null ? null : `${publicBaseUrl}${firmPagePath(verification.firm.vatNumber)}`,
    certificatePdfUrl: verification.rating?.certificateSha256 == null ? null : `${publicBaseUrl}${certificatePdfPath(verification.certificateNumber)}`,
    transparency: transparency === null ? null : { ...transparency, inclusionProof: [...transparency.inclusionProof] },
    checkedAt,
  };
}

export function phoneLookupResponse(lookup: PhoneLookup, publicBaseUrl: string, checkedAt: Date): PhoneLookupResponse {
  const { firm } = lookup;
  return {
    number: lookup.number,
    declared: lookup.declared,
    message:
      firm === null
        ? `${lookup.number} is not declared by any firm in the registry.`
        : `${lookup.number} is declared by ${firm.legalName} (VAT number ${firm.vatNumber}), whose rating is ${firm.status}.`,
    declaredAt: lookup.declaredAt,
    firm: firm === null ? null : firmSummaryResponse(firm, publicBaseUrl),
    whatYouCanDo: [
      { label: 'Enrol the number called in the Registro pubblico delle opposizioni (do-not-call register)', url: REGISTRO_OPPOSIZIONI_URL },
      { label: 'Report unwanted marketing calls to the Garante per la protezione dei dati personali', url: GARANTE_UNWANTED_CALLS_URL },
      { label: 'Report the call to Azienda Qualificata', url: `${publicBaseUrl}${reportPath(lookup.number)}` },
    ],
    checkedAt,
  };
}
