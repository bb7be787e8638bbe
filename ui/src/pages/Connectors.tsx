import { useEffect, useMemo, useState } from 'react';
import { api, attempt, type KameletCatalogue, type KameletEntry } from '../api';
import './pages.css';

const STATUSES: { id: KameletEntry['status']; label: string }[] = [
  { id: 'enabled', label: 'enabled' },
  { id: 'not_allowed', label: 'not allowed' },
  { id: 'needs_jar', label: 'needs a jar' },
  { id: 'refused', label: 'refused' },
];

/** Why a Kamelet is not a node type, in words: its jars, else the server's reason. */
export function whyNot(k: KameletEntry): string {
  if (k.status === 'enabled') return '';
  if (k.status === 'needs_jar' && k.needs.length) return `needs jar ${k.needs.join(', ')}`;
  return k.reason ?? (k.status === 'not_allowed' ? 'not in WEBOPS_KAMELETS' : '');
}

/**
 * The Camel Kamelet catalogue (admins only): every Kamelet, whether it is a node type and why not, filtered by
 * status and provider and searched. The allow setting is the operator's and only shown here.
 */
export function Connectors() {
  const [catalogue, setCatalogue] = useState<KameletCatalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [provider, setProvider] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    attempt(async () => setCatalogue(await api.kamelets()), setError);
  }, []);
  const items = useMemo(() => catalogue?.items ?? [], [catalogue]);
  const providers = useMemo(() => [...new Set(items.map((k) => k.provider).filter(Boolean))].sort((a, b) => a.localeCompare(b)), [items]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return items.filter(
      (k) =>
        (!status || k.status === status) &&
        (!provider || k.provider === provider) &&
        (!q || [k.name, k.title, k.group, k.description].some((s) => s?.toLowerCase().includes(q))),
    );
  }, [items, status, provider, query]);
  const enabled = items.filter((k) => k.status === 'enabled').length;

  return (
    <div className="page">
      <h1>Connectors</h1>
      <p className="hint">
        Camel Kamelets: each enabled one is a node type in the canvas palette. The operator chooses them with the{' '}
        <code>WEBOPS_KAMELETS</code> setting (names or globs, comma-separated) when starting the runtime; it cannot be changed
        here.
      </p>
      {error && <div className="banner error">{error}</div>}
      {catalogue === null && !error && <div className="hint">Loading…</div>}
      {catalogue && (
        <>
          <div className="card" role="group" aria-label="Allow setting">
            <span className="title">WEBOPS_KAMELETS</span>{' '}
            <code data-testid="kamelets-allow">{catalogue.allow || '(default set)'}</code>
            <div className="hint" data-testid="kamelets-counts">
              {enabled} of {items.length} enabled
            </div>
          </div>
          <div className="filters" role="group" aria-label="Filters">
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">any status</option>
              {STATUSES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label} ({items.filter((k) => k.status === s.id).length})
                </option>
              ))}
            </select>
            <select aria-label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="">any provider</option>
              {providers.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <input type="search" aria-label="Search connectors" placeholder="Search name, title, group…" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <table className="list" aria-label="Kamelets">
            <thead>
              <tr>
                <th>Name</th>
                <th>Title</th>
                <th>Kind</th>
                <th>Provider</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => (
                <tr key={k.name} data-kamelet={k.name}>
                  <td>
                    <code>{k.name}</code>
                  </td>
                  <td title={k.description}>{k.title}</td>
                  <td>
                    <span className={`badge kamelet-kind ${k.kind}`}>{k.kind}</span>
                  </td>
                  <td>{k.provider}</td>
                  <td data-testid="kamelet-status">
                    <span className={`badge ${k.status === 'enabled' ? 'active' : k.status === 'not_allowed' ? '' : 'failed'}`}>
                      {STATUSES.find((s) => s.id === k.status)?.label ?? k.status}
                    </span>
                    {whyNot(k) && <span className="hint"> {whyNot(k)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <div className="hint">No connector matches.</div>}
        </>
      )}
    </div>
  );
}
