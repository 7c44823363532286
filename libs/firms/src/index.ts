export { CallingNumberImportService, MAX_REPORTED_LINE_ERRORS } from './calling-number-import.service';
export { CallingNumbersService } from './calling-numbers.service';
export { countryChoices, countryCodeOf, countryName, isOutsideEu } from './countries';
export { Firm, SERVICE_KINDS, type ServiceKind } from './firm.entity';
export { type FirmDetails, type FirmView, type OperatingSiteView } from './firm.view';
export { AlreadyInFirmError, EmptyImportError, type ImportLineError, InvalidCountryError, InvalidPhoneNumberError, InvalidVatNumberError, NumberAlreadyDeclaredError, NumberDeclaredConcurrentlyError, NumberImportRefusedError, NumberTakenError, VatNumberTakenError } from './firms.errors';
export { FirmsModule } from './firms.module';
export { FirmsService } from './firms.service';
export { OperatingSitesService } from './operating-sites.service';
export { normalizePhoneNumber } from './phone-number';
export { normalizeVatNumber, vatCheckDigit, vatNumberProblem } from './vat-number';

import { CallingNumber } from './calling-number.entity';
import { FirmMember } from './firm-member.entity';
import { Firm } from './firm.entity';
import { OperatingSite } from './operating-site.entity';
export const FIRMS_ENTITIES = [Firm, FirmMember, OperatingSite, CallingNumber];
