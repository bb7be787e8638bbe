import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { NotificationBell, POLL_MS } from './components/NotificationBell';
import { page, serve, writes } from './fakeRuntime';
import { Notifications } from './pages/Notifications';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  window.history.pushState(null, '', '/');
});

const note = (id: string, message: string, read = false, extra = {}) => ({
  id,
  level: 'info',
  message,
  workflow_id: null,
  execution_id: null,
  node_id: null,
  created_at: '2026-12-06T10:00:00Z',
  read,
  read_at: read ? '2026-12-06T10:05:00Z' : null,
  ...extra,
});

/** A runtime holding notifications that POST .../read marks read. */
function inbox(items: ReturnType<typeof note>[]) {
  return serve((method, url) => {
    const read = /^\/api\/notifications\/([^/]+)\/read$/.exec(url);
    if (method === 'POST' && read) {
      const n = items.find((x) => x.id === read[1])!;
      n.read = true;
      return [200, n];
    }
    if (url.startsWith('/api/notifications')) return page(url.includes('unread=true') ? items.filter((n) => !n.read) : items);
    return page([]);
  });
}

describe('notification bell', () => {
  it('shows the unread count and asks again on its interval', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const items = [note('n1', 'Order 1 failed'), note('n2', 'Order 2 failed'), note('n3', 'old', true)];
    const calls = inbox(items);
    render(<NotificationBell active={false} onOpen={() => undefined} />);
    expect(await screen.findByTestId('unread-count')).toHaveProperty('textContent', '2');
    expect(screen.getByRole('link', { name: 'Notifications, 2 unread' })).toBeTruthy();
    expect(calls[0].url).toBe('/api/notifications?unread=true&limit=200');

    items[0].read = true;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(POLL_MS);
    });
    await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('1'));
    items[1].read = true;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(POLL_MS);
    });
    await waitFor(() => expect(screen.queryByTestId('unread-count')).toBeNull());
    expect(screen.getByRole('link', { name: 'Notifications' })).toBeTruthy();
  });
});

describe('notifications page', () => {
  it('lists the notifications, marks one read, then all, and the bell follows', async () => {
    const items = [
      note('n1', 'Order 1 failed', false, { level: 'error', workflow_id: 'wf1', execution_id: 'ex1' }),
      note('n2', 'Backup done'),
      note('n3', 'Seen already', true),
    ];
    const calls = inbox(items);
    const navigate = vi.fn();
    render(
      <>
        <NotificationBell active onOpen={() => undefined} />
        <Notifications navigate={navigate} />
      </>,
    );
    const list = await screen.findByRole('list', { name: 'Notifications' });
    expect(within(list).getAllByRole('listitem').map((li) => li.className)).toEqual(['unread', 'unread', 'read']);
    await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('2'));

    fireEvent.click(within(list).getByRole('button', { name: 'Open execution' }));
    expect(navigate).toHaveBeenCalledWith('/workflows/wf1/executions/ex1');

    fireEvent.click(screen.getByRole('button', { name: 'Mark “Backup done” read' }));
    await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('1'));
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/notifications/n2/read']);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Unread only' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Notifications' })).getAllByRole('listitem')).toHaveLength(1));
    expect(calls.some((c) => c.url === '/api/notifications?unread=true&limit=100')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByText('Nothing unread.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('unread-count')).toBeNull());
    expect(writes(calls).map((c) => c.url)).toEqual(['/api/notifications/n2/read', '/api/notifications/n1/read']);
  });

  it('is reached from the bell in the top bar', async () => {
    serve((_method, url) => {
      if (url === '/api/me') return [200, { id: 'u1', email: 'ann@example.com', role: 'editor' }];
      if (url === '/api/node-types') return [200, []];
      return page(url.startsWith('/api/notifications') ? [note('n1', 'Deploy failed')] : []);
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('link', { name: 'Notifications, 1 unread' }));
    expect(await screen.findByRole('heading', { name: 'Notifications' })).toBeTruthy();
    expect(window.location.pathname).toBe('/notifications');
    expect(screen.getByText('Deploy failed')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Audit log' })).toBeNull();
  });
});
