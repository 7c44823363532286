import { AppealsModule } from '@app/appeals';
import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { CertificateIssuanceModule } from '@app/certificates';
import { ChecklistModule } from '@app/checklist';
import { DecisionsModule } from '@app/decisions';
import { FirmsModule } from '@app/firms';
import { HistoryModule } from '@app/history';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { RatingsModule } from '@app/ratings';
import { SanctionsModule } from '@app/sanctions';
import { StorageModule } from '@app/storage';
import { SurveillanceModule } from '@app/surveillance';
import { TransparencyModule } from '@app/transparency';

/** The domain libraries whose services the API's controllers and the workspace's pages call. */
export const DOMAIN_MODULES = [
  HistoryModule,
  IdentityModule,
  StorageModule,
  ChecklistModule,
  FirmsModule,
  ApplicationsModule,
  SanctionsModule,
  RatingsModule,
  TransparencyModule,
  CertificateIssuanceModule,
  AuditsModule,
  DecisionsModule,
  NotificationsModule,
  AppealsModule,
  SurveillanceModule,
];
