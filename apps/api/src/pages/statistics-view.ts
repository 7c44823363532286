import { RATING_STATUSES } from '@app/ratings';
import type { Language } from '@app/core';
import { STATUS_LABELS } from '@app/registry';
import { REPORT_KINDS } from '@app/reports';
import { COUNTED_RATING_EVENTS, RegistryStatistics } from '@app/statistics';
import { Bar, BarChart, barChartSvg } from './bar-chart-svg';
import { formatDate, translate } from './i18n';

const SHORT_MONTHS: { readonly [L in Language]: readonly string[] } = {
  it: ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const LONG_MONTHS: { readonly [L in Language]: readonly string[] } = {
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const NUMBER_LOCALES: { readonly [L in Language]: string } = { it: 'it-IT', en: 'en-GB' };

/** A month (`YYYY-MM`) as readers write it: "marzo 2026", "March 2026". */
const longMonth = (language: Language, month: string) => `${LONG_MONTHS[language][Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
/** Under a chart's bar: the month, with the year in January and on the first bar. */
const shortMonth = (language: Language, month: string, first: boolean) => {
  const name = SHORT_MONTHS[language][Number(month.slice(5)) - 1];
  return first || month.endsWith('-01') ? `${name} ${month.slice(2, 4)}` : name;
};

/** A chart, and its title for the caption shown above it (the SVG's own title names it to assistive technology). */
const chartOf = (chart: BarChart) => ({ title: chart.title, svg: barChartSvg(chart) });

/** A table cell: the figure as published (`value`, also in `data-value`) and as the language writes it. */
interface Cell {
  readonly value: number | null;
  readonly display: string;
}

/** The statistics page's view: each section's charts (SVG markup) and the table with the same figures. */
export function statisticsView(statistics: RegistryStatistics, language: Language) {
  const numbers = new Intl.NumberFormat(NUMBER_LOCALES[language], { maximumFractionDigits: 1 });
  const cell = (value: number | null, none = '–'): Cell => ({ value, display: value === null ? none : numbers.format(value) });
  const { months } = statistics;
  const first = longMonth(language, months[0]);
  const last = longMonth(language, months[months.length - 1]);
  const date = formatDate(language, statistics.asOf);

  /** A chart of one figure per month, described by its total and its busiest month. */
  const monthlyChart = (id: string, title: string, values: readonly number[]) => {
    const bars: Bar[] = months.map((month, index) => ({ label: shortMonth(language, month, index === 0), value: values[index], display: numbers.format(values[index]) }));
    const total = values.reduce((sum, value) => sum + value, 0);
    const max = Math.max(...values);
    const description =
      total === 0
        ? translate(language, 'stats.monthly.descEmpty', { title, first, last })
        : translate(language, 'stats.monthly.desc', { title, first, last, total: numbers.format(total), month: longMonth(language, months[values.indexOf(max)]), max: numbers.format(max) });
    return { title, svg: barChartSvg({ id, title, description, bars }) };
  };

  const statusLabels = STATUS_LABELS[language];
  const firmsTotal = RATING_STATUSES.reduce((sum, status) => sum + statistics.firmsByStatus[status], 0);
  const firmsFigures = RATING_STATUSES.map((status) => `${statusLabels[status]} ${numbers.format(statistics.firmsByStatus[status])}`).join(', ');

  const kindLabel = (kind: string) => translate(language, `firm.reports.kind.${kind}`);
  const { decisions } = statistics;
  const decisionsTitle = translate(language, 'stats.decisions.chart');

  return {
    date,
    months: months.length,
    firms: {
      chart: chartOf({
        id: 'grafico-stati',
        title: translate(language, 'stats.firms.title'),
        description: translate(language, 'stats.firms.desc', { date, figures: firmsFigures, total: numbers.format(firmsTotal) }),
        bars: RATING_STATUSES.map((status) => ({ label: statusLabels[status], value: statistics.firmsByStatus[status], display: numbers.format(statistics.firmsByStatus[status]) })),
      }),
      caption: translate(language, 'stats.firms.caption', { date, total: numbers.format(firmsTotal) }),
      rows: RATING_STATUSES.map((status) => ({ status, label: statusLabels[status], count: cell(statistics.firmsByStatus[status]) })),
      total: cell(firmsTotal),
    },
    ratings: {
      charts: COUNTED_RATING_EVENTS.map((kind) =>
        monthlyChart(`grafico-rating-${kind}`, translate(language, `stats.ratings.chart.${kind}`), statistics.ratingEvents.map((month) => month[kind])),
      ),
      headers: COUNTED_RATING_EVENTS.map((kind) => ({ kind, label: translate(language, `stats.ratings.${kind}`) })),
      rows: statistics.ratingEvents.map((month) => ({ month: month.month, label: longMonth(language, month.month), cells: COUNTED_RATING_EVENTS.map((kind) => ({ kind, ...cell(month[kind]) })) })),
    },
    reports: {
      charts: REPORT_KINDS.map((kind) =>
        monthlyChart(`grafico-segnalazioni-${kind}`, translate(language, 'stats.reports.chart', { kind: kindLabel(kind) }), statistics.reports.map((month) => month.byKind[kind])),
      ),
      headers: REPORT_KINDS.map((kind) => ({ kind, label: kindLabel(kind) })),
      rows: statistics.reports.map((month) => ({
        month: month.month,
        label: longMonth(language, month.month),
        cells: REPORT_KINDS.map((kind) => ({ kind, ...cell(month.byKind[kind]) })),
        total: cell(month.total),
      })),
    },
    decisions: {
      median: decisions.medianDays === null ? null : translate(language, 'stats.decisions.median', { days: numbers.format(decisions.medianDays), count: numbers.format(decisions.count) }),
      medianDays: decisions.medianDays,
      count: decisions.count,
      chart: chartOf({
        id: 'grafico-decisioni',
        title: decisionsTitle,
        description:
          decisions.medianDays === null
            ? translate(language, 'stats.monthly.descEmpty', { title: decisionsTitle, first, last })
            : translate(language, 'stats.decisions.desc', { title: decisionsTitle, first, last, days: numbers.format(decisions.medianDays), count: numbers.format(decisions.count) }),
        bars: decisions.byMonth.map((month, index) => ({
          label: shortMonth(language, month.month, index === 0),
          value: month.medianDays ?? 0,
          display: month.medianDays === null ? '–' : numbers.format(month.medianDays),
        })),
      }),
      rows: decisions.byMonth.map((month) => ({
        month: month.month,
        label: longMonth(language, month.month),
        decisions: cell(month.decisions),
        medianDays: cell(month.medianDays, translate(language, 'stats.decisions.noValue')),
      })),
    },
  };
}
