import checklistV1 from './data/checklist-v1.json';
import { ChecklistDefinition, checklistDefinitionProblems, ChecklistItemDefinition } from './checklist.definition';

const V1 = checklistV1 as ChecklistDefinition;

const item = (overrides: Partial<ChecklistItemDefinition>): ChecklistItemDefinition => ({
  code: 'CA-01',
  section: 'code_adoption',
  position: 1,
  assessment: 'declared',
  required: true,
  evidenceRequired: true,
  blocking: true,
  textIt: 'Testo',
  textEn: 'Text',
  guidanceIt: 'Guida',
  guidanceEn: 'Guidance',
  ...overrides,
});

const minimal = (): ChecklistItemDefinition[] => [
  item({ code: 'CA-01', section: 'code_adoption', position: 1 }),
  item({ code: 'TR-01', section: 'training', position: 2 }),
  item({ code: 'SA-01', section: 'sanctions', position: 3, assessment: 'computed', evidenceRequired: false }),
  item({ code: 'CP-01', section: 'consumer_protection', position: 4 }),
];

describe('checklist version 1 (the data file)', () => {
  it('is a valid version', () => {
    expect(checklistDefinitionProblems(V1)).toEqual({});
  });

  it('covers the four parameters and the legal-context items', () => {
    const codes = V1.items.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['CA-01', 'CA-02', 'CA-03', 'CA-04', 'TR-01', 'TR-02', 'SA-01', 'CP-01', 'CP-02', 'CP-03', 'CP-04']));
    const text = V1.items.map((i) => i.textIt).join('\n');
    for (const phrase of ['ROC', 'Registro pubblico delle opposizioni', 'Paese in cui si trova', 'Unione europea', 'disabilità', 'D.Lgs. 81/2008', 'reclami']) {
      expect(text).toContain(phrase);
    }
  });

  it('leaves the sanctions criterion to the platform', () => {
    expect(V1.items.filter((i) => i.assessment === 'computed')).toEqual([expect.objectContaining({ code: 'SA-01', section: 'sanctions', evidenceRequired: false, blocking: true })]);
  });
});

describe('checklistDefinitionProblems', () => {
  it('accepts one item per section with a computed sanctions item', () => {
    expect(checklistDefinitionProblems({ version: '2027.1', items: minimal() })).toEqual({});
  });

  it('names duplicate codes and positions by their field path', () => {
    const items = [...minimal(), item({ code: 'CA-01', position: 4 })];
    expect(checklistDefinitionProblems({ version: '2027.1', items })).toEqual({
      'items.4.code': ['code CA-01 is already used by items.0'],
      'items.4.position': ['position 4 is already used by items.3'],
    });
  });

  it('requires every section, and a computed item in the sanctions section', () => {
    const items = minimal().filter((i) => i.section !== 'training' && i.section !== 'sanctions');
    expect(checklistDefinitionProblems({ version: '2027.1', items })).toEqual({
      items: ['section training has no item', 'section sanctions has no item', 'the sanctions section needs an item computed by the platform'],
    });
  });

  it('refuses unknown sections, bad codes and versions, empty texts, and inconsistent flags', () => {
    const items = [
      ...minimal(),
      item({ code: 'bad', position: 5, section: 'marketing' as never }),
      item({ code: 'CA-09', position: 6, textEn: '  ', required: false }),
      item({ code: 'CA-10', position: 7, assessment: 'computed' }),
    ];
    expect(checklistDefinitionProblems({ version: 'v2', items })).toEqual({
      version: ['version must look like 2026.1 (year, dot, number)'],
      'items.4.code': ['code must look like CA-01 (2-4 capital letters, dash, 2-3 digits)'],
      'items.4.section': ['section must be one of: code_adoption, training, sanctions, consumer_protection'],
      'items.5.textEn': ['textEn must not be empty'],
      'items.5.blocking': ['a blocking item must also be required'],
      'items.6.assessment': ['only the sanctions section is computed by the platform'],
      'items.6.evidenceRequired': ['a computed item takes no evidence from the firm'],
    });
  });
});
