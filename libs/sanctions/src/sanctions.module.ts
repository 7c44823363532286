import { Module } from '@nestjs/common';
import { SanctionEvents } from './sanction-events';
import { SanctionsService } from './sanctions.service';

@Module({ providers: [SanctionsService, SanctionEvents], exports: [SanctionsService, SanctionEvents] })
export class SanctionsModule {}
