import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from './App';
import { NodePanel } from './components/Panels';

type Route = (method: string, url: string, body?: string) => [number, unknown];

function serve(route: Route) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const [status, body] = route(init?.method ?? 'GET', String(input), init?.body as string | undefined);
    return Promise.resolve(new Response(body === null ? '' : JSON.stringify(body), { status }));
  });
}

const page = { items: [], next_cursor: null };

describe('sign-in', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the sign-in screen on 401 and the app once signed in', async () => {
    let signedIn = false;
    const fetch = serve((_method, url, body) => {
      if (url === '/api/auth/login') {
        signedIn = JSON.parse(body!).password === 'secret';
        return signedIn ? [200, { ok: true }] : [401, { error: { code: 'unauthorized', message: 'no', details: [] } }];
      }
      if (!signedIn) return [401, { error: { code: 'unauthorized', message: 'Sign in first', details: [] } }];
      if (url === '/api/me') return [200, { id: 'u1', email: 'ada@example.com', role: 'editor' }];
      if (url === '/api/node-types') return [200, []];
      return [200, page];
    });
    render(<App />);
    await screen.findByText('Sign in to WebOps');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('The email or the password is wrong.');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('ada@example.com (editor)');
    await screen.findByText(/No workflows yet/);
    expect(fetch.mock.calls.some(([u]) => u === '/api/auth/login')).toBe(true);
  });

  it('runs without sign-in when the runtime has no /api/me (404)', async () => {
    serve((_, url) => (url === '/api/me' ? [404, { error: { code: 'not_found', message: 'no route', details: [] } }] : url === '/api/node-types' ? [200, []] : [200, page]));
    render(<App />);
    await screen.findByText(/No workflows yet/);
    expect(screen.queryByText('Sign in to WebOps')).toBeNull();
    expect(screen.queryByText('Sign out')).toBeNull();
  });
});

describe('credential picker', () => {
  afterEach(() => vi.restoreAllMocks());
  const smtpNode = {
    type: 'email', category: 'output', label: 'Email', description: 'send mail', inputs: ['input'], outputs: ['output', 'error'],
    credential_kind: 'smtp', config_schema: { type: 'object', properties: {} },
  };

  it('offers the credentials of the kind the node takes and creates one from the kind schema', async () => {
    const created: unknown[] = [];
    serve((method, url, body) => {
      if (url === '/api/credential-kinds') {
        return [200, { smtp: { type: 'object', title: 'SMTP server', properties: { host: { type: 'string', title: 'Host' }, password: { type: 'string', title: 'Password', format: 'password', writeOnly: true } }, required: ['host'] } }];
      }
      if (method === 'POST') {
        created.push(JSON.parse(body!));
        return [201, { id: 'cred-3', name: 'new', kind: 'smtp' }];
      }
      return [200, [
        { id: 'cred-1', name: 'Office mail', kind: 'smtp', host: 'mail' },
        { id: 'cred-2', name: 'Slack bot', kind: 'slack' },
        ...(created.length ? [{ id: 'cred-3', name: 'new', kind: 'smtp' }] : []),
      ]];
    });
    const onChange = vi.fn();
    render(<NodePanel node={{ id: 'mail', type: 'email', config: { to: 'a@b.c' } }} nodeType={smtpNode} problems={[]} hints={[]} onChange={onChange} onDelete={() => undefined} />);
    await screen.findByRole('option', { name: 'Office mail' });
    expect(screen.queryByRole('option', { name: 'Slack bot' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Credential (SMTP server)'), { target: { value: 'cred-1' } });
    expect(onChange).toHaveBeenLastCalledWith({ id: 'mail', type: 'email', config: { to: 'a@b.c' }, credential: 'cred-1' });

    fireEvent.click(screen.getByRole('button', { name: '+ New smtp credential' }));
    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'new' } });
    fireEvent.change(screen.getByLabelText('Host *'), { target: { value: 'smtp.example.com' } });
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'p' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credential' }));
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ id: 'mail', type: 'email', config: { to: 'a@b.c' }, credential: 'cred-3' }));
    expect(created).toEqual([{ name: 'new', kind: 'smtp', fields: { host: 'smtp.example.com', password: 'p' } }]);
  });

  it('shows the credential a template put in config, and hides the raw credential field of the form', async () => {
    serve((_method, url) => (url === '/api/credential-kinds' ? [200, {}] : [200, { items: [{ id: 'cred-1', name: 'Office mail', kind: 'smtp' }] }]));
    const withField = { ...smtpNode, config_schema: { type: 'object', properties: { credential: { type: 'string', title: 'SMTP credential' }, to: { type: 'string', title: 'To' } }, required: ['credential'] } };
    const onChange = vi.fn();
    render(<NodePanel node={{ id: 'mail', type: 'email', config: { credential: 'cred-1' } }} nodeType={withField} problems={[]} hints={[]} onChange={onChange} onDelete={() => undefined} />);
    await screen.findByRole('option', { name: 'Office mail' });
    expect((screen.getByLabelText('Credential (smtp)') as HTMLSelectElement).value).toBe('cred-1');
    expect(screen.queryByLabelText(/SMTP credential/)).toBeNull();
    expect(screen.getByLabelText('To')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Credential (smtp)'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ id: 'mail', type: 'email' });
  });

  it('prefers the node-level credential, writes only it and drops config.credential', async () => {
    serve((_method, url) => (url === '/api/credential-kinds' ? [200, {}] : [200, { items: [
      { id: 'cred-1', name: 'Office mail', kind: 'smtp' },
      { id: 'cred-2', name: 'Backup mail', kind: 'smtp' },
    ] }]));
    const onChange = vi.fn();
    const both = { id: 'mail', type: 'email', credential: 'cred-2', config: { to: 'a@b.c', credential: 'cred-1' } };
    render(<NodePanel node={both} nodeType={smtpNode} problems={[{ node_id: 'mail', field: 'credential', message: "Node 'mail': credential 'cred-2' does not exist" }]} hints={[]} onChange={onChange} onDelete={() => undefined} />);
    await screen.findByRole('option', { name: 'Office mail' });
    expect((screen.getByLabelText('Credential (smtp)') as HTMLSelectElement).value).toBe('cred-2');
    expect(screen.getByText("Node 'mail': credential 'cred-2' does not exist")).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Credential (smtp)'), { target: { value: 'cred-1' } });
    expect(onChange).toHaveBeenLastCalledWith({ id: 'mail', type: 'email', credential: 'cred-1', config: { to: 'a@b.c' } });
  });

  it('says so when the runtime has no credentials endpoint yet', async () => {
    serve(() => [404, { error: { code: 'not_found', message: 'no route', details: [] } }]);
    render(<NodePanel node={{ id: 'mail', type: 'email' }} nodeType={smtpNode} problems={[]} hints={[]} onChange={() => undefined} onDelete={() => undefined} />);
    await screen.findByText('Credentials are not available on this runtime yet.');
  });
});
