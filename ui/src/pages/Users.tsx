import { useCallback, useEffect, useState } from 'react';
import { api, attempt, type Me, type User } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import './pages.css';

const ROLES = ['admin', 'editor', 'viewer'] as const;

/** A password the server's rules accept (16 characters of letters and digits), to hand to a new user once. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Accounts (admins only): create one, change its role, set a new password, disable or enable it, delete it. */
export function Users({ me }: { me: Me }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('editor');
  const [password, setPassword] = useState('');
  const [handOver, setHandOver] = useState<{ email: string; password: string } | null>(null);
  const load = useCallback(() => attempt(async () => setUsers((await api.users()).items), setError), []);
  useEffect(() => {
    load();
  }, [load]);

  const create = async () => {
    await attempt(async () => {
      const u = await api.createUser({ email: email.trim(), password, role });
      setHandOver({ email: u.email, password });
      setEmail('');
      setPassword('');
    }, setError);
    load();
  };
  const changeRole = async (u: User, to: string) => {
    await attempt(() => api.updateUser(u.id, { role: to }), setError);
    load();
  };
  const resetPassword = async (u: User) => {
    if (!window.confirm(`Give ${u.email} a new password? Their sessions end at once.`)) return;
    const fresh = generatePassword();
    await attempt(async () => {
      await api.updateUser(u.id, { password: fresh });
      setHandOver({ email: u.email, password: fresh });
    }, setError);
  };
  const setDisabled = async (u: User, disabled: boolean) => {
    if (disabled && !window.confirm(`Disable ${u.email}? They are signed out and their API tokens stop working until you enable them again.`)) return;
    await attempt(() => api.updateUser(u.id, { disabled }), setError);
    load();
  };
  const remove = async (u: User) => {
    if (!window.confirm(`Delete the account ${u.email}? Its sessions and API tokens stop working; what it owns stays.`)) return;
    await attempt(() => api.deleteUser(u.id), setError);
    load();
  };

  return (
    <div className="page">
      <h1>Users</h1>
      <form
        className="filters"
        aria-label="New user"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <input aria-label="Email" type="email" placeholder="ada@example.com" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <input aria-label="Password" placeholder="Password (at least 8 characters)" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="button" onClick={() => setPassword(generatePassword())}>
          Generate
        </button>
        <button className="primary" type="submit">
          Create user
        </button>
      </form>
      {handOver && (
        <div className="banner info" role="status" data-testid="hand-over">
          Give <b>{handOver.email}</b> the password <code data-testid="password-value">{handOver.password}</code> and the address of this
          page: it is not shown again.
          <button type="button" onClick={() => setHandOver(null)}>
            Done
          </button>
        </div>
      )}
      {error && <div className="banner error">{error}</div>}
      {users === null && !error && <div className="hint">Loading…</div>}
      {users && (
        <table className="list">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Created</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td>
                  {u.email}
                  {u.id === me.id && <span className="hint"> (you)</span>}
                </td>
                <td>
                  <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => changeRole(u, e.target.value)}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{u.disabled ? <span className="badge disabled">disabled</span> : <span className="badge active">active</span>}</td>
                <td>{formatTime(u.created_at)}</td>
                <td className="actions">
                  <button type="button" onClick={() => resetPassword(u)} aria-label={`Reset the password of ${u.email}`}>
                    Reset password
                  </button>
                  {u.disabled ? (
                    <button type="button" onClick={() => setDisabled(u, false)} aria-label={`Enable ${u.email}`}>
                      Enable
                    </button>
                  ) : (
                    <button type="button" disabled={u.id === me.id} onClick={() => setDisabled(u, true)} aria-label={`Disable ${u.email}`}>
                      Disable
                    </button>
                  )}
                  <button type="button" className="danger" disabled={u.id === me.id} onClick={() => remove(u)} aria-label={`Delete ${u.email}`}>
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
