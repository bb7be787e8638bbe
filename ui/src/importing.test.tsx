import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ImportReport } from './components/ImportReport';
import { importReportOf, keepImportReport } from './editor/importReport';
import { WorkflowList } from './pages/WorkflowList';

type Call = { method: string; url: string; body: unknown };

/** A fake runtime answering the workflow list, the credentials and imports; every call is recorded. */
function serve(importAnswer: [number, unknown]): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    const body = init?.body ? JSON.parse(init.body as string) : undefined;
    calls.push({ method, url, body });
    const [status, answer] = url.startsWith('/api/workflows?')
      ? [200, { items: [], next_cursor: null }]
      : url === '/api/credentials'
        ? [200, [{ id: 'c-mail', name: 'Office SMTP', kind: 'smtp' }, { id: 'c-db', name: 'Ops DB', kind: 'database' }]]
        : importAnswer;
    return Promise.resolve(new Response(JSON.stringify(answer), { status }));
  });
  return calls;
}

const REPORT = [
  { node: 'POST /grade', status: 'mapped', reason: 'webhook trigger (POST /webhooks/grade)' },
  { node: 'Trace', status: 'unsupported', reason: "'Trace' (debug): its output goes to Node-RED's debug sidebar" },
];

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe('importing a workflow', () => {
  it('posts the pasted document with its format and chosen credentials, then opens the draft with its report', async () => {
    const calls = serve([201, { workflow: { id: 'wf-9', name: 'Grade', status: 'draft', nodes: [], connections: [] }, report: REPORT }]);
    const navigate = vi.fn();
    render(<WorkflowList navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a workflow' });
    fireEvent.change(within(dialog).getByLabelText('Format'), { target: { value: 'node-red' } });
    fireEvent.change(within(dialog).getByLabelText('Exported JSON'), { target: { value: '[{"id": "a", "type": "http in"}]' } });
    fireEvent.change(await within(dialog).findByLabelText('smtp'), { target: { value: 'c-mail' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/workflows/wf-9'));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([
      { method: 'POST', url: '/api/workflows/import', body: { format: 'node-red', document: [{ id: 'a', type: 'http in' }], credentials: { smtp: 'c-mail' } } },
    ]);
    expect(importReportOf('wf-9')).toEqual(REPORT);
  });

  it('refuses text that is not JSON without calling the runtime, and shows the runtime\'s 400', async () => {
    const calls = serve([400, { error: { code: 'invalid_request', message: 'The n8n document has no connections object', details: [] } }]);
    render(<WorkflowList navigate={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a workflow' });
    fireEvent.change(within(dialog).getByLabelText('Exported JSON'), { target: { value: '{"nodes": [' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('not JSON');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    fireEvent.change(within(dialog).getByLabelText('Exported JSON'), { target: { value: '{"nodes": []}' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('The n8n document has no connections object'));
  });
});

describe('import report on the canvas', () => {
  it('lists every source node as mapped or unsupported with its reason until dismissed', () => {
    keepImportReport('wf-9', REPORT as never);
    render(<ImportReport workflowId="wf-9" />);
    const report = screen.getByRole('region', { name: 'Import report' });
    expect(report.textContent).toContain('Imported: 1 node mapped, 1 not');
    const rows = within(report).getAllByRole('row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['mapped', 'unsupported']);
    expect(rows[1].textContent).toContain("'Trace' (debug)");
    fireEvent.click(within(report).getByRole('button', { name: 'Dismiss import report' }));
    expect(screen.queryByRole('region', { name: 'Import report' })).toBeNull();
    expect(importReportOf('wf-9')).toBeNull();
  });

  it('shows nothing for a workflow that was not just imported', () => {
    render(<ImportReport workflowId="wf-other" />);
    expect(screen.queryByRole('region', { name: 'Import report' })).toBeNull();
  });
});
