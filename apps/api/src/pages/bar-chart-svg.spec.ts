import { barChartSvg } from './bar-chart-svg';

describe('bar charts drawn on the server', () => {
  const chart = { id: 'rilasci', title: 'Rating rilasciati <per mese>', description: 'Totale 7.', bars: [{ label: 'gen', value: 3 }, { label: 'feb', value: 0 }, { label: 'mar', value: 4, display: '4' }] };

  it('is one image named by its title and described, with every value written and carried by its bar', () => {
    const svg = barChartSvg(chart);
    expect(svg).toContain('role="img" aria-labelledby="rilasci-title rilasci-desc"');
    expect(svg).toContain('<title id="rilasci-title">Rating rilasciati &lt;per mese&gt;</title>');
    expect(svg).toContain('<desc id="rilasci-desc">Totale 7.</desc>');
    expect([...svg.matchAll(/data-value="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([3, 0, 4]);
    expect([...svg.matchAll(/>(\d+)<\/text>/g)].map((match) => Number(match[1]))).toEqual([3, 0, 4]);
    expect(svg).not.toContain('<script');
  });

  it('scales bars to the largest value, and draws no bar for zero', () => {
    const svg = barChartSvg(chart);
    const heights = [...svg.matchAll(/height="([0-9.]+)" fill="#1d4ed8" data-value/g)].map((match) => Number(match[1]));
    expect(heights[2]).toBeCloseTo(110);
    expect(heights[0]).toBeCloseTo(82.5);
    expect(heights[1]).toBe(0);
    expect(barChartSvg({ ...chart, bars: [{ label: 'x', value: 0 }] })).toContain('height="0.0"');
  });
});
