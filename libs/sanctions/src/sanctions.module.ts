import { FirmsModule } from '@app/firms';
import { Module } from '@nestjs/common';
import { SanctionEvents } from './sanction-events';
import { SanctionsService } from './sanctions.service';

@Module({ imports: [FirmsModule], providers: [SanctionsService, SanctionEvents], exports: [SanctionsService, SanctionEvents] })
export class SanctionsModule {}
