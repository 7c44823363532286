import { Module } from '@nestjs/common';
import { RatingInvariantsService } from './rating-invariants.service';

/** The registry's invariants, checked read-only (`verify-invariants`). Needs the global database and HistoryModule. */
@Module({ providers: [RatingInvariantsService], exports: [RatingInvariantsService] })
export class RatingInvariantsModule {}
