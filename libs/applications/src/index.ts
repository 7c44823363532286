export * from './application-access';
export * from './application-answer.entity';
export * from './application-lifecycle';
export * from './application.entity';
export * from './application.view';
export * from './applications.errors';
export * from './applications.module';
export * from './applications.service';
export * from './assigned-auditors';
export * from './evidence-file';
export * from './evidence-state';
export * from './evidence.entity';
export * from './evidence.service';

import { ApplicationAnswer } from './application-answer.entity';
import { Application } from './application.entity';
import { Evidence } from './evidence.entity';
export const APPLICATIONS_ENTITIES = [Application, ApplicationAnswer, Evidence];
