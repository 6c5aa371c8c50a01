// ECharts, imported piece by piece so the bundle holds only the charts the dashboard
// draws (bar, line, funnel, custom error bars) and the SVG renderer. chart() makes or
// reuses the instance of a container and resizes every chart with the window.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, FunnelChart, CustomChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DatasetComponent, MarkLineComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, FunnelChart, CustomChart, GridComponent, TooltipComponent,
  LegendComponent, DatasetComponent, MarkLineComponent, SVGRenderer]);

/** The palette: one accent (blue) first, then calm greys and muted companions. */
export const PALETTE = ['#2563eb', '#94a3b8', '#0f766e', '#f59e0b', '#7c3aed', '#db2777',
  '#65a30d', '#0891b2', '#b45309', '#475569', '#be123c', '#4338ca', '#15803d'];

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT = { color: '#475569', fontFamily: FONT, fontSize: 12 };
const instances = new Set();

/** Base options every chart shares (palette, fonts, tooltip look). */
export function base() {
  return {
    color: PALETTE,
    textStyle: TEXT,
    animationDuration: 300,
    tooltip: { trigger: 'axis', backgroundColor: '#fff', borderColor: '#e2e8f0', textStyle: { color: '#0f172a' } },
    legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8, itemGap: 18, textStyle: TEXT },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  };
}

/** Draws `option` into `element` (replacing what was there); returns the instance. */
export function chart(element, option) {
  let instance = echarts.getInstanceByDom(element);
  if (!instance) {
    instance = echarts.init(element, null, { renderer: 'svg' });
    instances.add(instance);
  }
  instance.setOption(option, true);
  return instance;
}

/** Resizes every live chart (a tab became visible, the window changed). */
export function resizeAll() {
  for (const instance of instances) {
    if (instance.isDisposed()) instances.delete(instance);
    else instance.resize();
  }
}

window.addEventListener('resize', resizeAll);
