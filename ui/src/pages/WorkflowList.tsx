import { useCallback, useEffect, useState } from 'react';
import { api, attempt, canShare, type Me, resourcePath, type Workflow } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import { ImportDialog } from '../components/ImportDialog';
import { ShareDialog } from '../components/ShareDialog';

export function successRate(w: Pick<Workflow, 'total_executions' | 'successful_executions'>): string {
  if (!w.total_executions) return '—';
  return `${Math.round((w.successful_executions / w.total_executions) * 100)} %`;
}

/** Every workflow with its status and statistics; create, import, rename, change status, share, delete. */
export function WorkflowList({ navigate, me }: { navigate: (path: string) => void; me?: Me }) {
  const [items, setItems] = useState<Workflow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [sharing, setSharing] = useState<Workflow | null>(null);
  const [importing, setImporting] = useState(false);
  const load = useCallback(() => api.workflows().then((p) => setItems(p.items), (e: Error) => setError(e.message)), []);
  useEffect(() => {
    load();
  }, [load]);
  const act = async (f: () => Promise<unknown>) => {
    await attempt(f, setError);
    load();
  };
  const rename = async (w: Workflow, name: string) => {
    const { id: _i, status: _s, version: _v, total_executions: _t, successful_executions: _se, failed_executions: _f,
      last_executed_at: _l, average_duration_ms: _a, created_at: _c, updated_at: _u, ...doc } = w;
    await act(() => api.update(w.id, { ...doc, name }));
    setRenaming(null);
  };
  return (
    <div className="page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Workflows</h1>
        <div>
          <button onClick={() => setImporting(true)}>Import…</button>{' '}
          <button className="primary" onClick={() => navigate('/workflows/new')}>
            New workflow
          </button>
        </div>
      </div>
      {importing && <ImportDialog onClose={() => setImporting(false)} navigate={navigate} />}
      {error && <div className="banner error">{error}</div>}
      {sharing && (
        <ShareDialog base={resourcePath('workflows', sharing.id)} title={`Share “${sharing.name}”`} onClose={() => setSharing(null)} />
      )}
      {items === null && !error && <div className="hint">Loading…</div>}
      {items && items.length === 0 && (
        <div className="empty">
          No workflows yet. <button className="link" onClick={() => navigate('/workflows/new')}>Create one on the canvas</button> or start from a{' '}
          <button className="link" onClick={() => navigate('/templates')}>template</button>.
        </div>
      )}
      {items && items.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Trigger</th>
              <th>Runs</th>
              <th>Success</th>
              <th>Last run</th>
              <th>Avg duration</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} data-workflow={w.id}>
                <td>
                  {renaming?.id === w.id ? (
                    <form onSubmit={(e) => { e.preventDefault(); rename(w, renaming.name); }}>
                      <input aria-label="New name" autoFocus value={renaming.name} onChange={(e) => setRenaming({ id: w.id, name: e.target.value })} onBlur={() => setRenaming(null)} />
                    </form>
                  ) : (
                    <a href={`/workflows/${w.id}`} onClick={(e) => { e.preventDefault(); navigate(`/workflows/${w.id}`); }}>
                      {w.name}
                    </a>
                  )}
                </td>
                <td>
                  <span className={`badge ${w.status}`}>{w.status}</span>
                </td>
                <td>{w.trigger?.type ?? 'manual'}</td>
                <td>{w.total_executions}</td>
                <td>{successRate(w)}</td>
                <td>{formatTime(w.last_executed_at)}</td>
                <td>{w.average_duration_ms == null ? '—' : `${Math.round(w.average_duration_ms)} ms`}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <button onClick={() => setRenaming({ id: w.id, name: w.name })}>Rename</button>{' '}
                  {w.status !== 'active' && <button onClick={() => act(() => api.lifecycle(w.id, 'activate'))}>Activate</button>}{' '}
                  {w.status === 'active' && <button onClick={() => act(() => api.lifecycle(w.id, 'pause'))}>Pause</button>}{' '}
                  {w.status !== 'disabled' && w.status !== 'draft' && <button onClick={() => act(() => api.lifecycle(w.id, 'disable'))}>Disable</button>}{' '}
                  {canShare(me, w.owner_id) && (
                    <>
                      <button onClick={() => setSharing(w)} aria-label={`Share ${w.name}`}>
                        Share
                      </button>{' '}
                    </>
                  )}
                  <button
                    className="danger"
                    onClick={() => window.confirm(`Delete “${w.name}” and stop its triggers?`) && act(() => api.remove(w.id))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
