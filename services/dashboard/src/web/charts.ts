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
export function chart(
  option: EChartsCoreOption,
  opts: { id?: string; height?: number } = {},
): HTMLElement {
  const box = h('div', {
    class: 'chart',
    'data-chart': opts.id,
    style: `height:${opts.height ?? 280}px`,
  });
  // A refreshed page is built off-screen and swapped in when complete: draw once attached.
  let frames = 0;
  const draw = () => {
    if (!box.isConnected) {
      if (++frames < 1800) requestAnimationFrame(draw);
      return;
    }
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
  };
  requestAnimationFrame(draw);
  return box;
}

export function dispose(): void {
  for (const c of charts) c.dispose();
  charts.clear();
}
