import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Me, type NodeType, onUnauthorized } from './api';
import { NotificationBell } from './components/NotificationBell';
import { Agents } from './pages/Agents';
import { Audit } from './pages/Audit';
import { Connectors } from './pages/Connectors';
import { Credentials } from './pages/Credentials';
import { Dashboard } from './pages/Dashboard';
import { Editor } from './pages/Editor';
import { Login } from './pages/Login';
import { Notifications } from './pages/Notifications';
import { Setup } from './pages/Setup';
import { Templates } from './pages/Templates';
import { Tokens } from './pages/Tokens';
import { Users } from './pages/Users';
import { WorkflowList } from './pages/WorkflowList';

type Auth = { state: 'checking' } | { state: 'off' } | { state: 'signed-in'; me: Me } | { state: 'signed-out' };

export interface Route {
  page: 'workflows' | 'editor' | 'templates' | 'credentials' | 'tokens' | 'setup' | 'dashboard' | 'agents' | 'users' | 'audit' | 'connectors' | 'notifications';
  workflowId: string | null;
  executionId: string | null;
}

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const page of ['templates', 'credentials', 'tokens', 'setup', 'dashboard', 'agents', 'users', 'audit', 'connectors', 'notifications'] as const) {
    if (parts[0] === page) return { page, workflowId: null, executionId: null };
  }
  if (parts[0] === 'workflows' && parts[1]) {
    return { page: 'editor', workflowId: parts[1] === 'new' ? null : parts[1], executionId: parts[2] === 'executions' ? parts[3] ?? null : null };
  }
  return { page: 'workflows', workflowId: null, executionId: null };
}

export function App() {
  const [path, setPath] = useState(window.location.pathname);
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [types, setTypes] = useState<NodeType[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const navigate = useCallback((to: string) => {
    if (to !== window.location.pathname) window.history.pushState(null, '', to);
    setPath(to);
  }, []);

  const checkAuth = useCallback(() => {
    api.me().then(
      (me) => setAuth({ state: 'signed-in', me }),
      (e: ApiError) => setAuth(e.status === 401 ? { state: 'signed-out' } : { state: 'off' }),
    );
  }, []);

  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    const off = onUnauthorized(() => setAuth({ state: 'signed-out' }));
    checkAuth();
    return () => {
      window.removeEventListener('popstate', onPop);
      off();
    };
  }, [checkAuth]);

  const signedIn = auth.state === 'off' || auth.state === 'signed-in';
  useEffect(() => {
    if (signedIn && types === null) api.nodeTypes().then(setTypes, (e: Error) => setError(e.message));
  }, [signedIn, types]);

  const route = parseRoute(path);
  if (route.page === 'setup') {
    return (
      <Setup
        token={new URLSearchParams(window.location.search).get('token')}
        onDone={() => {
          navigate('/workflows');
          checkAuth();
        }}
      />
    );
  }
  if (auth.state === 'checking') return <div className="page hint">Loading…</div>;
  if (auth.state === 'signed-out') return <Login onSignedIn={checkAuth} />;

  const admin = auth.state === 'signed-in' && auth.me.role === 'admin';
  const link = (to: string, label: string, active: boolean) => (
    <a href={to} className={active ? 'active' : ''} onClick={(e) => { e.preventDefault(); navigate(to); }}>
      {label}
    </a>
  );
  return (
    <div className="app">
      <nav className="topbar" aria-label="Main">
        <span className="brand">WebOps</span>
        {link('/workflows', 'Workflows', route.page === 'workflows' || route.page === 'editor')}
        {link('/templates', 'Templates', route.page === 'templates')}
        {link('/credentials', 'Credentials', route.page === 'credentials')}
        {link('/tokens', 'API tokens', route.page === 'tokens')}
        {link('/dashboard', 'Dashboard', route.page === 'dashboard')}
        {link('/agents', 'Agents', route.page === 'agents')}
        {admin && link('/users', 'Users', route.page === 'users')}
        {admin && link('/audit', 'Audit log', route.page === 'audit')}
        {admin && link('/connectors', 'Connectors', route.page === 'connectors')}
        <span className="spacer" />
        {auth.state === 'signed-in' && (
          <span className="user-menu" role="group" aria-label="User menu">
            <NotificationBell active={route.page === 'notifications'} onOpen={() => navigate('/notifications')} />
            <span data-testid="me">
              {auth.me.email} ({auth.me.role})
            </span>
            <button onClick={() => api.logout().finally(() => setAuth({ state: 'signed-out' }))}>Sign out</button>
          </span>
        )}
      </nav>
      {error && <div className="banner error">Cannot load the node catalogue: {error}</div>}
      {route.page === 'workflows' && <WorkflowList navigate={navigate} me={auth.state === 'signed-in' ? auth.me : undefined} />}
      {route.page === 'templates' && <Templates navigate={navigate} me={auth.state === 'signed-in' ? auth.me : undefined} />}
      {route.page === 'credentials' && <Credentials me={auth.state === 'signed-in' ? auth.me : undefined} />}
      {route.page === 'tokens' && <Tokens />}
      {route.page === 'dashboard' && <Dashboard navigate={navigate} />}
      {route.page === 'agents' && <Agents />}
      {route.page === 'notifications' && <Notifications navigate={navigate} />}
      {route.page === 'users' && admin && <Users me={auth.me} />}
      {route.page === 'audit' && admin && <Audit />}
      {route.page === 'connectors' && admin && <Connectors />}
      {(route.page === 'users' || route.page === 'audit') && !admin && <div className="page banner error">Only admins manage users and read the audit log.</div>}
      {route.page === 'connectors' && !admin && <div className="page banner error">Only admins see the connector catalogue.</div>}
      {route.page === 'editor' && types && (
        <Editor types={types} workflowId={route.workflowId} executionId={route.executionId} navigate={navigate} me={auth.state === 'signed-in' ? auth.me : undefined} />
      )}
    </div>
  );
}
