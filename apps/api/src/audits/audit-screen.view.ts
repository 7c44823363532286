import { evidenceVersionNumbers, type EvidenceView } from '@app/applications';
import { AUDIT_STATUSES, type AuditScreen, type AuditStatus, AUDIT_WORKING_STATUSES, FINDING_SEVERITIES, ITEM_RESULTS } from '@app/audits';
import { type Actor, type Language, romeDayStart } from '@app/core';
import { REPORT_KINDS, REPORT_OUTCOMES, type MonthlyReportStats } from '@app/reports';
import type { SanctionCriterionView, SanctionView } from '@app/sanctions';
import { evidenceStateText, onCalendarDay, shortSha256 } from '../pages/evidence-display';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import type { FormErrors } from '../pages/web-form';

/** Evidence checkboxes are posted as evidence-0, evidence-1, ...: a form may not repeat a field name. */
/** The consumer reports shown beside an audit: counts by kind and outcome for the last year, month by month. */
export const REPORT_STATS_MONTHS = 12;

export const EVIDENCE_SLOTS = Array.from({ length: 50 }, (_, index) => `evidence-${index}`);
export const ITEM_FIELDS = ['result', 'note', 'evidence', 'severity', 'description', 'correctiveAction', 'dueOn'] as const;
export const REQUEST_FIELDS = ['itemCode', 'question'] as const;
export const VERDICT_FIELDS = ['outcome', 'reasons'] as const;

export type ItemField = (typeof ITEM_FIELDS)[number];

/** The input id of a field of one item's form: the forms share the page, so ids carry the item code. */
export const itemFieldId = (itemCode: string, field: ItemField): string => `${itemCode}-${field}`;
export const requestFieldId = (field: (typeof REQUEST_FIELDS)[number]): string => `request-${field}`;
export const verdictFieldId = (field: (typeof VERDICT_FIELDS)[number]): string => `verdict-${field}`;

/** What the visitor typed in the form that failed, to show again. */
export interface PostedForms {
  readonly item?: { readonly code: string; readonly values: Readonly<Record<ItemField, string>>; readonly evidenceIds: readonly string[] };
  readonly request?: Readonly<Record<(typeof REQUEST_FIELDS)[number], string>>;
  readonly verdict?: Readonly<Record<(typeof VERDICT_FIELDS)[number], string>>;
}

export const evidenceHref = (applicationId: string, evidenceId: string, language: Language): string =>
  pageHref(`/area/verifiche/domande/${applicationId}/documenti/${evidenceId}`, {}, language);

/** A calendar day of the sanctions register as an instant on that day in Rome, for the `date` helper. */
const onRomeDay = (day: string): Date => new Date(`${day}T12:00:00Z`);

function sanctionRow(sanction: SanctionView) {
  return {
    authority: `audit.ws.authority.${sanction.authority}`,
    conduct: `audit.ws.conduct.${sanction.conductCategory}`,
    status: `audit.ws.sanctionStatus.${sanction.status}`,
    reference: sanction.reference,
    imposedOn: onRomeDay(sanction.imposedOn),
    definitiveOn: sanction.definitiveOn === null ? null : onRomeDay(sanction.definitiveOn),
    sourceUrl: sanction.sourceUrl,
  };
}

/** Criterion 3 as the rule computed it: the window, the sanctions that count, and those that only warn. */
export function sanctionsView(criterion: SanctionCriterionView) {
  return {
    passed: criterion.passed,
    decisionDay: onRomeDay(criterion.decisionDay),
    after: onRomeDay(criterion.window.after),
    through: onRomeDay(criterion.window.through),
    counting: criterion.counting.map(sanctionRow),
    warnings: criterion.warnings.map((warning) => ({ ...sanctionRow(warning.sanction), reason: `audit.ws.warning.${warning.reason}` })),
  };
}

/** The firm's consumer reports per month of the call, newest first, leaving out months without any. */
export function reportStatsView(months: readonly MonthlyReportStats[]) {
  return {
    kinds: REPORT_KINDS.map((kind) => `firm.reports.kind.${kind}`),
    outcomes: REPORT_OUTCOMES.map((outcome) => `report.ws.outcome.${outcome}`),
    months: months
      .filter((month) => month.reports > 0)
      .reverse()
      .map((month) => ({ month: month.month, reports: month.reports, byKind: REPORT_KINDS.map((kind) => month.byKind[kind]), byOutcome: REPORT_OUTCOMES.map((outcome) => month.byOutcome[outcome]) })),
  };
}

export const auditStatusKey = (status: AuditStatus): string => `audit.ws.status.${status}`;
export const auditStatusOptions = (selected: string) =>
  AUDIT_STATUSES.map((status) => ({ value: status, label: auditStatusKey(status), selected: status === selected }));

const options = (values: readonly string[], prefix: string, selected: string) => values.map((value) => ({ value, label: `${prefix}${value}`, selected: value === selected }));

/**
 * Each document with what the auditor needs to judge it: its own date and expiry, its state on
 * `today`, its version (so that two uploads under one name are told apart) and its SHA-256.
 */
function evidenceRows(evidence: readonly EvidenceView[] | null, applicationId: string, checked: (e: EvidenceView) => boolean, language: Language, today: string) {
  const versions = evidenceVersionNumbers(evidence ?? []);
  return (evidence ?? []).map((e, index) => {
    const version = versions.get(e.id) ?? 1;
    const state = evidenceStateText(language, e, today);
    return {
      slot: EVIDENCE_SLOTS[index],
      id: e.id,
      fileName: e.fileName,
      url: evidenceHref(applicationId, e.id, language),
      effectiveDate: onCalendarDay(e.effectiveDate),
      expiresOn: e.expiresOn === null ? null : onCalendarDay(e.expiresOn),
      uploadedAt: e.uploadedAt,
      state,
      version,
      sha256: e.sha256,
      shortSha256: shortSha256(e.sha256),
      choiceLabel: `${e.fileName} · ${translate(language, 'evidence.version', { number: version })} · ${state}`,
      current: e.supersededById === null,
      checked: checked(e),
    };
  });
}

/** "7 di 12 voci valutate": the items that need the auditor's result, and how many have one. */
function progressText(language: Language, assessed: number, total: number): string {
  return translate(language, `auditScreen.progress.${total === 1 ? 'one' : 'other'}`, { assessed, total });
}

export const auditItemPath = (auditId: string, itemCode: string): string => `/area/verifiche/${auditId}/voci/${itemCode}`;

/**
 * The audit screen as the pages show it, for the auditor (with a form per item) and the reviewer
 * (read only). `errors` are keyed by input id; `posted` keeps what the visitor typed in the failed form.
 */
export function auditScreenView(
  screen: AuditScreen,
  viewer: Actor,
  language: Language,
  errors: FormErrors,
  posted: PostedForms = {},
  reportStats: readonly MonthlyReportStats[],
  today: string,
) {
  const { audit, application } = screen;
  // Only the assigned auditor gets the forms (the service refuses anyone else).
  const ownAudit = audit.auditorId === viewer.userId;
  const editable = ownAudit && AUDIT_WORKING_STATUSES.includes(audit.status);
  const allIds: string[] = [];
  const errorsOf = <F extends string>(fields: readonly F[], idOf: (field: F) => string) => {
    const ids = fields.map(idOf);
    allIds.push(...ids);
    const shown = errors.view(ids).field;
    return { ids: Object.fromEntries(fields.map((field) => [field, idOf(field)])), errors: Object.fromEntries(fields.map((field) => [field, shown[idOf(field)]])) };
  };
  const openQuestions = (itemCode: string) => screen.informationRequests.filter((asked) => asked.itemCode === itemCode && asked.answeredAt === null).length;
  const findingsOf = (itemCode: string) => screen.findings.filter((finding) => finding.itemCode === itemCode).length;
  const items = screen.items.map(({ item, answer, evidence, result }) => {
    const postedHere = posted.item?.code === item.code ? posted.item : undefined;
    const linked = new Set(postedHere?.evidenceIds ?? result?.evidenceIds ?? (evidence ?? []).filter((e) => e.supersededById === null).map((e) => e.id));
    const values = postedHere?.values ?? { result: result?.result ?? '', note: result?.note ?? '', evidence: '', severity: '', description: '', correctiveAction: '', dueOn: '' };
    return {
      code: item.code,
      text: language === 'it' ? item.textIt : item.textEn,
      guidance: language === 'it' ? item.guidanceIt : item.guidanceEn,
      computed: item.assessment === 'computed',
      evidenceRequired: item.evidenceRequired,
      answer: answer && { compliance: `audit.ws.compliance.${answer.compliance}`, statement: answer.statement },
      evidence: evidenceRows(evidence, application.id, (e) => linked.has(e.id), language, today),
      url: ownAudit ? pageHref(auditItemPath(audit.id, item.code), {}, language) : `#item-${item.code}`,
      openQuestions: openQuestions(item.code),
      findingCount: findingsOf(item.code),
      result: result && { label: `audit.ws.result.${result.result}`, note: result.note, recordedAt: result.recordedAt },
      action: pageHref(`/area/verifiche/${audit.id}/voci/${item.code}`, {}, language),
      form: { ...values, results: options(ITEM_RESULTS, 'audit.ws.result.', values.result), severities: options(FINDING_SEVERITIES, 'audit.ws.severity.', values.severity) },
      ...errorsOf(ITEM_FIELDS, (field) => itemFieldId(item.code, field)),
    };
  });
  const evidenceById = new Map(screen.items.flatMap((entry) => entry.evidence ?? []).map((e) => [e.id, e]));
  const request = posted.request ?? { itemCode: '', question: '' };
  const verdict = posted.verdict ?? { outcome: '', reasons: '' };
  const requestForm = { ...request, items: screen.items.filter((entry) => entry.item.assessment === 'declared').map((entry) => ({ value: entry.item.code, selected: entry.item.code === request.itemCode })), ...errorsOf(REQUEST_FIELDS, requestFieldId) };
  const verdictForm = { ...verdict, outcomes: options(['approve', 'refuse'], 'audit.ws.verdict.', verdict.outcome), ...errorsOf(VERDICT_FIELDS, verdictFieldId) };
  const blockers = screen.approvalBlockers;
  const assessable = items.filter((item) => !item.computed);
  return {
    progress: progressText(language, assessable.filter((item) => item.result !== null).length, assessable.length),
    overview: items.map((item) => ({
      code: item.code,
      text: item.text,
      url: item.url,
      computed: item.computed,
      answer: item.answer?.compliance ?? null,
      result: item.result?.label ?? null,
      evidenceCount: item.evidence.filter((e) => e.current).length,
      openQuestions: item.openQuestions,
      findings: item.findingCount,
    })),
    audit: {
      id: audit.id,
      firmName: audit.firmName,
      auditorName: audit.auditorName,
      status: auditStatusKey(audit.status),
      checklistVersion: audit.checklistVersion,
      assignedAt: audit.assignedAt,
      submittedAt: application.submittedAt,
      proposedOutcome: audit.proposedOutcome && `audit.ws.verdict.${audit.proposedOutcome}`,
      proposedAt: audit.proposedAt,
      proposalReasons: audit.proposalReasons,
      editable,
      proposable: ownAudit && audit.status === 'in_progress',
      withdrawable: ownAudit && audit.status === 'proposed',
    },
    firm: { legalName: screen.firm.legalName, vatNumber: screen.firm.vatNumber },
    sitesOutsideEu: screen.operatingSites.filter((site) => site.outsideEu && site.closedAt === null).map((site) => ({ name: site.name, city: site.city, country: site.country })),
    items,
    findings: screen.findings.map((finding) => ({
      ...finding,
      severity: `audit.ws.severity.${finding.severity}`,
      dueOn: romeDayStart(finding.followUp.dueOn),
      overdue: finding.followUp.overdue,
      state: `ca.ws.state.${finding.followUp.state}`,
    })),
    correctiveActionsUrl: pageHref('/area/azioni-correttive', {}, language),
    informationRequests: screen.informationRequests.map((asked) => ({
      itemCode: asked.itemCode,
      question: asked.question,
      askedAt: asked.askedAt,
      answer: asked.answer,
      answeredAt: asked.answeredAt,
      evidence: asked.evidenceIds.map((id) => ({ fileName: evidenceById.get(id)?.fileName ?? id, url: evidenceHref(application.id, id, language) })),
    })),
    sanctions: sanctionsView(screen.sanctionCriterion),
    reportStats: reportStatsView(reportStats),
    blockers: {
      any: blockers.blockingMajorNonConformities.length + blockers.missingResults.length + blockers.disqualifyingSanctions.length > 0,
      majors: blockers.blockingMajorNonConformities.join(', '),
      missing: blockers.missingResults.join(', '),
      sanctions: blockers.disqualifyingSanctions.length,
    },
    requestForm,
    verdictForm,
    requestAction: pageHref(`/area/verifiche/${audit.id}/richieste`, {}, language),
    proposalAction: pageHref(`/area/verifiche/${audit.id}/proposta`, {}, language),
    withdrawAction: pageHref(`/area/verifiche/${audit.id}/proposta/ritiro`, {}, language),
    errorSummary: errors.view(allIds).summary,
  };
}
