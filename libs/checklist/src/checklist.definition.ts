/** The four parameters of the seal, in the order the article gives them. */
export const CHECKLIST_SECTIONS = ['code_adoption', 'training', 'sanctions', 'consumer_protection'] as const;
export type ChecklistSection = (typeof CHECKLIST_SECTIONS)[number];

/**
 * Who answers an item: `declared` items are answered by the firm and checked by the auditor;
 * `computed` items are evaluated by the platform from its own records (the sanctions register).
 */
export const CHECKLIST_ASSESSMENTS = ['declared', 'computed'] as const;
export type ChecklistAssessment = (typeof CHECKLIST_ASSESSMENTS)[number];

/** The only section whose criterion the platform computes (from the sanctions register). */
export const COMPUTED_SECTION: ChecklistSection = 'sanctions';

export const CHECKLIST_VERSION_PATTERN = /^[0-9]{4}\.[1-9][0-9]{0,3}$/;
export const CHECKLIST_ITEM_CODE_PATTERN = /^[A-Z]{2,4}-[0-9]{2,3}$/;

export interface ChecklistItemDefinition {
  readonly code: string;
  readonly section: ChecklistSection;
  /** Display order within the version, 1-based, unique across sections. */
  readonly position: number;
  readonly assessment: ChecklistAssessment;
  readonly required: boolean;
  readonly evidenceRequired: boolean;
  /** A negative outcome on a blocking item prevents the rating. */
  readonly blocking: boolean;
  readonly textIt: string;
  readonly textEn: string;
  readonly guidanceIt: string;
  readonly guidanceEn: string;
}

/** One checklist version as written in `data/checklist-v*.json` or sent by an admin to publish. */
export interface ChecklistDefinition {
  readonly version: string;
  readonly items: readonly ChecklistItemDefinition[];
}

const TEXT_FIELDS = ['textIt', 'textEn', 'guidanceIt', 'guidanceEn'] as const;

/**
 * What is wrong with a checklist version, as messages per field path (`items.3.code`), the same
 * shape request validation uses; empty when the version can be published.
 */
export function checklistDefinitionProblems(definition: ChecklistDefinition): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (path: string, message: string) => (problems[path] ??= []).push(message);

  if (!CHECKLIST_VERSION_PATTERN.test(definition.version)) add('version', 'version must look like 2026.1 (year, dot, number)');

  const positions = new Map<number, number>();
  const codes = new Map<string, number>();
  definition.items.forEach((item, index) => {
    const at = (field: string) => `items.${index}.${field}`;
    if (!CHECKLIST_ITEM_CODE_PATTERN.test(item.code)) add(at('code'), 'code must look like CA-01 (2-4 capital letters, dash, 2-3 digits)');
    const sameCode = codes.get(item.code);
    if (sameCode !== undefined) add(at('code'), `code ${item.code} is already used by items.${sameCode}`);
    else codes.set(item.code, index);

    if (!(CHECKLIST_SECTIONS as readonly string[]).includes(item.section)) add(at('section'), `section must be one of: ${CHECKLIST_SECTIONS.join(', ')}`);
    if (!Number.isInteger(item.position) || item.position < 1) add(at('position'), 'position must be a positive integer');
    const samePosition = positions.get(item.position);
    if (samePosition !== undefined) add(at('position'), `position ${item.position} is already used by items.${samePosition}`);
    else positions.set(item.position, index);

    for (const field of TEXT_FIELDS) if (item[field].trim() === '') add(at(field), `${field} must not be empty`);

    if (item.blocking && !item.required) add(at('blocking'), 'a blocking item must also be required');
    if (item.assessment === 'computed') {
      if (item.section !== COMPUTED_SECTION) add(at('assessment'), `only the ${COMPUTED_SECTION} section is computed by the platform`);
      if (item.evidenceRequired) add(at('evidenceRequired'), 'a computed item takes no evidence from the firm');
    }
  });

  for (const section of CHECKLIST_SECTIONS) {
    if (!definition.items.some((item) => item.section === section)) add('items', `section ${section} has no item`);
  }
  if (!definition.items.some((item) => item.section === COMPUTED_SECTION && item.assessment === 'computed')) {
    add('items', `the ${COMPUTED_SECTION} section needs an item computed by the platform`);
  }
  return problems;
}
