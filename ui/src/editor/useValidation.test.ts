import { act, renderHook } from '@testing-library/react';
import { api, type ValidationProblem, type WorkflowDoc } from '../api';
import { useValidation, withEdgeIds } from './useValidation';

type Answer = { valid: boolean; errors: ValidationProblem[] };

const docNamed = (name: string): WorkflowDoc => ({ name, nodes: [{ id: 'a', type: 'delay' }], connections: [] });

describe('validation as you edit', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('keeps the answer for the newest document when an older answer comes later', async () => {
    vi.useFakeTimers();
    const pending: { doc: WorkflowDoc; resolve: (a: Answer) => void }[] = [];
    vi.spyOn(api, 'validate').mockImplementation((doc) => new Promise<Answer>((resolve) => pending.push({ doc, resolve })));
    const { result, rerender } = renderHook(({ doc }) => useValidation(doc, [], 400), { initialProps: { doc: docNamed('old') } });
    act(() => vi.advanceTimersByTime(400));
    rerender({ doc: docNamed('new') });
    act(() => vi.advanceTimersByTime(400));
    expect(pending.map((p) => p.doc.name)).toEqual(['old', 'new']);

    await act(async () => pending[1].resolve({ valid: false, errors: [{ node_id: 'a', message: 'newer problem' }] }));
    await act(async () => pending[0].resolve({ valid: false, errors: [{ node_id: 'a', message: 'older problem' }] }));
    expect(result.current.problems.map((p) => p.message)).toEqual(['newer problem']);
  });

  it('asks once for a burst of edits, and not again for the same document', () => {
    vi.useFakeTimers();
    const validate = vi.spyOn(api, 'validate').mockImplementation(() => new Promise<Answer>(() => undefined));
    const { rerender } = renderHook(({ doc }) => useValidation(doc, [], 400), { initialProps: { doc: docNamed('a') } });
    act(() => vi.advanceTimersByTime(100));
    rerender({ doc: docNamed('ab') });
    act(() => vi.advanceTimersByTime(100));
    rerender({ doc: docNamed('abc') });
    act(() => vi.advanceTimersByTime(400));
    rerender({ doc: docNamed('abc') });
    act(() => vi.advanceTimersByTime(400));
    expect(validate).toHaveBeenCalledTimes(1);
    expect(validate.mock.calls[0][0].name).toBe('abc');
  });

  it('ties a connection problem to the id of the edge that had its index when checked', () => {
    const problems = withEdgeIds(
      [{ connection: 1, message: 'second' }, { node_id: 'a', message: 'node' }, { connection: 7, message: 'gone' }],
      ['a:output->b:input', 'b:true->c:input'],
    );
    expect(problems.map((p) => p.edge_id)).toEqual(['b:true->c:input', undefined, undefined]);
  });
});
