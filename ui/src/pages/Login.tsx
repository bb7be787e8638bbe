import { useState } from 'react';
import { api } from '../api';

export function Login({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="login"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await api.login(email, password);
          setError(null);
          onSignedIn();
        } catch (err) {
          const status = (err as { status?: number }).status;
          setError(status === 401 || status === 403 ? 'The email or the password is wrong.' : (err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h1 style={{ fontSize: 18, marginTop: 0 }}>Sign in to WebOps</h1>
      <label className="field">
        <span className="title">Email</span>
        <input type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span className="title">Password</span>
        <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <div className="error-text" role="alert" style={{ marginBottom: 8 }}>
          {error}
        </div>
      )}
      <button className="primary" type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
