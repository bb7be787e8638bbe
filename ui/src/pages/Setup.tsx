import { useState } from 'react';
import { api, ApiError } from '../api';

/**
 * The one-time setup at /setup?token=…: the link the runtime logs at its first start when no account
 * exists. Creates the first admin (POST /api/auth/setup) and signs in as it.
 */
export function Setup({ token, onDone }: { token: string | null; onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!token) {
    return (
      <div className="login">
        <h1 style={{ fontSize: 18, marginTop: 0 }}>Set up WebOps</h1>
        <p role="alert">
          This page needs the one-time link the server logged at its first start (<code>/setup?token=…</code>).
        </p>
        <button onClick={onDone}>Go to sign-in</button>
      </div>
    );
  }
  return (
    <form
      className="login"
      onSubmit={async (e) => {
        e.preventDefault();
        if (password !== repeat) {
          setError('The two passwords differ.');
          return;
        }
        setBusy(true);
        try {
          await api.setup(token, email, password);
        } catch (err) {
          const status = err instanceof ApiError ? err.status : 0;
          if (status === 409) {
            setDone(true);
            setError('Setup is done already: an account exists. Sign in instead.');
          } else if (status === 403) {
            setError('This setup link is wrong or has been used: use the link the server logged at its first start.');
          } else {
            setError((err as Error).message);
          }
          setBusy(false);
          return;
        }
        try {
          await api.login(email, password);
        } catch (err) {
          setDone(true);
          setError(`The admin account was created, but signing in failed: ${(err as Error).message}`);
          setBusy(false);
          return;
        }
        onDone();
      }}
    >
      <h1 style={{ fontSize: 18, marginTop: 0 }}>Set up WebOps</h1>
      <p className="hint">Create the first admin account. This link works once.</p>
      <label className="field">
        <span className="title">Email</span>
        <input type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span className="title">Password</span>
        <input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label className="field">
        <span className="title">Repeat password</span>
        <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </label>
      <p className="hint">At least 8 characters.</p>
      {error && (
        <div className="error-text" role="alert" style={{ marginBottom: 8 }}>
          {error}
        </div>
      )}
      {done ? (
        <button type="button" onClick={onDone}>
          Go to sign-in
        </button>
      ) : (
        <button className="primary" type="submit" disabled={busy}>
          Create admin
        </button>
      )}
    </form>
  );
}
