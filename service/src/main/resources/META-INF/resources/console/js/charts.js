// Every chart of the console: ECharts drawing SVG (which the tests and screen readers can read),
// without animation, redrawn at the new size when the window changes.
import * as echarts from '/_static/echarts/5.6.0/dist/echarts.esm.min.js';

const charts = new Map();

window.addEventListener('resize', () => charts.forEach((chart) => chart.resize()));

/** Draws {@code option} in the element with id {@code id}, replacing what it drew before. */
export function draw(id, option) {
  let chart = charts.get(id);
  if (!chart) {
    chart = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
    charts.set(id, chart);
  }
  chart.setOption({ animation: false, aria: { enabled: true }, ...option }, true);
}
