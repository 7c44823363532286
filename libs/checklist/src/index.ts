export { ChecklistVersion } from './checklist-version.entity';
export { CHECKLIST_ASSESSMENTS, CHECKLIST_SECTIONS, CHECKLIST_VERSION_PATTERN, type ChecklistAssessment, checklistDefinitionProblems, type ChecklistSection } from './checklist.definition';
export { ChecklistVersionExistsError, InvalidChecklistError } from './checklist.errors';
export { ChecklistModule } from './checklist.module';
export { ChecklistService } from './checklist.service';
export { type ChecklistItemView, type ChecklistVersionSummary, type ChecklistVersionView } from './checklist.view';

import { ChecklistItem } from './checklist-item.entity';
import { ChecklistVersion } from './checklist-version.entity';
export const CHECKLIST_ENTITIES = [ChecklistVersion, ChecklistItem];
