export { FixedWindowCounter, type WindowVerdict } from './fixed-window-counter';
export { certificatePdfPath, firmPagePath, GARANTE_UNWANTED_CALLS_URL, OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE, OPEN_DATA_STATISTICS_PATH, REGISTRO_OPPOSIZIONI_URL, reportPath, sealPath, verificationPagePath } from './public-links';
export { etagOf, RegistryCache } from './registry-cache';
export { VERIFICATION_OUTCOMES, type VerificationOutcome } from './registry-rules';
export { parseRegistrySearch, REGISTRY_MAX_DEPTH, REGISTRY_MAX_PAGE, REGISTRY_MAX_PAGE_SIZE, REGISTRY_PAGE_SIZE, SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH } from './registry-search';
export { EVENT_LABELS, REASON_LABELS, STATUS_LABELS } from './registry-vocabulary';
export { FirmNotInRegistryError, InvalidRegistryInputError, SearchTooBroadError } from './registry.errors';
export { RegistryModule } from './registry.module';
export { type FirstPageRow, LOOKUP_PHONE, readingsOf, resemblingNamesQuery, searchQuery, VERIFY_CERTIFICATE } from './registry.queries';
export { RegistryService } from './registry.service';
export { type PhoneLookup, type RegistryFirm, type RegistryFirmSummary, type RegistrySearchPage, type Verification, verificationMessage } from './registry.views';
export { renderSealSvg, renderUnlistedSealSvg, SEAL_HEIGHT, SEAL_WIDTH, sealEmbedHtml } from './seal-svg';
export { escapeXml } from './xml';

import { RegistryEntry } from './registry-entry.entity';
export const REGISTRY_ENTITIES = [RegistryEntry];
