import { useCallback, useEffect, useState } from 'react';
import { api, attempt, type AuditEntry, type User } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import './pages.css';

const KINDS = ['workflow', 'credential', 'agent', 'user', 'token', 'execution'];
/** Action prefixes the log writes (`workflow.` matches every workflow action). */
const ACTIONS = ['workflow.', 'credential.', 'agent.', 'user.', 'token.', 'execution.'];

type Filters = { actor_id: string; action: string; resource_kind: string; resource_id: string };

/** The audit log (admins only): who did what to which resource, newest first, filtered, a page at a time. */
export function Audit() {
  const [filters, setFilters] = useState<Filters>({ actor_id: '', action: '', resource_kind: '', resource_id: '' });
  const [users, setUsers] = useState<User[]>([]);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (after?: string) =>
      attempt(async () => {
        const page = await api.audit({ ...filters, resource_id: filters.resource_id.trim(), limit: 50, cursor: after });
        setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.next_cursor);
      }, setError),
    [filters],
  );
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    api.users().then((p) => setUsers(p.items), () => undefined);
  }, []);
  const emailOf = (id: string | null) => users.find((u) => u.id === id)?.email;
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="page">
      <h1>Audit log</h1>
      <div className="filters" role="group" aria-label="Filters">
        <select aria-label="Who" value={filters.actor_id} onChange={set('actor_id')}>
          <option value="">anyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </select>
        <select aria-label="Action" value={filters.action} onChange={set('action')}>
          <option value="">any action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}*
            </option>
          ))}
        </select>
        <select aria-label="Resource kind" value={filters.resource_kind} onChange={set('resource_kind')}>
          <option value="">any resource</option>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <input aria-label="Resource id" placeholder="Resource id" value={filters.resource_id} onChange={set('resource_id')} />
      </div>
      {error && <div className="banner error">{error}</div>}
      {items === null && !error && <div className="hint">Loading…</div>}
      {items && items.length === 0 && <div className="empty">Nothing recorded matches.</div>}
      {items && items.length > 0 && (
        <table className="list" aria-label="Audit entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Resource</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-audit={a.action}>
                <td>{formatTime(a.at)}</td>
                <td>{a.actor_email ?? a.actor_id ?? '—'}</td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td>
                  {a.resource_kind} <code>{a.resource_id}</code>
                  {a.resource_kind === 'user' && emailOf(a.resource_id) && <span className="hint"> {emailOf(a.resource_id)}</span>}
                </td>
                <td className="detail">{a.detail == null ? '' : JSON.stringify(a.detail)}</td>
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
    </div>
  );
}
