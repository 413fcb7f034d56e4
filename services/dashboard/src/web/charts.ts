import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from './dom.js';

use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export const palette = [
  '#2f7d5b',
  '#e0a43a',
  '#3b6fb6',
  '#c0504d',
  '#7a5ea8',
  '#4aa3a2',
  '#8c8c8c',
];

const charts = new Set<ReturnType<typeof init>>();
window.addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});

/** A chart in a box that keeps its height on every viewport; drawn once the box is in the page. */
/** Charts built but not yet in the page: ECharts measures its box, so it draws once attached. */
const pending = new Map<HTMLElement, EChartsCoreOption>();

function drawAttached(): void {
  for (const [box, option] of pending) {
    if (!box.isConnected) continue;
    pending.delete(box);
    const instance = init(box, undefined, { renderer: 'canvas' });
    instance.setOption({
      color: palette,
      animation: false,
      textStyle: { fontFamily: 'inherit' },
      grid: {
        left: 8,
        right: 16,
        top: 40,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'all',
      },
      tooltip: { trigger: 'axis' },
      ...option,
    });
    charts.add(instance);
  }
}

/** A chart in a box that keeps its height on every viewport. */
export function chart(
  option: EChartsCoreOption,
  opts: { id?: string; height?: number } = {},
): HTMLElement {
  const box = h('div', {
    class: 'chart',
    'data-chart': opts.id,
    style: `height:${opts.height ?? 280}px`,
  });
  pending.set(box, option);
  requestAnimationFrame(drawAttached);
  return box;
}

/** Draws the charts of a page that was built off-screen, now that it is attached. */
export function drawCharts(): void {
  drawAttached();
}

/** Drops the charts of the page being replaced (and those of pages never shown). */
export function dispose(opts: { keepPending?: boolean } = {}): void {
  for (const c of charts) c.dispose();
  charts.clear();
  if (!opts.keepPending) pending.clear();
}
