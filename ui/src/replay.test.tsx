import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import type { Execution, NodeType, Workflow } from './api';
import { ExecutionDetail } from './components/ExecutionsPanel';
import { workflowRuntime, writes } from './fakeRuntime';

// React Flow measures its nodes; jsdom has no ResizeObserver
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

const type = (t: string, category: string): NodeType => ({
  type: t, category, label: t, description: `${t} node`, config_schema: { type: 'object', properties: {} },
  inputs: category === 'source' ? [] : ['input'], outputs: ['output', 'error'], credential_kind: null,
});
const TYPES = [type('webhook_input', 'source'), type('transform', 'processor')];

/** webhook_input → t1 → t2, saved as version 1, not pinned. */
const WORKFLOW: Workflow = {
  id: 'wf-1', name: 'Pins', status: 'draft', version: 1, total_executions: 0, successful_executions: 0, failed_executions: 0,
  last_executed_at: null, average_duration_ms: null, trigger: { type: 'webhook' },
  nodes: [
    { id: 'in', type: 'webhook_input', position: { x: 0, y: 0 } },
    { id: 't1', type: 'transform', position: { x: 260, y: 0 } },
    { id: 't2', type: 'transform', position: { x: 520, y: 0 } },
  ],
  connections: [{ source: 'in', target: 't1' }, { source: 't1', target: 't2' }],
};

function runtime(workflow: Workflow = WORKFLOW) {
  return workflowRuntime(workflow, (_method, url) => {
    if (url === '/api/me') return [200, { id: 'u1', email: 'ann@example.com', role: 'editor' }];
    if (url === '/api/node-types') return [200, TYPES];
    return [200, { items: [], next_cursor: null }];
  });
}

/** Opens the app at `path` and waits for the canvas to show node t2. */
async function open(path: string) {
  window.history.pushState(null, '', path);
  render(<App />);
  await screen.findByTestId('node-t2');
}

/** Selects a node on the canvas and shows its inspector. */
function inspect(id: string) {
  fireEvent.click(screen.getByTestId(`node-${id}`));
  fireEvent.click(screen.getByRole('tab', { name: 'Selection' }));
  return screen.getByRole('region', { name: 'Pin data and test runs' });
}

const node = (id: string) => screen.getByTestId(`node-${id}`);
const unsaved = () => screen.queryByText('unsaved');
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));
const saves = (calls: { method: string; url: string; body: unknown }[]) => calls.filter((c) => c.method === 'PUT');

beforeEach(() => vi.stubGlobal('ResizeObserver', NoResizeObserver));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

describe('pinned data in the node inspector', () => {
  it('pins a JSON value, which makes the workflow unsaved and is saved as pin_data; unpinning saves it without', async () => {
    const { calls, state } = runtime();
    await open('/workflows/wf-1');
    const pins = inspect('t1');
    expect(within(pins).getByTestId('pin-state').textContent).toContain('Not pinned');
    expect(within(node('t1')).queryByLabelText('pinned data')).toBeNull();

    fireEvent.change(within(pins).getByLabelText('Pinned output of t1 (JSON)'), { target: { value: '{"customer": "Ada", "total": 42}' } });
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin this value' }));
    expect(unsaved()).toBeTruthy();
    expect(within(node('t1')).getByLabelText('pinned data')).toBeTruthy();
    expect(within(pins).getByTestId('pin-state').textContent).toContain('Pinned: test runs give this value');
    expect(writes(calls)).toEqual([]);

    save();
    await waitFor(() => expect(unsaved()).toBeNull());
    expect(saves(calls)).toHaveLength(1);
    expect(saves(calls)[0].url).toBe('/api/workflows/wf-1');
    expect((saves(calls)[0].body as Workflow).pin_data).toEqual({ t1: { customer: 'Ada', total: 42 } });
    expect(state.workflow.pin_data).toEqual({ t1: { customer: 'Ada', total: 42 } });

    fireEvent.click(within(screen.getByRole('region', { name: 'Pin data and test runs' })).getByRole('button', { name: 'Unpin' }));
    expect(unsaved()).toBeTruthy();
    expect(within(node('t1')).queryByLabelText('pinned data')).toBeNull();
    save();
    await waitFor(() => expect(saves(calls)).toHaveLength(2));
    expect(saves(calls)[1].body).not.toHaveProperty('pin_data');
    expect(state.workflow.pin_data).toBeUndefined();
  });

  it('refuses a value that is not JSON with a clear error, and leaves the workflow as it was', async () => {
    const { calls } = runtime();
    await open('/workflows/wf-1');
    const pins = inspect('t1');
    fireEvent.change(within(pins).getByLabelText('Pinned output of t1 (JSON)'), { target: { value: '{"customer": ' } });
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin this value' }));

    expect(within(pins).getByRole('alert').textContent).toMatch(/^Not pinned: the value is not valid JSON \(.+\)\.$/);
    expect(unsaved()).toBeNull();
    expect(within(node('t1')).queryByLabelText('pinned data')).toBeNull();
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin this value' }));
    expect(writes(calls)).toEqual([]);

    fireEvent.change(within(pins).getByLabelText('Pinned output of t1 (JSON)'), { target: { value: '' } });
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin this value' }));
    expect(within(pins).getByRole('alert').textContent).toContain('Write the JSON value to pin first');
    expect(unsaved()).toBeNull();
  });

  it('pins the output the node gave in the execution on the canvas', async () => {
    const { calls, recorded } = runtime();
    const ran = recorded({ in: { id: 7 }, t1: { id: 7, path: ['t1'] }, t2: { id: 7, path: ['t1', 't2'] } });
    await open(`/workflows/wf-1/executions/${ran.id}`);
    await waitFor(() => expect(node('t1').dataset.status).toBe('success'));
    const pins = inspect('t1');
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin last output' }));

    expect(unsaved()).toBeTruthy();
    expect(JSON.parse((within(pins).getByLabelText('Pinned output of t1 (JSON)') as HTMLTextAreaElement).value)).toEqual({ id: 7, path: ['t1'] });
    save();
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect((saves(calls)[0].body as Workflow).pin_data).toEqual({ t1: { id: 7, path: ['t1'] } });
  });
});

describe('test runs from the node inspector', () => {
  it('Run to here saves first, sends to_node, and shows the execution with the pinned node marked', async () => {
    const { calls } = runtime();
    await open('/workflows/wf-1');
    const pins = inspect('t1');
    fireEvent.change(within(pins).getByLabelText('Pinned output of t1 (JSON)'), { target: { value: '{"pinned": true}' } });
    fireEvent.click(within(pins).getByRole('button', { name: 'Pin this value' }));
    fireEvent.click(within(inspect('t2')).getByRole('button', { name: 'Run to here' }));

    await waitFor(() => expect(window.location.pathname).toBe('/workflows/wf-1/executions/ex-1'));
    expect(writes(calls).map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', '/api/workflows/wf-1', expect.objectContaining({ pin_data: { t1: { pinned: true } } })],
      ['POST', '/api/workflows/wf-1/test-run?wait=true', { input: {}, to_node: 't2' }],
    ]);
    await waitFor(() => expect(node('t2').dataset.status).toBe('success'));
    expect(node('t1').dataset.origin).toBe('pinned');
    expect(within(node('t1')).getByText('pinned output')).toBeTruthy();
    expect(node('in').dataset.origin).toBe('');

    // t2's log: its output is the pinned value it was given, passed on
    fireEvent.click(node('t2'));
    const log = await screen.findByTestId('node-log');
    expect(log.textContent).toContain('"pinned": true');
    expect(log.textContent).toContain('"t2"');
  });

  it('Run this node sends single and shows the runtime\'s 409 in the inspector', async () => {
    const { calls } = runtime();
    await open('/workflows/wf-1');
    const pins = inspect('t2');
    fireEvent.click(within(pins).getByRole('button', { name: 'Run this node' }));

    expect((await within(pins).findByRole('alert')).textContent).toBe(
      "Node 't2' needs the output of 't1': pin data on 't1' or run the workflow up to 't1' first",
    );
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/workflows/wf-1/test-run?wait=true', body: { input: {}, to_node: 't2', single: true } }]);
    expect(window.location.pathname).toBe('/workflows/wf-1');
  });

  it('Run this node takes the unpinned ancestors\' outputs from the execution shown', async () => {
    const { calls, recorded } = runtime();
    const ran = recorded({ in: { id: 1 }, t1: { id: 1, path: ['t1'] }, t2: { id: 1, path: ['t1', 't2'] } });
    await open(`/workflows/wf-1/executions/${ran.id}`);
    await waitFor(() => expect(node('t2').dataset.status).toBe('success'));
    fireEvent.click(within(inspect('t2')).getByRole('button', { name: 'Run this node' }));

    await waitFor(() => expect(window.location.pathname).toBe('/workflows/wf-1/executions/ex-2'));
    expect(writes(calls)).toEqual([
      { method: 'POST', url: '/api/workflows/wf-1/test-run?wait=true', body: { input: {}, to_node: 't2', single: true, from_execution: 'ex-1' } },
    ]);
    await waitFor(() => expect(node('t1').dataset.origin).toBe('reused'));
    expect(node('in').dataset.origin).toBe('reused');
    expect(node('t2').dataset.origin).toBe('');
  });

  it('does not run when the Run… input is not JSON', async () => {
    const { calls } = runtime();
    await open('/workflows/wf-1');
    fireEvent.click(screen.getByRole('button', { name: 'Run…' }));
    fireEvent.change(screen.getByLabelText('Run input'), { target: { value: '{oops' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const pins = inspect('t2');
    fireEvent.click(within(pins).getByRole('button', { name: 'Run to here' }));
    expect((await within(pins).findByRole('alert')).textContent).toMatch(/^Not run: The input is not valid JSON/);
    expect(writes(calls)).toEqual([]);
  });
});

describe('replay from the execution view', () => {
  it('Replay from here sends from_node and opens the new execution, the nodes before it reused', async () => {
    const { calls, recorded } = runtime();
    const ran = recorded({ in: { id: 3 }, t1: { id: 3, path: ['t1'] }, t2: { id: 3, path: ['t1', 't2'] } }, { input: { id: 3 } });
    await open(`/workflows/wf-1/executions/${ran.id}`);
    await waitFor(() => expect(node('t2').dataset.status).toBe('success'));
    fireEvent.click(node('t2'));
    fireEvent.click(await screen.findByRole('button', { name: 'Replay from here' }));

    await waitFor(() => expect(window.location.pathname).toBe('/workflows/wf-1/executions/ex-2'));
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/executions/ex-1/replay?wait=true', body: { from_node: 't2' } }]);
    await waitFor(() => expect(node('t1').dataset.origin).toBe('reused'));
    expect(node('in').dataset.origin).toBe('reused');
    expect(node('t2').dataset.origin).toBe('');
    fireEvent.click(node('t1'));
    expect((await screen.findByTestId('node-log')).textContent).toContain('Not run again: output reused from execution ex-1.');
    expect(document.querySelector('[data-execution="ex-2"]')).toBeTruthy();
  });

  it('shows why a replay was refused, and offers none while the execution runs', async () => {
    const { recorded } = runtime();
    const failed = recorded({ in: { id: 3 } }, {});
    failed.node_logs.push({ ...failed.node_logs[0], node_id: 't1', status: 'failed', output: null, error: "Node 't1' failed" });
    failed.status = 'failed';
    await open(`/workflows/wf-1/executions/${failed.id}`);
    await waitFor(() => expect(node('t1').dataset.status).toBe('failed'));
    fireEvent.click(node('t2'));
    fireEvent.click(await screen.findByRole('button', { name: 'Replay from here' }));
    expect((await screen.findByText(/failed in execution 'ex-1'/)).textContent).toBe("Node 't1' failed in execution 'ex-1': replay from it or before it");
    expect(window.location.pathname).toBe('/workflows/wf-1/executions/ex-1');
  });

  it('offers no replay while the execution runs or when it kept no data, and no whole retry of a test run or a replay', () => {
    const execution: Execution = {
      id: 'ex-9', workflow_id: 'wf-1', workflow_version: 1, status: 'running', trigger_type: 'manual', trigger_data: null, input: null,
      output: null, error_message: null, error_traceback: null, started_at: '2026-12-01T10:00:00Z', completed_at: null, duration_ms: null, node_logs: [],
    };
    const { rerender } = render(<ExecutionDetail execution={execution} mode={null} selectedNode="t2" onNewExecution={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Replay from here' })).toBeNull();
    rerender(<ExecutionDetail execution={{ ...execution, status: 'success', data_saved: false }} mode={null} selectedNode="t2" onNewExecution={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Replay from here' })).toBeNull();
    rerender(<ExecutionDetail execution={{ ...execution, status: 'success' }} mode={null} selectedNode="t2" onNewExecution={() => {}} />);
    expect(screen.getByRole('button', { name: 'Replay from here' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    for (const trigger_type of ['test', 'replay']) {
      rerender(<ExecutionDetail execution={{ ...execution, status: 'success', trigger_type }} mode={null} selectedNode="t2" onNewExecution={() => {}} />);
      expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Replay from here' })).toBeTruthy();
    }
    rerender(<ExecutionDetail execution={{ ...execution, status: 'success' }} mode={null} selectedNode={null} onNewExecution={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Replay from here' })).toBeNull();
  });
});
