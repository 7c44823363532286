import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { RatingsModule } from '@app/ratings';
import { ReportsModule } from '@app/reports';
import { SurveillanceModule } from '@app/surveillance';
import { Module } from '@nestjs/common';
import { FirmTodosQuery } from './firm-todos.query';

/** Read models of what each user must do now; they read through the other domains' services and change nothing. */
@Module({
  imports: [ApplicationsModule, AuditsModule, RatingsModule, ReportsModule, SurveillanceModule],
  providers: [FirmTodosQuery],
  exports: [FirmTodosQuery],
})
export class TodosModule {}
