export * from './checklist-item.entity';
export * from './checklist-version.entity';
export * from './checklist.definition';
export * from './checklist.errors';
export * from './checklist.module';
export * from './checklist.service';
export * from './checklist.view';

import { ChecklistItem } from './checklist-item.entity';
import { ChecklistVersion } from './checklist-version.entity';
export const CHECKLIST_ENTITIES = [ChecklistVersion, ChecklistItem];
