// A chart drawn by Chart.js (bundled by vite, nothing from a CDN). Only the pieces used are registered,
// so the bundle carries the line and bar charts and nothing else. The canvas carries a text summary
// for screen readers, since a drawing says nothing to them.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Filler);

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif';
const PRIMARY = '#2563eb';

export interface Series {
  labels: string[];
  values: number[];
}

function config(kind: 'trend' | 'bars', data: Series, label: string): ChartConfiguration<'line' | 'bar'> {
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: reduced ? (false as const) : { duration: 300 },
    plugins: { legend: { display: false }, tooltip: { bodyFont: { family: FONT }, titleFont: { family: FONT } } },
  };
  const ticks = { font: { family: FONT, size: 12 }, precision: 0 };
  if (kind === 'trend') {
    return {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: [{ label, data: data.values, borderColor: PRIMARY, backgroundColor: 'rgba(37, 99, 235, 0.12)', fill: true, cubicInterpolationMode: 'monotone', pointRadius: 3 }],
      },
      options: { ...common, scales: { x: { ticks }, y: { beginAtZero: true, ticks } } },
    };
  }
  return {
    type: 'bar',
    data: { labels: data.labels, datasets: [{ label, data: data.values, backgroundColor: PRIMARY, borderRadius: 4, maxBarThickness: 22 }] },
    options: { ...common, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks }, y: { ticks } } },
  };
}

export function ChartView({ kind, data, label, testId }: { kind: 'trend' | 'bars'; data: Series; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config(kind, data, label));
    return () => chart.destroy();
  }, [kind, label, data.labels.join('\u0000'), data.values.join(',')]);
  const summary = data.labels.map((l, i) => `${l}：${data.values[i] ?? 0}`).join('，');
  const height = kind === 'trend' ? 220 : Math.max(80, data.labels.length * 30 + 30);
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{label}</figcaption>
      {data.labels.length ? (
        <div class="chart-box" style={{ height: `${height}px` }}>
          <canvas ref={canvas} role="img" aria-label={`${label}：${summary}`} />
        </div>
      ) : (
        <p class="muted small">暂无数据</p>
      )}
    </figure>
  );
}
