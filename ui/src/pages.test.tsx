import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { resourcePath } from './api';
import { ShareDialog } from './components/ShareDialog';
import { Credentials } from './pages/Credentials';
import { Templates } from './pages/Templates';
import { Tokens } from './pages/Tokens';
import { WorkflowList } from './pages/WorkflowList';

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

const problem = (status: number, code: string, message: string): [number, unknown] => [status, { error: { code, message, details: [] } }];
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');
const last = <T,>(list: T[]): T => list[list.length - 1];

const KINDS = {
  smtp: {
    type: 'object',
    title: 'SMTP server',
    properties: {
      host: { type: 'string', title: 'Host' },
      port: { type: 'integer', title: 'Port' },
      password: { type: 'string', title: 'Password', format: 'password', writeOnly: true },
    },
    required: ['host', 'port'],
  },
  http: {
    type: 'object',
    title: 'HTTP authentication',
    properties: {
      auth: { type: 'string', title: 'Authentication', enum: ['bearer', 'basic'] },
      token: { type: 'string', title: 'Bearer token', format: 'password', writeOnly: true },
    },
    required: ['auth'],
  },
  custom: { type: 'object', title: 'Custom', properties: {}, additionalProperties: { type: 'string', format: 'password', writeOnly: true } },
};

afterEach(() => {
  vi.restoreAllMocks();
  window.history.pushState(null, '', '/');
});

describe('setup page', () => {
  function runtime(state: { setUp: boolean; signedIn: boolean }) {
    return serve((_method, url, body) => {
      const b = body as Record<string, string> | undefined;
      if (url === '/api/auth/setup') {
        if (state.setUp) return problem(409, 'conflict', 'Setup is done already: sign in with POST /api/auth/login');
        if (b?.token !== 'setup_right') return problem(403, 'forbidden', 'The setup token is wrong');
        if ((b?.password ?? '').length < 8) return problem(400, 'invalid_request', 'password: password must have at least 8 characters');
        state.setUp = true;
        return [201, { id: 'u1', email: b.email, role: 'admin', created_at: '2026-11-25T23:00:00Z' }];
      }
      if (url === '/api/auth/login') {
        state.signedIn = state.setUp && b?.email === 'root@example.com' && b?.password === 'long-enough-1';
        return state.signedIn ? [200, { id: 'u1', email: 'root@example.com', role: 'admin', csrf_token: 'c' }] : problem(401, 'unauthorized', 'Wrong e-mail or password');
      }
      if (!state.signedIn) return problem(401, 'unauthorized', 'Sign in first');
      if (url === '/api/me') return [200, { id: 'u1', email: 'root@example.com', role: 'admin' }];
      if (url === '/api/node-types') return [200, []];
      return [200, { items: [], next_cursor: null }];
    });
  }

  function fill(email: string, password: string, repeat = password) {
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    fireEvent.change(screen.getByLabelText('Repeat password'), { target: { value: repeat } });
    fireEvent.submit(screen.getByRole('button', { name: 'Create admin' }));
  }

  it('creates the first admin with the token of the link, then signs in as it', async () => {
    window.history.pushState(null, '', '/setup?token=setup_right');
    const calls = runtime({ setUp: false, signedIn: false });
    render(<App />);
    await screen.findByRole('heading', { name: 'Set up WebOps' });

    fill('root@example.com', 'long-enough-1', 'long-enough-2');
    await screen.findByText('The two passwords differ.');
    expect(writes(calls)).toEqual([]);

    fill('root@example.com', 'short');
    await screen.findByText('password: password must have at least 8 characters');

    fill('root@example.com', 'long-enough-1');
    await screen.findByText('root@example.com (admin)');
    await screen.findByRole('heading', { name: 'Workflows' });
    expect(window.location.pathname).toBe('/workflows');
    expect(writes(calls).map((c) => [c.url, c.body])).toEqual([
      ['/api/auth/setup', { token: 'setup_right', email: 'root@example.com', password: 'short' }],
      ['/api/auth/setup', { token: 'setup_right', email: 'root@example.com', password: 'long-enough-1' }],
      ['/api/auth/login', { email: 'root@example.com', password: 'long-enough-1' }],
    ]);
  });

  it('says when the link is wrong, and when setup is done already', async () => {
    window.history.pushState(null, '', '/setup?token=setup_wrong');
    const state = { setUp: false, signedIn: false };
    runtime(state);
    const view = render(<App />);
    await screen.findByRole('heading', { name: 'Set up WebOps' });
    fill('root@example.com', 'long-enough-1');
    await screen.findByText(/This setup link is wrong or has been used/);
    view.unmount();

    state.setUp = true;
    render(<App />);
    await screen.findByRole('heading', { name: 'Set up WebOps' });
    fill('root@example.com', 'long-enough-1');
    await screen.findByText(/Setup is done already/);
    fireEvent.click(screen.getByRole('button', { name: 'Go to sign-in' }));
    await screen.findByText('Sign in to WebOps');
  });

  it('without a token, points to the logged link instead of a form', async () => {
    window.history.pushState(null, '', '/setup');
    runtime({ setUp: false, signedIn: false });
    render(<App />);
    await screen.findByText(/needs the one-time link the server logged/);
    expect(screen.queryByRole('button', { name: 'Create admin' })).toBeNull();
  });
});

describe('credentials page', () => {
  it('lists, creates from the kind schema with secrets as password inputs, and deletes', async () => {
    let list: Record<string, unknown>[] = [
      { id: 'c1', name: 'Office mail', kind: 'smtp', created_at: '2026-11-25T10:00:00Z', fields: { host: 'mail.example.com', port: 587 }, secret_fields: ['password'] },
    ];
    const calls = serve((method, url, body) => {
      if (url === '/api/credential-kinds') return [200, KINDS];
      if (url === '/api/credentials' && method === 'POST') {
        const b = body as { name: string; kind: string; fields: Record<string, unknown> };
        if (!b.fields.host) return [400, { error: { code: 'validation_failed', message: 'The credential is not valid', details: [{ field: 'host', message: 'host is required' }] } }];
        const created = { id: 'c2', name: b.name, kind: b.kind, fields: { host: b.fields.host, port: b.fields.port }, secret_fields: ['password'] };
        list = [...list, created];
        return [201, created];
      }
      if (url === '/api/credentials') return [200, { items: list, next_cursor: null }];
      if (method === 'DELETE' && url === '/api/credentials/c1') {
        list = list.filter((c) => c.id !== 'c1');
        return [204, null];
      }
      return problem(404, 'not_found', 'no');
    });
    render(<Credentials />);
    const row = (await screen.findByText('Office mail')).closest('tr')!;
    expect(row.textContent).toContain('host: mail.example.com');
    expect(row.textContent).toContain('secrets set: password');

    fireEvent.click(await screen.findByRole('button', { name: 'New credential' }));
    fireEvent.change(screen.getByLabelText('Kind *'), { target: { value: 'smtp' } });
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Relay' } });
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    expect(screen.getByLabelText('Host *').getAttribute('type')).not.toBe('password');
    fireEvent.change(password, { target: { value: 'hunter22' } });
    fireEvent.change(screen.getByLabelText('Port *'), { target: { value: '2525' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await screen.findByText('The credential is not valid: host: host is required');

    fireEvent.change(screen.getByLabelText('Host *'), { target: { value: 'relay.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await screen.findByText('Relay');
    expect(screen.queryByRole('button', { name: 'Save credential' })).toBeNull();
    expect(writes(calls)[1].body).toEqual({ name: 'Relay', kind: 'smtp', fields: { host: 'relay.example.com', port: 2525, password: 'hunter22' } });
    expect(document.body.textContent).not.toContain('hunter22');

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Office mail' }));
    await waitFor(() => expect(screen.queryByText('Office mail')).toBeNull());
    expect(last(writes(calls))).toEqual({ method: 'DELETE', url: '/api/credentials/c1', body: undefined });
    expect(screen.getByText('Relay')).toBeTruthy();
  });

  it('takes any secret fields for a custom credential', async () => {
    const calls = serve((method, url, body) => {
      if (url === '/api/credential-kinds') return [200, KINDS];
      if (method === 'POST') return [201, { id: 'c9', ...(body as object) }];
      return [200, { items: [], next_cursor: null }];
    });
    render(<Credentials />);
    await screen.findByText('No credentials yet.');
    fireEvent.click(await screen.findByRole('button', { name: 'New credential' }));
    fireEvent.change(screen.getByLabelText('Kind *'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Vendor' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Add' }));
    fireEvent.change(screen.getByLabelText('key'), { target: { value: 'api_key' } });
    const value = screen.getByLabelText('value of api_key');
    expect(value.getAttribute('type')).toBe('password');
    fireEvent.change(value, { target: { value: 'k-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(1));
    expect(writes(calls)[0].body).toEqual({ name: 'Vendor', kind: 'custom', fields: { api_key: 'k-123' } });
  });
});

describe('editing a credential', () => {
  function runtime(list: Record<string, unknown>[]) {
    return serve((method, url, body) => {
      if (url === '/api/credential-kinds') return [200, KINDS];
      if (url === '/api/credentials') return [200, { items: list }];
      const current = list.find((c) => url === `/api/credentials/${c.id}`);
      if (method === 'PUT' && current) {
        const b = body as { name: string; fields: Record<string, unknown> };
        if (current.kind === 'smtp' && b.fields.port === undefined) {
          return [400, { error: { code: 'validation_failed', message: 'The credential is not valid', details: [{ field: 'port', message: 'port is required' }] } }];
        }
        const { password: _secret, ...plain } = b.fields;
        Object.assign(current, { name: b.name, fields: current.kind === 'smtp' ? plain : {} });
        return [200, current];
      }
      return problem(404, 'not_found', 'no');
    });
  }

  it('pre-fills the name and non-secret fields, omits a secret left empty and sends a typed one', async () => {
    const list = [{ id: 'c1', name: 'Office mail', kind: 'smtp', fields: { host: 'mail.example.com', port: 587 }, secret_fields: ['password'] }];
    const calls = runtime(list);
    render(<Credentials />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Office mail' }));
    const form = screen.getByRole('form', { name: 'Edit credential Office mail' });
    expect(within(form).queryByLabelText('Kind *')).toBeNull();
    expect((within(form).getByLabelText('Name *') as HTMLInputElement).value).toBe('Office mail');
    expect((within(form).getByLabelText('Host *') as HTMLInputElement).value).toBe('mail.example.com');
    expect((within(form).getByLabelText('Port *') as HTMLInputElement).value).toBe('587');
    const password = within(form).getByLabelText('Password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('set — leave empty to keep');

    fireEvent.change(within(form).getByLabelText('Port *'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));
    await within(form).findByText('The credential is not valid: port: port is required');

    fireEvent.change(within(form).getByLabelText('Port *'), { target: { value: '465' } });
    fireEvent.change(within(form).getByLabelText('Host *'), { target: { value: 'smtp.example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit credential Office mail' })).toBeNull());
    expect(writes(calls)).toEqual([
      { method: 'PUT', url: '/api/credentials/c1', body: { name: 'Office mail', fields: { host: 'mail.example.com' } } },
      { method: 'PUT', url: '/api/credentials/c1', body: { name: 'Office mail', fields: { host: 'smtp.example.com', port: 465 } } },
    ]);
    await screen.findByText(/host: smtp\.example\.com/);

    fireEvent.click(screen.getByRole('button', { name: 'Edit Office mail' }));
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Relay' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'hunter22' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await screen.findByText('Relay');
    expect(last(writes(calls))).toEqual({
      method: 'PUT',
      url: '/api/credentials/c1',
      body: { name: 'Relay', fields: { host: 'smtp.example.com', port: 465, password: 'hunter22' } },
    });
    expect(document.body.textContent).not.toContain('hunter22');
  });

  it('lists the set secrets of a custom credential empty, and sends only the replaced ones', async () => {
    const calls = runtime([{ id: 'c5', name: 'Vendor', kind: 'custom', fields: {}, secret_fields: ['api_key', 'region'] }]);
    render(<Credentials />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Vendor' }));
    const region = screen.getByLabelText('value of region') as HTMLInputElement;
    expect([region.type, region.value, region.placeholder]).toEqual(['password', '', 'set — leave empty to keep']);
    fireEvent.change(screen.getByLabelText('value of api_key'), { target: { value: 'k-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(1));
    expect(writes(calls)[0]).toEqual({ method: 'PUT', url: '/api/credentials/c5', body: { name: 'Vendor', fields: { api_key: 'k-2' } } });
  });

  it('closes the edit form on Cancel without a request', async () => {
    const calls = runtime([{ id: 'c1', name: 'Office mail', kind: 'smtp', fields: { host: 'h', port: 25 }, secret_fields: [] }]);
    render(<Credentials />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Office mail' }));
    expect((screen.getByLabelText('Password') as HTMLInputElement).placeholder).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Edit credential Office mail' })).toBeNull();
    expect(writes(calls)).toEqual([]);
  });
});

describe('share dialog', () => {
  const ann = { user_id: 'u 2', email: 'ann+ops@example.com', access: 'read' };
  const bob = { user_id: 'u3', email: 'bob@example.com', access: 'edit' };

  function runtime(base: string, start: Record<string, unknown>[]) {
    let shares = start;
    return serve((method, url, body) => {
      if (url === `${base}/share` && method === 'GET') return [200, { shares }];
      if (url === `${base}/share` && method === 'POST') {
        const b = body as { email: string; access: string };
        if (b.email !== 'bob@example.com') return problem(404, 'not_found', `User '${b.email}' does not exist`);
        shares = [...shares, bob];
        return [200, { shares }];
      }
      if (url.startsWith(`${base}/share?user_id=`) && method === 'DELETE') {
        const userId = decodeURIComponent(url.slice(url.indexOf('=') + 1));
        shares = shares.filter((s) => s.user_id !== userId);
        return [204, null];
      }
      return problem(404, 'not_found', 'no');
    });
  }

  it('lists the shares, shares by e-mail with the chosen access, shows a 404, and removes by user id, encoded', async () => {
    const calls = runtime('/api/credentials/c1', [ann]);
    render(<ShareDialog base={resourcePath('credentials', 'c1')} title="Share “Office mail”" onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Share “Office mail”' });
    const row = (await within(dialog).findByText('ann+ops@example.com')).closest('tr')!;
    expect(row.textContent).toContain('read');

    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'nobody@example.com' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Share' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe("User 'nobody@example.com' does not exist");

    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'bob@example.com' } });
    fireEvent.change(within(dialog).getByLabelText('Access'), { target: { value: 'edit' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Share' }));
    const bobRow = (await within(dialog).findByText('bob@example.com')).closest('tr')!;
    expect(bobRow.textContent).toContain('edit');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect((within(dialog).getByLabelText('Email') as HTMLInputElement).value).toBe('');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove ann+ops@example.com' }));
    await waitFor(() => expect(within(dialog).queryByText('ann+ops@example.com')).toBeNull());
    expect(writes(calls)).toEqual([
      { method: 'POST', url: '/api/credentials/c1/share', body: { email: 'nobody@example.com', access: 'read' } },
      { method: 'POST', url: '/api/credentials/c1/share', body: { email: 'bob@example.com', access: 'edit' } },
      { method: 'DELETE', url: '/api/credentials/c1/share?user_id=u%202', body: undefined },
    ]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove bob@example.com' }));
    await within(dialog).findByText('Not shared with anyone yet.');
  });

  it('shows the server’s message instead of the list when the caller may not share', async () => {
    serve(() => problem(403, 'forbidden', "Only the owner of credential 'c1' or an admin may share it"));
    render(<ShareDialog base={resourcePath('credentials', 'c1')} title="Share" onClose={() => undefined} />);
    expect((await screen.findByRole('alert')).textContent).toBe("Only the owner of credential 'c1' or an admin may share it");
    expect(screen.queryByLabelText('Email')).toBeNull();
    expect(screen.queryByText('Not shared with anyone yet.')).toBeNull();
  });

  it('opens from the workflow list for that workflow and closes on Escape', async () => {
    const calls = serve((_method, url) => {
      if (url.startsWith('/api/workflows?')) {
        return [200, { items: [{ id: 'w 1', name: 'Nightly sync', status: 'draft', nodes: [], connections: [], total_executions: 0 }], next_cursor: null }];
      }
      if (url === '/api/workflows/w%201/share') return [200, { shares: [] }];
      return problem(404, 'not_found', 'no');
    });
    render(<WorkflowList navigate={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Share Nightly sync' }));
    const dialog = screen.getByRole('dialog', { name: 'Share “Nightly sync”' });
    await within(dialog).findByText('Not shared with anyone yet.');
    expect(last(calls)).toEqual({ method: 'GET', url: '/api/workflows/w%201/share', body: undefined });
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('is offered only to the owner or an admin', async () => {
    const mine = { id: 'w1', owner_id: 'u-ann', name: 'Mine', status: 'draft', nodes: [], connections: [], total_executions: 0 };
    const theirs = { id: 'w2', owner_id: 'u-bob', name: 'Shared with me', status: 'draft', nodes: [], connections: [], total_executions: 0 };
    serve((_method, url) => (url.startsWith('/api/workflows?') ? [200, { items: [mine, theirs], next_cursor: null }] : problem(404, 'not_found', 'no')));
    const ann = { id: 'u-ann', email: 'ann@example.com', role: 'editor' };
    const { unmount } = render(<WorkflowList navigate={() => undefined} me={ann} />);
    await screen.findByText('Shared with me');
    expect(screen.getByRole('button', { name: 'Share Mine' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Share Shared with me' })).toBeNull();
    unmount();
    render(<WorkflowList navigate={() => undefined} me={{ ...ann, id: 'u-admin', role: 'admin' }} />);
    await screen.findByRole('button', { name: 'Share Shared with me' });
    expect(screen.getByRole('button', { name: 'Share Mine' })).toBeTruthy();
  });
});

describe('tokens page', () => {
  it('shows a new token once, lists tokens without their value, and revokes', async () => {
    let list: Record<string, unknown>[] = [{ id: 't1', name: 'ci', created_at: '2026-11-20T10:00:00Z', last_used_at: null }];
    const calls = serve((method, url, body) => {
      if (url === '/api/tokens' && method === 'POST') {
        const record = { id: 't2', name: (body as { name: string }).name, created_at: '2026-11-25T23:00:00Z', last_used_at: null };
        list = [...list, record];
        return [201, { ...record, token: 'wo_secret-value' }];
      }
      if (url === '/api/tokens') return [200, { items: list }];
      if (method === 'DELETE' && url === '/api/tokens/t1') {
        list = list.filter((t) => t.id !== 't1');
        return [204, null];
      }
      return problem(404, 'not_found', 'no');
    });
    render(<Tokens />);
    await screen.findByText('ci');
    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'deploy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByTestId('token-value')).textContent).toBe('wo_secret-value');
    await screen.findByRole('button', { name: 'Revoke deploy' });
    expect(writes(calls)[0].body).toEqual({ name: 'deploy' });

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('token-value')).toBeNull();
    expect(document.body.textContent).not.toContain('wo_secret-value');

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke ci' })).toBeNull());
    expect(last(writes(calls))).toMatchObject({ method: 'DELETE', url: '/api/tokens/t1' });
  });

  it('keeps the token when revoking is not confirmed', async () => {
    const calls = serve(() => [200, { items: [{ id: 't1', name: 'ci' }] }]);
    render(<Tokens />);
    await screen.findByText('ci');
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    expect(writes(calls)).toEqual([]);
  });
});

describe('template gallery', () => {
  it('shows the cards and instantiates with a name and a credential per kind, then opens the workflow', async () => {
    const calls = serve((method, url) => {
      if (url === '/api/templates') {
        return [200, { items: [{ id: 'api-monitoring', name: 'API monitoring', description: 'Check an API and alert', category: 'monitoring', node_types: ['api_request', 'condition', 'webhook_output'], credential_kinds: ['http'] }] }];
      }
      if (url === '/api/credential-kinds') return [200, KINDS];
      if (url === '/api/credentials') return [200, { items: [{ id: 'c1', name: 'Status key', kind: 'http' }, { id: 'c2', name: 'Mail', kind: 'smtp' }] }];
      if (method === 'POST' && url === '/api/templates/api-monitoring/instantiate') return [201, { id: 'wf-9', name: 'Mine', status: 'draft' }];
      return problem(404, 'not_found', 'no');
    });
    const navigate = vi.fn();
    render(<Templates navigate={navigate} />);
    const card = (await screen.findByText('API monitoring')).closest('.card') as HTMLElement;
    for (const text of ['monitoring', 'Check an API and alert', 'api_request', 'condition', 'webhook_output']) expect(card.textContent).toContain(text);

    fireEvent.click(within(card).getByRole('button', { name: 'Use template' }));
    const dialog = screen.getByRole('dialog');
    expect((within(dialog).getByLabelText('Workflow name') as HTMLInputElement).value).toBe('API monitoring');
    fireEvent.change(within(dialog).getByLabelText('Workflow name'), { target: { value: 'Mine' } });
    await within(dialog).findByRole('option', { name: 'Status key' });
    expect(within(dialog).queryByRole('option', { name: 'Mail' })).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Credential (HTTP authentication)'), { target: { value: 'c1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create workflow' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/workflows/wf-9'));
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/templates/api-monitoring/instantiate', body: { name: 'Mine', credentials: { http: 'c1' } } }]);
  });

  it('creates a credential inline and picks it', async () => {
    let list: Record<string, unknown>[] = [];
    const calls = serve((method, url, body) => {
      if (url === '/api/templates') return [200, { items: [{ id: 't', name: 'T', node_types: ['api_request'], credential_kinds: ['http'] }] }];
      if (url === '/api/credential-kinds') return [200, KINDS];
      if (url === '/api/credentials' && method === 'POST') {
        list = [{ id: 'c7', kind: 'http', name: (body as { name: string }).name }];
        return [201, list[0]];
      }
      if (url === '/api/credentials') return [200, { items: list }];
      return [201, { id: 'wf-1' }];
    });
    render(<Templates navigate={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Use template' }));
    fireEvent.click(await screen.findByRole('button', { name: '+ New http credential' }));
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'New key' } });
    fireEvent.change(screen.getByLabelText('Authentication *'), { target: { value: 'bearer' } });
    expect(screen.getByLabelText('Bearer token').getAttribute('type')).toBe('password');
    fireEvent.change(screen.getByLabelText('Bearer token'), { target: { value: 'tok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await waitFor(() => expect((screen.getByLabelText('Credential (HTTP authentication)') as HTMLSelectElement).value).toBe('c7'));
    expect(writes(calls)[0].body).toEqual({ name: 'New key', kind: 'http', fields: { auth: 'bearer', token: 'tok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(2));
    expect(writes(calls)[1].body).toEqual({ name: 'T', credentials: { http: 'c7' } });
  });
});
