import { useCallback, useEffect, useState } from 'react';
import { api, type ApiToken, attempt, itemsOf } from '../api';
import { formatTime } from '../components/ExecutionsPanel';

/** The caller's API tokens: create (the value is shown this once), list, revoke. */
export function Tokens() {
  const [items, setItems] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api.tokens().then((a) => setItems(itemsOf(a)), (e: Error) => setError(e.message)), []);
  useEffect(() => {
    load();
  }, [load]);
  const create = async () => {
    setBusy(true);
    await attempt(async () => {
      setCreated(await api.createToken(name.trim()));
      setName('');
    }, setError);
    setBusy(false);
    load();
  };
  const revoke = async (t: ApiToken) => {
    if (!window.confirm(`Revoke the token “${t.name}”? Scripts that use it stop working at once.`)) return;
    await attempt(async () => {
      await api.revokeToken(t.id);
      if (created?.id === t.id) setCreated(null);
    }, setError);
    load();
  };
  return (
    <div className="page">
      <h1>API tokens</h1>
      <p className="hint">
        A token acts as you: send it as <code>Authorization: Bearer …</code>.
      </p>
      <form
        style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 12 }}
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <input aria-label="Token name" placeholder="Name, e.g. deploy script" style={{ maxWidth: 360 }} value={name} onChange={(e) => setName(e.target.value)} />
        <button className="primary" type="submit" disabled={busy} style={{ whiteSpace: 'nowrap' }}>
          Create token
        </button>
      </form>
      {created?.token && (
        <div className="banner info" role="status" data-testid="new-token">
          New token “{created.name}”: <code data-testid="token-value">{created.token}</code>
          <div className="hint">Copy it now: it is not shown again.</div>
          <button onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      {error && <div className="banner error">{error}</div>}
      {items === null && !error && <div className="hint">Loading…</div>}
      {items && items.length === 0 && <div className="empty">No API tokens yet.</div>}
      {items && items.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} data-token={t.id}>
                <td>{t.name}</td>
                <td>{formatTime(t.created_at)}</td>
                <td>{formatTime(t.last_used_at)}</td>
                <td>
                  <button className="danger" onClick={() => revoke(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
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
