export { type SanctionBecameDefinitive, type SanctionEventListener, SanctionEvents } from './sanction-events';
export { SANCTION_WINDOW_YEARS, type SanctionWarningReason } from './sanction-window';
export { type SanctionCriterionView, type SanctionView } from './sanction.view';
export { SANCTION_AUTHORITIES, SANCTION_CONDUCTS, SANCTION_STATUSES, type SanctionAuthority, type SanctionConduct, type SanctionStatus } from './sanction.vocabulary';
export { InvalidSanctionError, SanctionAnnulledError, SanctionExistsError, UnknownFirmError } from './sanctions.errors';
export { SanctionsModule } from './sanctions.module';
export { type NewSanction, SanctionsService } from './sanctions.service';

import { Sanction } from './sanction.entity';
export const SANCTIONS_ENTITIES = [Sanction];
