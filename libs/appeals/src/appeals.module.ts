import { ApplicationsModule } from '@app/applications';
import { DecisionsModule } from '@app/decisions';
import { FirmsModule } from '@app/firms';
import { IdentityModule } from '@app/identity';
import { RatingsModule } from '@app/ratings';
import { StorageModule } from '@app/storage';
import { Module } from '@nestjs/common';
import { AppealsService } from './appeals.service';

@Module({
  imports: [ApplicationsModule, DecisionsModule, FirmsModule, IdentityModule, RatingsModule, StorageModule],
  providers: [AppealsService],
  exports: [AppealsService],
})
export class AppealsModule {}
