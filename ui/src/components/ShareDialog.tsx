import { useEffect, useState } from 'react';
import { api, attempt, type Share } from '../api';
import { Modal } from './Modal';

/**
 * Who else may use a workflow or credential: its shares with a Remove button each, and a form to share it
 * with a user by e-mail, read-only or to edit. `base` is the resource's path (see `resourcePath`). Only its
 * owner or an admin may see or change shares; anyone else gets the server's message instead of the list.
 */
export function ShareDialog({ base, title, onClose }: { base: string; title: string; onClose: () => void }) {
  const [shares, setShares] = useState<Share[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [access, setAccess] = useState<Share['access']>('read');
  const [busy, setBusy] = useState(false);
  const load = () =>
    api.shares(base).then(
      (a) => setShares(a.shares),
      (e: Error) => setLoadError(e.message),
    );
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base]);
  const act = async (f: () => Promise<unknown>) => {
    setBusy(true);
    await attempt(f, setError);
    setBusy(false);
  };
  const share = () =>
    act(async () => {
      const answer = await api.share(base, email.trim(), access);
      setShares(answer.shares);
      setEmail('');
    });
  const remove = (s: Share) =>
    act(async () => {
      await api.unshare(base, s.user_id);
      await load();
    });
  return (
    <Modal title={title} onClose={onClose}>
      {loadError ? (
        <div className="banner error" role="alert">
          {loadError}
        </div>
      ) : (
        <>
          {shares === null && <div className="hint">Loading…</div>}
          {shares && shares.length === 0 && <p className="hint">Not shared with anyone yet.</p>}
          {shares && shares.length > 0 && (
            <table className="list" aria-label="Shares">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Access</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {shares.map((s) => (
                  <tr key={s.user_id} data-share={s.user_id}>
                    <td>{s.email ?? s.user_id}</td>
                    <td>
                      <span className="badge">{s.access}</span>
                    </td>
                    <td>
                      <button type="button" className="danger" disabled={busy} onClick={() => remove(s)} aria-label={`Remove ${s.email ?? s.user_id}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form
            aria-label="Share with a user"
            style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginTop: 12 }}
            onSubmit={(e) => {
              e.preventDefault();
              share();
            }}
          >
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="share-email" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
                Email
              </label>
              <input id="share-email" type="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="share-access" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
                Access
              </label>
              <select id="share-access" value={access} onChange={(e) => setAccess(e.target.value as Share['access'])}>
                <option value="read">read</option>
                <option value="edit">edit</option>
              </select>
            </div>
            <button type="submit" className="primary" disabled={busy || !email.trim()}>
              Share
            </button>
          </form>
        </>
      )}
      {error && (
        <div className="error-text" role="alert" style={{ marginTop: 8 }}>
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
