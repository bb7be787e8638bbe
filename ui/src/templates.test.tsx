import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { SaveTemplateDialog } from './components/SaveTemplateDialog';
import { Templates } from './pages/Templates';

type Call = { method: string; url: string; body: unknown };
type Route = (method: string, url: string, body: unknown) => [number, unknown];

/** A fake runtime: every call is recorded, and answered by `route`. */
function serve(route: Route): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    const body = init?.body ? JSON.parse(init.body as string) : undefined;
    calls.push({ method, url, body });
    const [status, answer] = route(method, url, body);
    return Promise.resolve(new Response(answer === null ? null : JSON.stringify(answer), { status }));
  });
  return calls;
}

const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

const ANN = { id: 'u-ann', email: 'ann@example.com', role: 'editor' };
const OFFICIAL = {
  id: 'api-monitoring', name: 'API monitoring', category: 'monitoring', description: 'Check an API and alert', source: 'official',
  owner: null, public: true, usage_count: 12, node_types: ['api_request'], credential_kinds: ['http'],
};
const ANNS = {
  id: 'tpl-1', name: 'Leads to CRM', category: 'integration', description: 'Ann made this', source: 'shared', owner: 'u-ann',
  public: false, usage_count: 1, node_types: ['webhook_input'], credential_kinds: [],
};
const BOBS = {
  id: 'tpl-2', name: 'Bob digest', category: 'data_processing', description: 'Bob made this', source: 'shared', owner: 'u-bob',
  public: true, usage_count: 0, node_types: ['email'], credential_kinds: ['smtp', 'database'],
};

afterEach(() => vi.restoreAllMocks());

describe('template gallery', () => {
  it('shows where each template comes from, how often it was used and the credentials it needs', async () => {
    serve(() => [200, { items: [OFFICIAL, ANNS, BOBS], next_cursor: null }]);
    render(<Templates navigate={() => undefined} me={ANN} />);
    const card = (id: string) => document.querySelector(`[data-template="${id}"]`) as HTMLElement;
    await screen.findByText('Bob digest');

    expect(within(card('api-monitoring')).getByTestId('template-source').textContent).toBe('Official');
    expect(within(card('api-monitoring')).getByTestId('template-category').textContent).toBe('Monitoring');
    expect(within(card('api-monitoring')).getByTestId('template-usage').textContent).toBe('Used 12 times');
    expect(within(card('tpl-1')).getByTestId('template-source').textContent).toBe('Private · yours');
    expect(within(card('tpl-1')).getByTestId('template-usage').textContent).toBe('Used 1 time');
    expect(within(card('tpl-1')).getByTestId('template-credentials').textContent).toBe('Needs no credentials');
    expect(within(card('tpl-2')).getByTestId('template-source').textContent).toBe('Shared');
    expect(within(card('tpl-2')).getByTestId('template-credentials').textContent).toBe('Needs credentials: smtp, database');
    expect(within(card('tpl-2')).getByTestId('template-category').textContent).toBe('Data processing');
  });

  it('asks the runtime for one category', async () => {
    const calls = serve((_, url) => [200, { items: url.endsWith('category=monitoring') ? [OFFICIAL] : [OFFICIAL, ANNS] }]);
    render(<Templates navigate={() => undefined} me={ANN} />);
    await screen.findByText('Leads to CRM');

    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'monitoring' } });

    await waitFor(() => expect(screen.queryByText('Leads to CRM')).toBeNull());
    expect(calls.map((c) => c.url)).toEqual(['/api/templates', '/api/templates?category=monitoring']);
    expect(screen.getByText('API monitoring')).toBeTruthy();
  });

  it('offers Delete on your own shared templates only, and deletes after confirming', async () => {
    let items = [OFFICIAL, ANNS, BOBS];
    const calls = serve((method, url) => {
      if (method === 'DELETE' && url === '/api/templates/tpl-1') {
        items = [OFFICIAL, BOBS];
        return [204, null];
      }
      return [200, { items }];
    });
    render(<Templates navigate={() => undefined} me={ANN} />);
    await screen.findByText('Leads to CRM');
    expect(screen.queryByRole('button', { name: 'Delete template API monitoring' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete template Bob digest' })).toBeNull();

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete template Leads to CRM' }));

    await waitFor(() => expect(screen.queryByText('Leads to CRM')).toBeNull());
    expect(writes(calls)).toEqual([{ method: 'DELETE', url: '/api/templates/tpl-1', body: undefined }]);
  });

  it('lets an admin delete anyone’s shared template but not an official one', async () => {
    serve(() => [200, { items: [OFFICIAL, BOBS] }]);
    render(<Templates navigate={() => undefined} me={{ id: 'u-root', email: 'root@example.com', role: 'admin' }} />);
    await screen.findByText('Bob digest');
    expect(screen.getByRole('button', { name: 'Delete template Bob digest' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete template API monitoring' })).toBeNull();
  });
});

describe('save as template', () => {
  it('saves the workflow with name, category, description and the public toggle, then names where secrets were removed', async () => {
    const calls = serve((_, __, body) => [201, { ...(body as object), id: 'tpl-9', source: 'shared', credential_kinds: ['http'],
      stripped: ['trigger.auth.value', 'nodes[fetch].config.headers.Authorization'] }]);
    render(<SaveTemplateDialog workflowId="wf-1" workflowName="Open orders" onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog');
    expect((within(dialog).getByLabelText('Template name') as HTMLInputElement).value).toBe('Open orders');

    fireEvent.change(within(dialog).getByLabelText('Template name'), { target: { value: 'Orders to Slack' } });
    fireEvent.change(within(dialog).getByLabelText('Category'), { target: { value: 'integration' } });
    fireEvent.change(within(dialog).getByLabelText('Description'), { target: { value: 'Open orders, on Slack ' } });
    fireEvent.click(within(dialog).getByLabelText(/Public/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save template' }));

    const removed = await screen.findByRole('list', { name: 'Removed secrets' });
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/templates', body: {
      workflow_id: 'wf-1', name: 'Orders to Slack', category: 'integration', description: 'Open orders, on Slack', public: true } }]);
    expect(within(removed).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['trigger.auth.value', 'nodes[fetch].config.headers.Authorization']);
    expect(screen.getByRole('status').textContent).toContain('for everyone on this instance');
    expect(screen.getByRole('status').textContent).toContain('picks their own http credentials');
  });

  it('shows the message of each field the runtime refused', async () => {
    serve(() => [422, { error: { code: 'validation_failed', message: 'The template is not valid', details: [
      { field: 'category', message: 'category must be one of [data_processing, content_generation, monitoring, integration, custom]' }] } }]);
    render(<SaveTemplateDialog workflowId="wf-1" workflowName="Open orders" onClose={() => undefined} />);

    fireEvent.click(screen.getByRole('button', { name: 'Save template' }));

    expect((await screen.findByRole('alert')).textContent).toBe('category must be one of [data_processing, content_generation, monitoring, integration, custom]');
  });

  it('cannot save without a name', () => {
    serve(() => [500, {}]);
    render(<SaveTemplateDialog workflowId="wf-1" workflowName="Open orders" onClose={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Template name'), { target: { value: '  ' } });
    expect((screen.getByRole('button', { name: 'Save template' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('using a template', () => {
  it('asks for the webhook secret the template leaves out and sends it as the trigger’s', async () => {
    const signed = { ...BOBS, id: 'github-issue-triage', name: 'Issue triage', credential_kinds: [],
      workflow: { name: 'w', trigger: { type: 'webhook', auth: { type: 'hmac', scheme: 'github' } }, nodes: [], connections: [] } };
    const calls = serve((method) => (method === 'POST' ? [201, { id: 'wf-5' }] : [200, { items: [signed] }]));
    const navigate = vi.fn();
    render(<Templates navigate={navigate} me={ANN} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Use template' }));
    const secret = within(screen.getByRole('dialog')).getByLabelText('Webhook secret (hmac, github)') as HTMLInputElement;
    expect(secret.type).toBe('password');

    fireEvent.change(secret, { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow' }));

    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/workflows/wf-5'));
    expect(writes(calls)[0].body).toEqual({ name: 'Issue triage', credentials: {},
      trigger: { auth: { type: 'hmac', scheme: 'github', secret: 's3cret' } } });
  });

  it('asks which of your workflows an event template follows', async () => {
    const follower = { ...OFFICIAL, id: 'workflow-failure-alert', name: 'Failure alert', credential_kinds: [],
      workflow: { name: 'w', trigger: { type: 'event', on: 'workflow.failed', workflow: '' }, nodes: [], connections: [] } };
    const calls = serve((method, url) => {
      if (method === 'POST') return [201, { id: 'wf-6' }];
      if (url.startsWith('/api/workflows')) return [200, { items: [{ id: 'wf-shop', name: 'Shop sync' }], next_cursor: null }];
      return [200, { items: [follower] }];
    });
    render(<Templates navigate={() => undefined} me={ANN} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Use template' }));
    await screen.findByRole('option', { name: 'Shop sync' });
    expect(screen.queryByLabelText(/Webhook secret/)).toBeNull();

    fireEvent.change(screen.getByLabelText('Workflow to follow'), { target: { value: 'wf-shop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow' }));

    await waitFor(() => expect(writes(calls)).toHaveLength(1));
    expect(writes(calls)[0].body).toEqual({ name: 'Failure alert', credentials: {}, trigger: { workflow: 'wf-shop' } });
  });
});
