import { api, ApiError, itemsOf, onUnauthorized } from './api';
import { parseRoute } from './App';

function answer(status: number, body: unknown) {
  return Promise.resolve(new Response(body === null ? '' : JSON.stringify(body), { status }));
}

describe('API client', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.cookie = 'webops_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('sends the CSRF cookie back as X-CSRF-Token on writes, not on reads', async () => {
    document.cookie = 'webops_csrf=tok%2B123';
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => answer(200, { id: 'wf-1' }));
    await api.lifecycle('wf-1', 'activate');
    await api.workflow('wf-1');
    const [postInit, getInit] = fetch.mock.calls.map((c) => c[1] as RequestInit);
    expect((postInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok+123');
    expect((getInit.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('tells the app to show sign-in when a call answers 401', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => answer(401, { error: { code: 'unauthorized', message: 'Sign in', details: [] } }));
    const seen = vi.fn();
    const off = onUnauthorized(seen);
    await expect(api.workflows()).rejects.toBeInstanceOf(ApiError);
    off();
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('turns the error shape into a message and the validation details', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() =>
      answer(422, { error: { code: 'invalid_workflow', message: 'Workflow is invalid', details: [{ node_id: 'a', field: 'config.url', message: "Node 'a': config.url is required" }] } }),
    );
    const e = (await api.create({ name: 'x', nodes: [], connections: [] }).catch((x) => x)) as ApiError;
    expect(e.status).toBe(422);
    expect(e.message).toBe('Workflow is invalid');
    expect(e.details[0].field).toBe('config.url');
  });

  it('reads lists as pages or as bare arrays', () => {
    expect(itemsOf({ items: [1, 2], next_cursor: null })).toEqual([1, 2]);
    expect(itemsOf([3])).toEqual([3]);
    expect(itemsOf(null)).toEqual([]);
  });
});

describe('client routes', () => {
  it('maps paths to pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'workflows', workflowId: null, executionId: null });
    expect(parseRoute('/workflows/new').page).toBe('editor');
    expect(parseRoute('/workflows/wf-1/executions/ex-9')).toEqual({ page: 'editor', workflowId: 'wf-1', executionId: 'ex-9' });
    expect(parseRoute('/templates').page).toBe('templates');
  });
});
