import { useCallback, useEffect, useState } from 'react';
import { api, attempt, canShare, type Credential, itemsOf, type Me, resourcePath } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import { CredentialForm, secretFieldsOf, useCredentialKinds } from '../components/CredentialForm';
import { ShareDialog } from '../components/ShareDialog';

/** The non-secret fields of a credential as `name: value`, and which secrets are set. */
function summary(c: Credential): string {
  const fields = (c.fields ?? {}) as Record<string, unknown>;
  const plain = Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const secrets = secretFieldsOf(c);
  return [...plain, ...(secrets.length ? [`secrets set: ${secrets.join(', ')}`] : [])].join(' · ');
}

/** The credentials the caller can read: list, create from the kind's schema, edit, share, delete. */
export function Credentials({ me }: { me?: Me } = {}) {
  const [items, setItems] = useState<Credential[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Credential | null>(null);
  const [sharing, setSharing] = useState<Credential | null>(null);
  const { kinds, error: kindsError } = useCredentialKinds();
  const load = useCallback(() => api.credentials().then((a) => setItems(itemsOf(a)), (e: Error) => setError(e.message)), []);
  useEffect(() => {
    load();
  }, [load]);
  const remove = async (c: Credential) => {
    if (!window.confirm(`Delete the credential “${c.name}”? Workflows that use it will fail until they get another.`)) return;
    await attempt(() => api.deleteCredential(c.id), setError);
    load();
  };
  return (
    <div className="page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Credentials</h1>
        {!adding && (
          <button
            className="primary"
            onClick={() => {
              setEditing(null);
              setAdding(true);
            }}
            disabled={!kinds}
          >
            New credential
          </button>
        )}
      </div>
      {(error || kindsError) && <div className="banner error">{error ?? kindsError}</div>}
      {adding && kinds && (
        <div style={{ maxWidth: 520, marginBottom: 16 }}>
          <CredentialForm
            kinds={kinds}
            onCancel={() => setAdding(false)}
            onSaved={() => {
              setAdding(false);
              load();
            }}
          />
        </div>
      )}
      {editing && kinds && (
        <div style={{ maxWidth: 520, marginBottom: 16 }}>
          <CredentialForm
            key={editing.id}
            kinds={kinds}
            existing={editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              load();
            }}
          />
        </div>
      )}
      {sharing && (
        <ShareDialog base={resourcePath('credentials', sharing.id)} title={`Share “${sharing.name}”`} onClose={() => setSharing(null)} />
      )}
      {items === null && !error && <div className="hint">Loading…</div>}
      {items && items.length === 0 && <div className="empty">No credentials yet.</div>}
      {items && items.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Fields</th>
              <th>Created</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-credential={c.id}>
                <td>{c.name}</td>
                <td>
                  <span className="badge">{c.kind}</span>
                </td>
                <td className="hint">{summary(c)}</td>
                <td>{formatTime((c.created_at as string | undefined) ?? null)}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <button
                    onClick={() => {
                      setAdding(false);
                      setEditing(c);
                    }}
                    disabled={!kinds}
                    aria-label={`Edit ${c.name}`}
                  >
                    Edit
                  </button>{' '}
                  {canShare(me, c.owner_id) && (
                    <>
                      <button onClick={() => setSharing(c)} aria-label={`Share ${c.name}`}>
                        Share
                      </button>{' '}
                    </>
                  )}
                  <button className="danger" onClick={() => remove(c)} aria-label={`Delete ${c.name}`}>
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
