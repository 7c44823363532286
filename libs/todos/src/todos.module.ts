import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { RatingsModule } from '@app/ratings';
import { ReportsModule } from '@app/reports';
import { SurveillanceModule } from '@app/surveillance';
import { Module } from '@nestjs/common';
import { FirmTodosQuery } from './firm-todos.query';
import { StaffTodosQuery } from './staff-todos.query';

/** Read models of what each user must do now; they read through the other domains' services (a firm's) or named read-side queries (staff's, `staff-todos.queries.ts`) and change nothing. */
@Module({
  imports: [ApplicationsModule, AuditsModule, RatingsModule, ReportsModule, SurveillanceModule],
  providers: [FirmTodosQuery, StaffTodosQuery],
  exports: [FirmTodosQuery, StaffTodosQuery],
})
export class TodosModule {}
