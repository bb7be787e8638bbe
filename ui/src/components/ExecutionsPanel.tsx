import { useEffect, useState } from 'react';
import { api, attempt, type Execution, type NodeLog } from '../api';

export function formatTime(t: string | null | undefined): string {
  if (!t) return '—';
  const d = new Date(t);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function Json({ value }: { value: unknown }) {
  return <pre className="json">{value === undefined || value === null ? 'null' : JSON.stringify(value, null, 2)}</pre>;
}

interface ListProps {
  workflowId: string;
  current: string | null;
  refreshKey: number;
  onOpen: (id: string | null) => void;
}

/** The workflow's execution history, newest first, filtered by status, a page at a time. */
export function ExecutionList({ workflowId, current, refreshKey, onOpen }: ListProps) {
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Execution[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  // a newer filter's (or refresh's) answer must not be overwritten by an older one that comes late
  useEffect(() => {
    let stale = false;
    api.executions({ workflow_id: workflowId, status, limit: 20 }).then(
      (page) => {
        if (stale) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setError(null);
      },
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [workflowId, status, refreshKey, reloads]);
  const more = async (after: string) => {
    try {
      const page = await api.executions({ workflow_id: workflowId, status, limit: 20, cursor: after });
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div>
      <div style={{ display: 'flex', gap: 6, marginBottom: 6 }}>
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all statuses</option>
          {['running', 'success', 'failed', 'cancelled', 'timeout'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {items.length === 0 && !error && <div className="hint">No executions yet. Use “Run” to start one.</div>}
      {items.map((e) => (
        <button key={e.id} type="button" className={`exec-row${e.id === current ? ' current' : ''}`} onClick={() => onOpen(e.id === current ? null : e.id)} data-execution={e.id}>
          <span>
            <span className={`badge ${e.status}`}>{e.status}</span> <span className="hint">{e.trigger_type}</span>
            {retryOf(e) && <span className="hint"> · {retryOf(e)}</span>}
          </span>
          <span className="hint">
            {formatTime(e.started_at)} · {e.duration_ms ?? '…'} ms
          </span>
        </button>
      ))}
      {cursor && (
        <button type="button" onClick={() => more(cursor)} style={{ marginTop: 6 }}>
          Load more
        </button>
      )}
    </div>
  );
}

/** The trigger types of runs that are not the whole workflow's: test runs and replays. */
const PARTIAL_RUNS = new Set(['test', 'replay']);

interface DetailProps {
  execution: Execution;
  mode: 'stream' | 'poll' | null;
  selectedNode: string | null;
  /** Opens the execution a Retry or a Replay from here started. */
  onNewExecution: (e: Execution) => void;
}

/**
 * One execution: its status and buttons, and the log of the node selected on the canvas, with
 * Replay from here once the execution has finished.
 */
export function ExecutionDetail({ execution, mode, selectedNode, onNewExecution }: DetailProps) {
  const [error, setError] = useState<string | null>(null);
  const [replaying, setReplaying] = useState(false);
  const logs: NodeLog[] = execution.node_logs.filter((l) => l.node_id === selectedNode);
  const running = execution.status === 'running' || execution.status === 'pending';
  return (
    <div className="card" style={{ marginTop: 10 }} aria-label="Execution">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>
          <span className={`badge ${execution.status}`} data-testid="execution-status">
            {execution.status}
          </span>
        </strong>
        <span>
          {running && (
            <button type="button" className="danger" onClick={() => api.cancel(execution.id).catch((e) => setError(e.message))}>
              Cancel
            </button>
          )}{' '}
          {/* a test run or a replay is not retried whole (the runtime answers 409): Replay from here instead */}
          {!running && !PARTIAL_RUNS.has(execution.trigger_type) && (
            <button type="button" onClick={() => api.retry(execution.id).then(onNewExecution, (e) => setError(e.message))}>
              Retry
            </button>
          )}
        </span>
      </div>
      <div className="hint">
        {execution.id} · v{execution.workflow_version} · {formatTime(execution.started_at)} · {execution.duration_ms ?? '…'} ms
        {running && mode && ` · live (${mode === 'stream' ? 'server events' : 'polling'})`}
      </div>
      {error && <div className="error-text">{error}</div>}
      {execution.data_saved === false && <div className="hint">Its data was not saved (the workflow's Save execution data setting): no input, output or node logs.</div>}
      {execution.error_message && (
        <div className="banner error" role="alert">
          {execution.error_message}
        </div>
      )}
      {!selectedNode && (
        <>
          <div className="hint">Click a node on the canvas to see its input, output and error.</div>
          <strong>Input</strong>
          <Json value={execution.input} />
          <strong>Output</strong>
          <Json value={execution.output} />
        </>
      )}
      {selectedNode && logs.length === 0 && <div className="hint">Node {selectedNode} has not run in this execution{running ? ' yet' : ''}.</div>}
      {selectedNode && !running && execution.data_saved !== false && (
        <button
          type="button"
          disabled={replaying}
          title={`Run ${selectedNode} and everything after it again, reusing the recorded outputs of the nodes before it`}
          onClick={async () => {
            setReplaying(true);
            await attempt(async () => onNewExecution(await api.replay(execution.id, selectedNode)), setError);
            setReplaying(false);
          }}
        >
          {replaying ? 'Replaying…' : 'Replay from here'}
        </button>
      )}
      {logs.map((l, i) => (
        <div key={i} data-testid="node-log">
          <h3 style={{ fontSize: 14, margin: '8px 0 2px' }}>
            {l.node_id}
            {l.item !== undefined ? ` [item ${l.item}]` : ''} <span className={`badge ${l.status}`}>{l.status}</span>
            {l.details?.pinned && <span className="badge pinned">pinned output</span>}
          </h3>
          {l.details?.reused_from && <div className="hint">Not run again: output reused from execution {l.details.reused_from}.</div>}
          <div className="hint">
            attempts {l.attempts} · {l.duration_ms} ms · started {formatTime(l.started_at)}
          </div>
          {l.error && (
            <div className="banner error" data-testid="node-error">
              {l.error}
            </div>
          )}
          <strong>Input</strong>
          <Json value={l.input} />
          <strong>Output</strong>
          <Json value={l.output} />
        </div>
      ))}
    </div>
  );
}

/** "re-run 2 of <id>" for an automatic re-run, "retry of <id>" for one of the Retry button, else null. */
function retryOf(e: Execution): string | null {
  const t = e.trigger_data as { retry_of?: unknown; retry_attempt?: unknown } | null;
  if (!t || typeof t !== 'object' || typeof t.retry_of !== 'string') return null;
  return typeof t.retry_attempt === 'number' ? `re-run ${t.retry_attempt} of ${t.retry_of}` : `retry of ${t.retry_of}`;
}
