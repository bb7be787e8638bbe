import { useCallback, useEffect, useState } from 'react';
import { api, attempt, type Execution, type ExecutionStats, type Workflow } from '../api';
import { DurationChart, formatMs, HourlyChart } from '../components/Charts';
import { formatTime } from '../components/ExecutionsPanel';
import './pages.css';

const CHART_STATUSES = ['success', 'failed', 'timeout', 'cancelled', 'running'];
const WINDOWS = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 168, label: 'Last 7 days' },
];

const workflowPath = (id: string, executionId?: string) =>
  `/workflows/${encodeURIComponent(id)}${executionId ? `/executions/${encodeURIComponent(executionId)}` : ''}`;

/** Executions per hour by status, duration per workflow, the failing workflows first, and every execution. */
export function Dashboard({ navigate }: { navigate: (to: string) => void }) {
  const [hours, setHours] = useState(24);
  const [stats, setStats] = useState<ExecutionStats | null>(null);
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => attempt(async () => setStats(await api.executionStats(hours)), setError), [hours]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    api.workflows().then((p) => setWorkflows(p.items), () => undefined);
  }, []);
  const nameOf = (id: string) => stats?.workflows.find((w) => w.workflow_id === id)?.name ?? workflows.find((w) => w.id === id)?.name ?? id;
  const perHour = stats?.per_hour ?? [];
  const rows = stats?.workflows ?? [];

  return (
    <div className="page dashboard">
      <h1>Dashboard</h1>
      <div className="filters">
        <select aria-label="Time window" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {WINDOWS.map((w) => (
            <option key={w.hours} value={w.hours}>
              {w.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => load()}>
          Refresh
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {stats && (
        <>
          <section aria-label="Executions per hour">
            <h2>Executions per hour</h2>
            <HourlyChart rows={perHour} statuses={CHART_STATUSES} />
          </section>
          <section aria-label="Workflows">
            <h2>Workflows, failing first</h2>
            {rows.length === 0 ? (
              <div className="empty">No executions in this window.</div>
            ) : (
              <>
                <table className="list" aria-label="Workflow health">
                  <thead>
                    <tr>
                      <th>Workflow</th>
                      <th>Runs</th>
                      <th>Failed</th>
                      <th>Failure rate</th>
                      <th>p50</th>
                      <th>p95</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((w) => (
                      <tr key={w.workflow_id} className={`clickable${w.failed > 0 ? ' failing' : ''}`} data-workflow={w.workflow_id} onClick={() => navigate(workflowPath(w.workflow_id))}>
                        <td>{w.name ?? <span className="hint">deleted ({w.workflow_id})</span>}</td>
                        <td>{w.total}</td>
                        <td>{w.failed > 0 ? <span className="badge failed">{w.failed}</span> : 0}</td>
                        <td>{w.total ? `${Math.round((w.failed / w.total) * 100)} %` : '—'}</td>
                        <td>{formatMs(w.p50_ms)}</td>
                        <td>{formatMs(w.p95_ms)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <h2>Duration per workflow</h2>
                <DurationChart rows={rows.filter((w) => w.p50_ms !== null).map((w) => ({ label: w.name ?? w.workflow_id, p50: w.p50_ms, p95: w.p95_ms }))} />
              </>
            )}
          </section>
        </>
      )}
      <AllExecutions workflows={workflows} nameOf={nameOf} navigate={navigate} />
    </div>
  );
}

interface AllProps {
  workflows: Workflow[];
  nameOf: (id: string) => string;
  navigate: (to: string) => void;
}

/** Every execution the caller may see, newest first, by status and workflow, a page at a time. */
function AllExecutions({ workflows, nameOf, navigate }: AllProps) {
  const [status, setStatus] = useState('');
  const [workflowId, setWorkflowId] = useState('');
  const [items, setItems] = useState<Execution[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (after?: string) =>
      attempt(async () => {
        const page = await api.executions({ status, workflow_id: workflowId, limit: 25, cursor: after });
        setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.next_cursor);
      }, setError),
    [status, workflowId],
  );
  useEffect(() => {
    load();
  }, [load]);
  return (
    <section aria-label="All executions">
      <h2>Executions</h2>
      <div className="filters">
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all statuses</option>
          {['running', 'success', 'failed', 'cancelled', 'timeout'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Workflow" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
          <option value="">all workflows</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      {error && <div className="banner error">{error}</div>}
      {items && items.length === 0 && <div className="empty">No executions match.</div>}
      {items && items.length > 0 && (
        <table className="list" aria-label="Executions">
          <thead>
            <tr>
              <th>Started</th>
              <th>Workflow</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Duration</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} className="clickable" data-execution={e.id} onClick={() => navigate(workflowPath(e.workflow_id, e.id))}>
                <td>{formatTime(e.started_at)}</td>
                <td>{nameOf(e.workflow_id)}</td>
                <td>
                  <span className={`badge ${e.status}`}>{e.status}</span>
                </td>
                <td>{e.trigger_type}</td>
                <td>{formatMs(e.duration_ms)}</td>
                <td className="error-text">{e.error_message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
