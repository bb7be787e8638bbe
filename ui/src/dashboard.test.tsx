import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { formatMs } from './components/Charts';
import { page, serve } from './fakeRuntime';
import { Dashboard } from './pages/Dashboard';

afterEach(() => {
  vi.restoreAllMocks();
});

const hour = (h: number, counts: Record<string, number>) => ({
  hour: `2026-12-06T${String(h).padStart(2, '0')}:00:00Z`,
  success: 0,
  failed: 0,
  timeout: 0,
  cancelled: 0,
  running: 0,
  pending: 0,
  ...counts,
});

const STATS = {
  from: '2026-12-06T08:00:00Z',
  to: '2026-12-06T11:00:00Z',
  per_hour: [hour(8, { success: 2 }), hour(9, {}), hour(10, { success: 5, failed: 3 })],
  workflows: [
    { workflow_id: 'wf-sync', name: 'CRM sync', total: 4, failed: 3, success: 1, p50_ms: 1200, p95_ms: 30000 },
    { workflow_id: 'wf-ping', name: 'Ping', total: 6, failed: 0, success: 6, p50_ms: 40, p95_ms: 90 },
  ],
};

const execution = (id: string, workflow: string, status: string) => ({
  id,
  workflow_id: workflow,
  workflow_version: 1,
  status,
  trigger_type: 'manual',
  started_at: '2026-12-06T10:10:00Z',
  duration_ms: 1500,
  error_message: status === 'failed' ? "Node 'push': 502" : null,
  node_logs: [],
});

function runtime() {
  return serve((_m, url) => {
    if (url.startsWith('/api/stats/executions')) return [200, STATS];
    if (url.startsWith('/api/workflows')) return page([{ id: 'wf-sync', name: 'CRM sync' }, { id: 'wf-ping', name: 'Ping' }]);
    if (url.startsWith('/api/executions')) {
      const q = new URL(url, 'http://x').searchParams;
      if (q.get('cursor') === 'c1') return page([execution('e3', 'wf-ping', 'success')]);
      if (q.get('status') === 'failed') return page([execution('e1', 'wf-sync', 'failed')]);
      return page([execution('e1', 'wf-sync', 'failed'), execution('e2', 'wf-ping', 'success')], 'c1');
    }
    return page([]);
  });
}

describe('dashboard', () => {
  it('charts executions per hour by status and the p50/p95 per workflow, failing workflows first', async () => {
    const calls = runtime();
    const navigate = vi.fn();
    const { container } = render(<Dashboard navigate={navigate} />);
    expect(await screen.findByRole('img', { name: 'Executions per hour: 10 in 3 hours, at most 8 in one hour' })).toBeTruthy();
    const tenOClock = container.querySelector('[data-hour="2026-12-06T10:00:00Z"]')!;
    const bars = Array.from(tenOClock.querySelectorAll('rect')).map((r) => [r.getAttribute('data-status'), Number(r.getAttribute('height'))]);
    expect(bars.map(([s]) => s)).toEqual(['success', 'failed']);
    expect((bars[0][1] as number) / (bars[1][1] as number)).toBeCloseTo(5 / 3);

    const health = screen.getByRole('table', { name: 'Workflow health' });
    const rows = within(health).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['CRM sync4375 %1.20 s30.0 s', 'Ping600 %40 ms90 ms']);
    expect(rows[0].className).toContain('failing');
    fireEvent.click(rows[0]);
    expect(navigate).toHaveBeenCalledWith('/workflows/wf-sync');

    expect(screen.getByRole('img', { name: /Duration per workflow, p50 and p95, the longest 30.0 s/ })).toBeTruthy();
    const p95 = container.querySelectorAll('[data-percentile="p95"]');
    expect(Number(p95[1].getAttribute('width'))).toBeLessThan(Number(p95[0].getAttribute('width')));

    fireEvent.change(screen.getByLabelText('Time window'), { target: { value: '168' } });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/stats/executions?hours=168'));
    expect(calls.map((c) => c.url)).toContain('/api/stats/executions?hours=24');
  });

  it('lists the executions of every workflow with filters, pages on and opens one', async () => {
    const calls = runtime();
    const navigate = vi.fn();
    render(<Dashboard navigate={navigate} />);
    const table = await screen.findByRole('table', { name: 'Executions' });
    await waitFor(() => expect(within(table).getByText('CRM sync')).toBeTruthy());
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Workflow'), { target: { value: 'wf-sync' } });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Executions' })).getAllByRole('row')).toHaveLength(2));
    const urls = calls.filter((c) => c.url.startsWith('/api/executions')).map((c) => c.url);
    expect(urls).toContain('/api/executions?limit=25');
    expect(urls).toContain('/api/executions?limit=25&cursor=c1');
    expect(urls[urls.length - 1]).toBe('/api/executions?status=failed&workflow_id=wf-sync&limit=25');

    fireEvent.click(within(screen.getByRole('table', { name: 'Executions' })).getByText("Node 'push': 502"));
    expect(navigate).toHaveBeenCalledWith('/workflows/wf-sync/executions/e1');
  });

  it('formats durations for people', () => {
    expect([formatMs(null), formatMs(12), formatMs(1234), formatMs(45000), formatMs(150000)]).toEqual(['—', '12 ms', '1.23 s', '45.0 s', '2.5 min']);
  });
});
