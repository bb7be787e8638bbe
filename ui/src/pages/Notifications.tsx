import { useCallback, useEffect, useState } from 'react';
import { api, attempt, type Notification } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import { NOTIFICATIONS_CHANGED } from '../components/NotificationBell';
import './pages.css';

/** The caller's notifications, newest first: all or only the unread, each marked read on its own or all at once. */
export function Notifications({ navigate }: { navigate: (to: string) => void }) {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      attempt(async () => {
        setItems((await api.notifications({ unread: unreadOnly || undefined, limit: 100 })).items);
        window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      }, setError),
    [unreadOnly],
  );
  useEffect(() => {
    load();
  }, [load]);
  const markRead = async (ids: string[]) => {
    await attempt(() => Promise.all(ids.map((id) => api.markRead(id))), setError);
    load();
  };
  const unread = (items ?? []).filter((n) => !n.read);
  return (
    <div className="page">
      <h1>Notifications</h1>
      <div className="filters">
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
        </label>
        <button type="button" onClick={() => load()}>
          Refresh
        </button>
        <button type="button" disabled={unread.length === 0} onClick={() => markRead(unread.map((n) => n.id))}>
          Mark all read
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {items === null && !error && <div className="hint">Loading…</div>}
      {items && items.length === 0 && (
        <div className="empty">{unreadOnly ? 'Nothing unread.' : 'No notifications yet. Workflows send them with the Notification node.'}</div>
      )}
      {items && items.length > 0 && (
        <ul className="inbox" aria-label="Notifications">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'} data-notification={n.id}>
              <span className={`badge ${n.level === 'error' ? 'failed' : n.level === 'warning' ? 'paused' : ''}`}>{n.level}</span>
              <span className="message">{n.message}</span>
              <span className="hint">{formatTime(n.created_at)}</span>
              {n.workflow_id && (
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate(`/workflows/${encodeURIComponent(n.workflow_id!)}${n.execution_id ? `/executions/${encodeURIComponent(n.execution_id)}` : ''}`)}
                >
                  {n.execution_id ? 'Open execution' : 'Open workflow'}
                </button>
              )}
              {!n.read && (
                <button type="button" onClick={() => markRead([n.id])} aria-label={`Mark “${n.message}” read`}>
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
