import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { WorkflowDiff } from './api';
import { DiffView, VersionBanner, VersionsPanel } from './components/VersionsPanel';
import { page, serve, writes } from './fakeRuntime';

const VERSIONS = [
  { version: 3, author: 'u-2', author_email: 'bo@example.com', created_at: '2026-01-03T10:00:00Z', message: null },
  { version: 2, author: 'u-1', author_email: 'ann@example.com', created_at: '2026-01-02T10:00:00Z', message: 'Mail the result' },
  { version: 1, author: null, author_email: null, created_at: '2026-01-01T10:00:00Z', message: 'before versions were kept' },
];

const DIFF: WorkflowDiff = {
  from: 1,
  to: 3,
  fields: [
    { path: 'name', change: 'changed', before: 'Fetch', after: 'Fetch and mail' },
    { path: 'trigger.auth.value', change: 'changed', secret: true },
  ],
  nodes: {
    added: [{ id: 'mail', type: 'email', config: { to: 'a@b.example' } }],
    removed: [{ id: 'old', type: 'delay' }],
    changed: [
      {
        id: 'fetch',
        type: 'api_request',
        changes: [
          { path: 'config.url', change: 'changed', before: 'https://a.example', after: 'https://b.example' },
          { path: 'config.method', change: 'removed', before: 'GET' },
        ],
      },
    ],
  },
  connections: {
    added: [{ source: 'fetch', target: 'mail', sourceHandle: 'output', targetHandle: 'input' }],
    removed: [],
    changed: [{ source: 'in', target: 'fetch', sourceHandle: 'output', targetHandle: 'input', changes: [{ path: 'condition.expression', change: 'added', after: 'data.go' }] }],
  },
};

afterEach(() => vi.restoreAllMocks());

describe('versions panel', () => {
  it('lists the versions newest first with author, time and message, and pages to older ones', async () => {
    const calls = serve((_m, url) =>
      url.includes('cursor=') ? page([{ version: 0, author: null, author_email: null, created_at: '2025-12-31T10:00:00Z', message: 'oldest' }]) : page(VERSIONS, 'c-2'),
    );
    render(<VersionsPanel workflowId="wf 1" currentVersion={3} canRollBack dirty={false} onRolledBack={vi.fn()} />);

    await screen.findByText('Mail the result');
    const rows = screen.getAllByRole('row');
    expect(rows.slice(1).map((r) => within(r).getAllByRole('cell')[0].textContent!.trim())).toEqual(['3 (current)', '2', '1']);
    expect(rows[1].textContent).toContain('bo@example.com');
    expect(rows[2].textContent).toContain('Mail the result');
    expect(rows[3].textContent).toContain('unknown author');
    expect(calls[0].url).toBe('/api/workflows/wf%201/versions?limit=50');

    fireEvent.click(screen.getByRole('button', { name: 'Older versions…' }));
    expect(await screen.findByText('oldest')).toBeTruthy();
    expect(calls[1].url).toBe('/api/workflows/wf%201/versions?limit=50&cursor=c-2');
  });

  it('shows the diff of the two versions ticked, older to newer, and of the last two when a third is ticked', async () => {
    const calls = serve((_m, url) => (url.includes('/diff') ? [200, { ...DIFF, ...fromTo(url) }] : page(VERSIONS)));
    render(<VersionsPanel workflowId="wf-1" currentVersion={3} canRollBack dirty={false} onRolledBack={vi.fn()} />);

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Compare version 3' }));
    expect(calls.filter((c) => c.url.includes('/diff'))).toHaveLength(0);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare version 1' }));
    expect(await screen.findByRole('region', { name: 'Changes from version 1 to 3' })).toBeTruthy();
    expect(calls[calls.length - 1].url).toBe('/api/workflows/wf-1/diff?from=1&to=3');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare version 2' }));
    expect(await screen.findByRole('region', { name: 'Changes from version 1 to 2' })).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Compare version 3' }) as HTMLInputElement).checked).toBe(false);
  });

  it('rolls back to a version once confirmed, and not otherwise; the current one and viewers get no button', async () => {
    const rolledBack = { id: 'wf-1', name: 'Fetch', status: 'active', version: 4, nodes: [], connections: [] };
    const calls = serve((method) => (method === 'POST' ? [200, rolledBack] : page(VERSIONS)));
    const onRolledBack = vi.fn();
    const { unmount } = render(<VersionsPanel workflowId="wf-1" currentVersion={3} canRollBack dirty onRolledBack={onRolledBack} />);
    const buttons = await screen.findAllByRole('button', { name: 'Roll back to this version' });
    expect(buttons).toHaveLength(2);

    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(buttons[1]);
    expect(confirm).toHaveBeenCalledWith('Roll back to version 1? It is saved again as a new version. Your unsaved changes are discarded.');
    expect(writes(calls)).toHaveLength(0);

    confirm.mockReturnValue(true);
    fireEvent.click(buttons[0]);
    await waitFor(() => expect(onRolledBack).toHaveBeenCalledWith(rolledBack));
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/workflows/wf-1/rollback', body: { version: 2 } }]);

    unmount();
    render(<VersionsPanel workflowId="wf-1" currentVersion={3} canRollBack={false} dirty={false} onRolledBack={onRolledBack} />);
    await screen.findByText('Mail the result');
    expect(screen.queryByRole('button', { name: 'Roll back to this version' })).toBeNull();
  });

  it('shows why a rollback was refused', async () => {
    serve((method) =>
      method === 'POST' ? [403, { error: { code: 'forbidden', message: "Workflow 'wf-1' is shared with you read-only", details: [] } }] : page(VERSIONS),
    );
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const onRolledBack = vi.fn();
    render(<VersionsPanel workflowId="wf-1" currentVersion={3} canRollBack dirty={false} onRolledBack={onRolledBack} />);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Roll back to this version' }))[0]);

    expect((await screen.findByRole('alert')).textContent).toBe("Workflow 'wf-1' is shared with you read-only");
    expect(onRolledBack).not.toHaveBeenCalled();
  });
});

describe('diff view', () => {
  it('highlights what was added, removed and changed, with before and after values', () => {
    render(<DiffView diff={DIFF} />);

    const added = document.querySelectorAll('.diff-added');
    const removed = document.querySelectorAll('.diff-removed');
    const changed = document.querySelectorAll('.diff-changed');
    expect([...added].map((e) => e.textContent)).toEqual([
      'added node mail (email)',
      'added connection fetch.output → mail.input',
      'condition.expression set to "data.go"',
    ]);
    expect([...removed].map((e) => e.textContent)).toEqual(['removed node old (delay)', 'config.method removed (was "GET")']);
    expect([...changed].map((e) => e.firstChild?.textContent)).toEqual([
      'name',
      'trigger.auth.value',
      'changed node ',
      'config.url',
      'changed connection ',
    ]);
    expect(screen.getByText('config.url').parentElement!.textContent).toBe('config.url "https://a.example" → "https://b.example"');
  });

  it('shows a secret as changed without any value, and says when nothing changed', () => {
    const { unmount } = render(<DiffView diff={DIFF} />);
    expect(screen.getByText('trigger.auth.value').parentElement!.textContent).toBe('trigger.auth.value secret changed (not shown)');
    unmount();

    const none = { from: 2, to: 2, fields: [], nodes: { added: [], removed: [], changed: [] }, connections: { added: [], removed: [], changed: [] } };
    render(<DiffView diff={none} />);
    expect(screen.getByText('No differences.')).toBeTruthy();
  });
});

describe('version banner', () => {
  it('names the version shown and the current one, and leaves for the current one', () => {
    const onLeave = vi.fn();
    render(<VersionBanner version={2} current={5} onLeave={onLeave} />);
    expect(screen.getByRole('status').textContent).toContain('Viewing version 2 — current is 5.');
    fireEvent.click(screen.getByRole('button', { name: 'Open the current version' }));
    expect(onLeave).toHaveBeenCalled();
  });
});

function fromTo(url: string) {
  const q = new URLSearchParams(url.split('?')[1]);
  return { from: Number(q.get('from')), to: Number(q.get('to')) };
}
