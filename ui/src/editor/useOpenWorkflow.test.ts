import { act, renderHook } from '@testing-library/react';
import { api, ApiError, type NodeType, type Workflow } from '../api';
import type { EditorAction } from './state';
import { useOpenWorkflow } from './useOpenWorkflow';

const catalogue = new Map<string, NodeType>();
const stored = (id: string) => ({ id, name: id, status: 'draft', version: 1, nodes: [], connections: [] }) as unknown as Workflow;

describe('opening a workflow', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens the workflow asked for last when the one asked for before answers later', async () => {
    const pending = new Map<string, { resolve: (w: Workflow) => void; signal?: AbortSignal }>();
    vi.spyOn(api, 'workflow').mockImplementation((id, signal) => new Promise((resolve) => pending.set(id, { resolve, signal })));
    const dispatch = vi.fn<(a: EditorAction) => void>();
    const { rerender } = renderHook(({ id }) => useOpenWorkflow(id, undefined, catalogue, dispatch), { initialProps: { id: 'wf-a' } });
    rerender({ id: 'wf-b' });
    expect(pending.get('wf-a')!.signal!.aborted).toBe(true);

    await act(async () => pending.get('wf-b')!.resolve(stored('wf-b')));
    await act(async () => pending.get('wf-a')!.resolve(stored('wf-a')));
    const opened = dispatch.mock.calls.map(([a]) => (a.type === 'opened' ? a.workflow.id : a.type));
    expect(opened).toEqual(['wf-b']);
  });

  it('does not reload the workflow already open, starts blank without an id, and says why one cannot be opened', async () => {
    vi.spyOn(api, 'workflow').mockImplementation(() => Promise.reject(new ApiError(404, 'Workflow wf-x not found')));
    const dispatch = vi.fn<(a: EditorAction) => void>();
    const { result, rerender } = renderHook(({ id, open }) => useOpenWorkflow(id, open, catalogue, dispatch), {
      initialProps: { id: 'wf-1' as string | null, open: 'wf-1' as string | undefined },
    });
    expect(api.workflow).not.toHaveBeenCalled();
    rerender({ id: null, open: undefined });
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'new' });
    rerender({ id: 'wf-x', open: undefined });
    await act(async () => undefined);
    expect(result.current).toBe('Workflow wf-x not found');
    rerender({ id: null, open: undefined });
    expect(result.current).toBeNull();
  });
});
