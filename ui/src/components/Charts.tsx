// Two small charts for the dashboard, in plain SVG: the data is a day or a week of hourly counts and a
// handful of workflows, which does not need a charting library's weight.

export const STATUS_COLOURS: Record<string, string> = {
  success: '#2b8a3e',
  failed: '#c92a2a',
  timeout: '#e8590c',
  cancelled: '#f59f00',
  running: '#3b5bdb',
  pending: '#91a7ff',
};

export type HourRow = { hour: string } & Record<string, number | string>;

const count = (row: HourRow, status: string) => Number(row[status] ?? 0);

/** Executions started per hour, one stacked bar per hour, coloured by status. */
export function HourlyChart({ rows, statuses, width = 720, height = 180 }: { rows: HourRow[]; statuses: string[]; width?: number; height?: number }) {
  const left = 34;
  const bottom = 20;
  const plotH = height - bottom - 6;
  const totals = rows.map((r) => statuses.reduce((n, s) => n + count(r, s), 0));
  const max = Math.max(1, ...totals);
  const slot = (width - left) / Math.max(1, rows.length);
  const bar = Math.max(1, slot * 0.75);
  const every = Math.ceil(rows.length / 12);
  const all = totals.reduce((a, b) => a + b, 0);
  return (
    <figure className="chart">
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Executions per hour: ${all} in ${rows.length} hours, at most ${max} in one hour`}>
        <line x1={left} x2={width} y1={plotH + 6} y2={plotH + 6} stroke="#ced4da" />
        <text x={left - 4} y={12} textAnchor="end" className="axis">
          {max}
        </text>
        <text x={left - 4} y={plotH + 6} textAnchor="end" className="axis">
          0
        </text>
        {rows.map((r, i) => {
          let y = plotH + 6;
          const x = left + i * slot + (slot - bar) / 2;
          const hour = new Date(r.hour);
          const label = `${hour.getHours().toString().padStart(2, '0')}:00`;
          return (
            <g key={r.hour} data-hour={r.hour}>
              <title>{`${hour.toLocaleString()}: ${statuses.map((s) => `${count(r, s)} ${s}`).join(', ')}`}</title>
              {statuses.map((s) => {
                const h = (count(r, s) / max) * plotH;
                if (h === 0) return null;
                y -= h;
                return <rect key={s} x={x} y={y} width={bar} height={h} fill={STATUS_COLOURS[s] ?? '#868e96'} data-status={s} />;
              })}
              {i % every === 0 && (
                <text x={x + bar / 2} y={height - 4} textAnchor="middle" className="axis">
                  {label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {statuses.map((s) => (
          <span key={s}>
            <i style={{ background: STATUS_COLOURS[s] }} /> {s}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  return `${(ms / 60000).toFixed(1)} min`;
}

export interface DurationRow {
  label: string;
  p50: number | null;
  p95: number | null;
}

/** The p50 and p95 duration of each workflow as two horizontal bars on one scale. */
export function DurationChart({ rows, width = 720 }: { rows: DurationRow[]; width?: number }) {
  const labelW = 180;
  const rowH = 30;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.p95 ?? r.p50 ?? 0));
  const scale = (ms: number | null) => ((ms ?? 0) / max) * (width - labelW - 140);
  return (
    <figure className="chart">
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Duration per workflow, p50 and p95, the longest ${formatMs(max)}`}>
        {rows.map((r, i) => {
          const y = 4 + i * rowH;
          return (
            <g key={`${r.label}-${i}`} data-workflow={r.label}>
              <title>{`${r.label}: p50 ${formatMs(r.p50)}, p95 ${formatMs(r.p95)}`}</title>
              <text x={labelW - 8} y={y + 17} textAnchor="end" className="label">
                {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
              </text>
              <rect x={labelW} y={y + 2} width={scale(r.p50)} height={11} fill="#4dabf7" data-percentile="p50" />
              <rect x={labelW} y={y + 14} width={scale(r.p95)} height={11} fill="#1864ab" data-percentile="p95" />
              <text x={labelW + scale(r.p95 ?? r.p50) + 6} y={y + 17} className="axis">
                {formatMs(r.p50)} / {formatMs(r.p95)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: '#4dabf7' }} /> p50
        </span>
        <span>
          <i style={{ background: '#1864ab' }} /> p95
        </span>
      </figcaption>
    </figure>
  );
}
