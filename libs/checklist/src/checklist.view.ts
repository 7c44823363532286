import type { ChecklistItem } from './checklist-item.entity';
import type { ChecklistVersion } from './checklist-version.entity';
import type { ChecklistAssessment, ChecklistSection } from './checklist.definition';

/** One checklist question as the platform shows it, in both languages. */
export interface ChecklistItemView {
  readonly code: string;
  readonly section: ChecklistSection;
  readonly position: number;
  readonly textIt: string;
  readonly textEn: string;
  readonly guidanceIt: string;
  readonly guidanceEn: string;
  readonly required: boolean;
  readonly evidenceRequired: boolean;
  readonly blocking: boolean;
  readonly assessment: ChecklistAssessment;
}

/** A whole checklist version, items in display order. */
export interface ChecklistVersionView {
  readonly id: string;
  readonly version: string;
  readonly publishedAt: Date;
  readonly items: ChecklistItemView[];
}

/** A version in the list of all versions, without its items. */
export interface ChecklistVersionSummary {
  readonly id: string;
  readonly version: string;
  readonly publishedAt: Date;
  readonly isCurrent: boolean;
  readonly itemCount: number;
}

export function toChecklistItemView(item: ChecklistItem): ChecklistItemView {
  return {
    code: item.code,
    section: item.section,
    position: item.position,
    textIt: item.textIt,
    textEn: item.textEn,
    guidanceIt: item.guidanceIt,
    guidanceEn: item.guidanceEn,
    required: item.required,
    evidenceRequired: item.evidenceRequired,
    blocking: item.blocking,
    assessment: item.assessment,
  };
}

export function toChecklistVersionView(version: ChecklistVersion, items: readonly ChecklistItem[]): ChecklistVersionView {
  return {
    id: version.id,
    version: version.version,
    publishedAt: version.publishedAt,
    items: [...items].sort((a, b) => a.position - b.position).map(toChecklistItemView),
  };
}
