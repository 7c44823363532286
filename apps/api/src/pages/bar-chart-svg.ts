import { escapeXml } from '@app/registry';

export interface Bar {
  /** What the axis writes under the bar (a short month name, a status). */
  readonly label: string;
  readonly value: number;
  /** How the value is written above the bar (with the language's separators); the value itself when absent. */
  readonly display?: string;
}

export interface BarChart {
  /** Unique on the page: the chart's title and description are referred to by it. */
  readonly id: string;
  readonly title: string;
  /** The chart in words, for those who cannot see it: what it shows and its salient figures. */
  readonly description: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 320;
const HEIGHT = 150;
const TOP = 18;
const BOTTOM = 22;
const SIDE = 6;
const BAR_FILL = '#1d4ed8';
const TEXT_FILL = '#1f2937';
const AXIS_STROKE = '#4b5563';

/**
 * A bar chart as an SVG drawn on the server: no script, scales with its container (viewBox). It is one
 * image to assistive technology (role img, named by its title and described by its description); the
 * page puts the same figures in a table beside it. Every bar carries its value in `data-value` and
 * writes it above itself, so the chart never relies on bar length (or colour) alone.
 */
export function barChartSvg(chart: BarChart): string {
  const id = escapeXml(chart.id);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - 2 * SIDE) / Math.max(1, chart.bars.length);
  const barWidth = Math.min(48, slot * 0.62);
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const baseline = HEIGHT - BOTTOM;
  const fontSize = slot < 30 ? 9 : 11;
  const bars = chart.bars.map((bar, index) => {
    const centre = SIDE + slot * index + slot / 2;
    const height = (bar.value / max) * plotHeight;
    const value = escapeXml(bar.display ?? String(bar.value));
    return [
      `<rect x="${(centre - barWidth / 2).toFixed(1)}" y="${(baseline - height).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${BAR_FILL}" data-value="${bar.value}"/>`,
      `<text x="${centre.toFixed(1)}" y="${(baseline - height - 4).toFixed(1)}" text-anchor="middle" font-size="${fontSize}" fill="${TEXT_FILL}">${value}</text>`,
      `<text x="${centre.toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle" font-size="${fontSize}" fill="${TEXT_FILL}">${escapeXml(bar.label)}</text>`,
    ].join('\n');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Helvetica, Arial, sans-serif">
<title id="${id}-title">${escapeXml(chart.title)}</title>
<desc id="${id}-desc">${escapeXml(chart.description)}</desc>
${bars.join('\n')}
<line x1="${SIDE}" y1="${baseline + 0.5}" x2="${WIDTH - SIDE}" y2="${baseline + 0.5}" stroke="${AXIS_STROKE}"/>
</svg>`;
}
