import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { page, serve, writes } from './fakeRuntime';
import { Agents } from './pages/Agents';

afterEach(() => {
  vi.restoreAllMocks();
});

const WORKFLOWS = [
  { id: 'wf-lookup', name: 'Customer lookup', status: 'active', nodes: [], connections: [] },
  { id: 'wf-refund', name: 'Refund', status: 'draft', nodes: [], connections: [] },
];
const CREDENTIALS = [
  { id: 'cred-ai', name: 'Team OpenAI', kind: 'openai' },
  { id: 'cred-mail', name: 'Mail', kind: 'smtp' },
];

/** A runtime with agents stored by PUT and memories forgotten by DELETE. */
function runtime() {
  const agents: Record<string, Record<string, unknown>> = {
    support: { id: 'support', name: 'Support', system_prompt: 'Help.', model: null, tools: ['http_fetch'], memory_size: 10, owner_id: 'u1' },
  };
  let memories = [
    { key: 'oncall', content: 'Ada this week', reference: null, created_at: '2026-12-06T10:00:00Z' },
    { key: 'db', content: 'Postgres 16', reference: null, created_at: '2026-12-05T10:00:00Z' },
  ];
  const calls = serve((method, url, body) => {
    const agent = /^\/api\/agents\/([^/?]+)$/.exec(url);
    if (agent && method === 'PUT') {
      const b = body as Record<string, unknown>;
      if (!b.name) return [422, { error: { code: 'validation_failed', message: 'name is required', details: [] } }];
      agents[agent[1]] = { ...b, id: agent[1], owner_id: 'u1' };
      return [200, agents[agent[1]]];
    }
    if (url.startsWith('/api/agents/support/memories')) {
      if (method === 'DELETE') {
        const key = new URL(url, 'http://x').searchParams.get('key');
        memories = key ? memories.filter((m) => m.key !== key) : [];
        return [204, null];
      }
      return page(memories);
    }
    if (url === '/api/agents') return page(Object.values(agents));
    if (url.startsWith('/api/workflows')) return page(WORKFLOWS);
    if (url === '/api/credentials') return page(CREDENTIALS);
    return [404, { error: { code: 'not_found', message: url, details: [] } }];
  });
  return { calls, agents };
}

describe('agents page', () => {
  it('creates an agent with a prompt, model, openai credential, tools from http_fetch and the workflows, and memory size', async () => {
    const { calls } = runtime();
    render(<Agents />);
    const row = await screen.findByText('Support');
    expect(within(row.closest('tr')!).getByText('HTTP fetch')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'New agent' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Refund Desk' } });
    expect((screen.getByLabelText('Id') as HTMLInputElement).value).toBe('refund-desk');
    fireEvent.change(screen.getByLabelText('System prompt'), { target: { value: 'You handle refunds.' } });
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'gpt-4o-mini' } });
    const credential = screen.getByLabelText('Credential') as HTMLSelectElement;
    expect(Array.from(credential.options).map((o) => o.textContent)).toEqual(["the runtime's default key", 'Team OpenAI']);
    fireEvent.change(credential, { target: { value: 'cred-ai' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /HTTP fetch/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Workflow “Refund”' }));
    fireEvent.change(screen.getByLabelText('Memory size'), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save agent' }));

    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved “Refund Desk”.');
    expect(writes(calls)).toEqual([
      {
        method: 'PUT',
        url: '/api/agents/refund-desk',
        body: {
          name: 'Refund Desk',
          system_prompt: 'You handle refunds.',
          model: 'gpt-4o-mini',
          credential: 'cred-ai',
          tools: ['http_fetch', 'wf-refund'],
          memory_size: 25,
        },
      },
    ]);
    expect((screen.getByLabelText('Id') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.getByRole('region', { name: 'Memories' })).toBeTruthy();
  });

  it('refuses an id the agents folder does not take and shows the server’s message', async () => {
    const { calls } = runtime();
    render(<Agents />);
    fireEvent.click(await screen.findByRole('button', { name: 'New agent' }));
    fireEvent.change(screen.getByLabelText('Id'), { target: { value: '../etc' } });
    expect(screen.getByText('Letters, digits, - and _ only, starting with a letter or digit.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save agent' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'nameless' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Save agent' }).closest('form')!);
    expect(await screen.findByText('name is required')).toBeTruthy();
    expect(writes(calls).map((c) => c.url)).toEqual(['/api/agents/nameless']);
  });

  it('edits an agent, keeping its tools, and forgets one memory then all', async () => {
    const { calls } = runtime();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(<Agents />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Support' }));
    const memories = await screen.findByRole('region', { name: 'Memories' });
    await waitFor(() => expect(within(memories).getAllByRole('row')).toHaveLength(3));
    expect(within(memories).getByText('Postgres 16')).toBeTruthy();

    fireEvent.click(within(memories).getByRole('button', { name: 'Forget db' }));
    await waitFor(() => expect(within(memories).queryByText('Postgres 16')).toBeNull());
    fireEvent.click(within(memories).getByRole('button', { name: 'Forget everything' }));
    expect(await within(memories).findByText(/Nothing stored yet/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('System prompt'), { target: { value: 'Help politely.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save agent' }));
    await screen.findByRole('status');
    expect(writes(calls).map((c) => `${c.method} ${c.url}`)).toEqual([
      'DELETE /api/agents/support/memories?key=db',
      'DELETE /api/agents/support/memories',
      'PUT /api/agents/support',
    ]);
    expect(writes(calls)[2].body).toEqual({ name: 'Support', system_prompt: 'Help politely.', model: null, tools: ['http_fetch'], memory_size: 10 });
  });
});
