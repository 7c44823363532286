import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Storage1764000100000 } from './1764000100000-Storage';
import { Firms1764000200000 } from './1764000200000-Firms';
import { Applications1764000210000 } from './1764000210000-Applications';
import { Evidence1764000220000 } from './1764000220000-Evidence';
import { Checklist1764000300000 } from './1764000300000-Checklist';
import { Sanctions1764000300100 } from './1764000300100-Sanctions';
import { ApplicationChecklistVersion1764000300200 } from './1764000300200-ApplicationChecklistVersion';
import { Audits1764000350000 } from './1764000350000-Audits';
import { Ratings1764000400000 } from './1764000400000-Ratings';
import { AuditDecisions1764000450000 } from './1764000450000-AuditDecisions';
import { Registry1764000600000 } from './1764000600000-Registry';
import { Reports1764000700000 } from './1764000700000-Reports';
import { RegistryStatementNotify1764000800000 } from './1764000800000-RegistryStatementNotify';
import { RegistrySearchAbbreviations1764000900000 } from './1764000900000-RegistrySearchAbbreviations';
import { RegistryCityNameIndex1764001000000 } from './1764001000000-RegistryCityNameIndex';
import { CallingNumberFirmCheckPerStatement1764001100000 } from './1764001100000-CallingNumberFirmCheckPerStatement';
import { LoginAttemptClients1764001230000 } from './1764001230000-LoginAttemptClients';
import { RegistrySearchWords1764002100000 } from './1764002100000-RegistrySearchWords';
import { ConfirmedSubmissions1764002200000 } from './1764002200000-ConfirmedSubmissions';
import { MailOutbox1764002400000 } from './1764002400000-MailOutbox';
import { PasswordReset1764002410000 } from './1764002410000-PasswordReset';
import { MailReminders1764002420000 } from './1764002420000-MailReminders';
import { MailPreferences1764002430000 } from './1764002430000-MailPreferences';
import { TransparencyLog1764002500000 } from './1764002500000-TransparencyLog';
import { ApiKeys1764002600000 } from './1764002600000-ApiKeys';
import { CallingNumberFeed1764002610000 } from './1764002610000-CallingNumberFeed';
import { Webhooks1764002620000 } from './1764002620000-Webhooks';
import { RenewalContinuity1764002700000 } from './1764002700000-RenewalContinuity';
import { Appeals1764002800000 } from './1764002800000-Appeals';
import { AppealStay1764002810000 } from './1764002810000-AppealStay';
import { AppealDocuments1764002820000 } from './1764002820000-AppealDocuments';
import { WatchLists1764003000000 } from './1764003000000-WatchLists';
import { CorrectiveActions1764003100000 } from './1764003100000-CorrectiveActions';
import { RefusalAppeals1764003200000 } from './1764003200000-RefusalAppeals';
import { Complaints1764003210000 } from './1764003210000-Complaints';
import { SurveillancePlans1764003300000 } from './1764003300000-SurveillancePlans';
import { SurveillanceChecks1764003310000 } from './1764003310000-SurveillanceChecks';
import { SurveillanceCheckFindings1764003510000 } from './1764003510000-SurveillanceCheckFindings';
import { RegistryNameWords1764003400000 } from './1764003400000-RegistryNameWords';
import { SurveillanceOutcomeAppeals1764003520000 } from './1764003520000-SurveillanceOutcomeAppeals';
import { ComplaintStatusCodes1764003521000 } from './1764003521000-ComplaintStatusCodes';
import { TransparencyLeafFromHistory1764003530000 } from './1764003530000-TransparencyLeafFromHistory';
import { ScheduledSurveillanceChecks1764003540000 } from './1764003540000-ScheduledSurveillanceChecks';

/** Every migration, oldest first. Listed explicitly so that a build contains exactly what was reviewed. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Storage1764000100000,
  Firms1764000200000,
  Applications1764000210000,
  Evidence1764000220000,
  Checklist1764000300000,
  Sanctions1764000300100,
  ApplicationChecklistVersion1764000300200,
  Audits1764000350000,
  Ratings1764000400000,
  AuditDecisions1764000450000,
  Registry1764000600000,
  Reports1764000700000,
  RegistryStatementNotify1764000800000,
  RegistrySearchAbbreviations1764000900000,
  RegistryCityNameIndex1764001000000,
  CallingNumberFirmCheckPerStatement1764001100000,
  LoginAttemptClients1764001230000,
  RegistrySearchWords1764002100000,
  ConfirmedSubmissions1764002200000,
  MailOutbox1764002400000,
  PasswordReset1764002410000,
  MailReminders1764002420000,
  MailPreferences1764002430000,
  TransparencyLog1764002500000,
  ApiKeys1764002600000,
  CallingNumberFeed1764002610000,
  Webhooks1764002620000,
  RenewalContinuity1764002700000,
  Appeals1764002800000,
  AppealStay1764002810000,
  AppealDocuments1764002820000,
  WatchLists1764003000000,
  CorrectiveActions1764003100000,
  RefusalAppeals1764003200000,
  Complaints1764003210000,
  SurveillancePlans1764003300000,
  SurveillanceChecks1764003310000,
  RegistryNameWords1764003400000,
  SurveillanceCheckFindings1764003510000,
  SurveillanceOutcomeAppeals1764003520000,
  ComplaintStatusCodes1764003521000,
  TransparencyLeafFromHistory1764003530000,
  ScheduledSurveillanceChecks1764003540000,
];
