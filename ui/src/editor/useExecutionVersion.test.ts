import { act, renderHook } from '@testing-library/react';
import { api, ApiError, type WorkflowVersion } from '../api';
import { useExecutionVersion } from './useExecutionVersion';

const version = (n: number) =>
  ({ id: 'wf-1', version: n, name: `v${n}`, nodes: [], connections: [], author: null, author_email: null, created_at: '', message: null }) as WorkflowVersion;

describe('the version an execution ran', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loads an older version than the saved one, and none when the execution ran the saved one', async () => {
    vi.spyOn(api, 'version').mockImplementation((_id, n) => Promise.resolve(version(n)));
    const { result, rerender } = renderHook(({ ran, saved }) => useExecutionVersion('wf-1', ran, saved), {
      initialProps: { ran: 2 as number | undefined, saved: 5 as number | undefined },
    });
    await act(async () => undefined);
    expect(api.version).toHaveBeenCalledWith('wf-1', 2, expect.any(AbortSignal));
    expect(result.current.version?.name).toBe('v2');

    rerender({ ran: 5, saved: 5 });
    expect(result.current.version).toBeNull();
    rerender({ ran: undefined, saved: 5 });
    expect(result.current.version).toBeNull();
    expect(api.version).toHaveBeenCalledTimes(1);
  });

  it('shows the version of the execution opened last, and says why one cannot be opened', async () => {
    const pending = new Map<number, (v: WorkflowVersion) => void>();
    vi.spyOn(api, 'version').mockImplementation((_id, n) =>
      n === 1 ? Promise.reject(new ApiError(404, "Version 1 of workflow 'wf-1' does not exist")) : new Promise((resolve) => pending.set(n, resolve)),
    );
    const { result, rerender } = renderHook(({ ran }) => useExecutionVersion('wf-1', ran, 4), { initialProps: { ran: 2 } });
    rerender({ ran: 3 });
    await act(async () => pending.get(3)!(version(3)));
    await act(async () => pending.get(2)!(version(2)));
    expect(result.current.version?.version).toBe(3);

    rerender({ ran: 1 });
    await act(async () => undefined);
    expect(result.current).toEqual({ version: null, error: "Version 1 of workflow 'wf-1' does not exist" });
  });
});
