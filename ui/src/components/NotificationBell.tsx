import { useEffect, useState } from 'react';
import { api } from '../api';
import '../pages/pages.css';

/** Fired on `window` when notifications were read or listed, so the bell counts again at once. */
export const NOTIFICATIONS_CHANGED = 'webops:notifications-changed';

/** How often the bell asks for the unread count (there is no stream of notifications to listen to). */
export const POLL_MS = 10000;

/** The unread count, polled while the tab is visible and refreshed on NOTIFICATIONS_CHANGED. */
export function useUnreadCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let closed = false;
    const refresh = () => {
      if (document.visibilityState === 'hidden') return;
      api.notifications({ unread: true, limit: 200 }).then(
        (page) => !closed && setCount(page.items.length),
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      closed = true;
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, []);
  return count;
}

/** The top bar's bell: the unread count, a link to the inbox. */
export function NotificationBell({ active, onOpen }: { active: boolean; onOpen: () => void }) {
  const count = useUnreadCount();
  const label = count ? `Notifications, ${count >= 200 ? '200 or more' : count} unread` : 'Notifications';
  return (
    <a
      href="/notifications"
      className={`bell${active ? ' active' : ''}`}
      aria-label={label}
      title={label}
      onClick={(e) => {
        e.preventDefault();
        onOpen();
      }}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
      </svg>
      {count ? <span className="count" data-testid="unread-count">{count >= 200 ? '200+' : count}</span> : null}
    </a>
  );
}
