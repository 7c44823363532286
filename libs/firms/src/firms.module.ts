import { IdentityModule } from '@app/identity';
import { Module } from '@nestjs/common';
import { CallingNumberImportService } from './calling-number-import.service';
import { CallingNumbersService } from './calling-numbers.service';
import { FirmsService } from './firms.service';
import { OperatingSitesService } from './operating-sites.service';
import { PhoneNumberParser } from './phone-number-parser';

@Module({
  imports: [IdentityModule],
  providers: [FirmsService, OperatingSitesService, CallingNumbersService, CallingNumberImportService, PhoneNumberParser],
  exports: [FirmsService, OperatingSitesService, CallingNumbersService, CallingNumberImportService],
})
export class FirmsModule {}
