import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { page, problem, serve, writes } from './fakeRuntime';
import { Audit } from './pages/Audit';
import { generatePassword, Users } from './pages/Users';

afterEach(() => {
  vi.restoreAllMocks();
  window.history.pushState(null, '', '/');
});

const ROOT = { id: 'u1', email: 'root@example.com', role: 'admin', created_at: '2026-12-01T10:00:00Z' };
const ANN = { id: 'u2', email: 'ann@example.com', role: 'editor', created_at: '2026-12-02T10:00:00Z' };

function accounts() {
  const users: (typeof ROOT & { disabled?: boolean })[] = [{ ...ROOT }, { ...ANN }];
  const calls = serve((method, url, body) => {
    const b = body as Record<string, string>;
    const one = /^\/api\/users\/([^/]+)$/.exec(url);
    if (url === '/api/users' && method === 'POST') {
      if (b.password.length < 8) return problem(400, 'invalid_request', 'password: password must have at least 8 characters');
      const u = { id: `u${users.length + 1}`, email: b.email, role: b.role, created_at: '2026-12-06T10:00:00Z' };
      users.push(u);
      return [201, u];
    }
    if (one && method === 'PUT') {
      const u = users.find((x) => x.id === one[1])!;
      if (b.role) u.role = b.role;
      if ('disabled' in b) u.disabled = Boolean(b.disabled);
      return [200, u];
    }
    if (one && method === 'DELETE') {
      users.splice(users.findIndex((x) => x.id === one[1]), 1);
      return [204, null];
    }
    if (url === '/api/users') return page(users);
    return page([]);
  });
  return { calls, users };
}

describe('users page', () => {
  it('creates a user with a generated password shown once, changes a role, resets a password, disables, enables and deletes', async () => {
    const { calls } = accounts();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(<Users me={ROOT} />);
    await screen.findByText('ann@example.com');
    expect((within(screen.getByText('root@example.com').closest('tr')!).getByRole('button', { name: 'Delete root@example.com' }) as HTMLButtonElement).disabled).toBe(true);

    const form = screen.getByRole('form', { name: 'New user' });
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'bob@example.com' } });
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'viewer' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('password: password must have at least 8 characters')).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Generate' }));
    const generated = (within(form).getByLabelText('Password') as HTMLInputElement).value;
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
    fireEvent.click(within(form).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByTestId('password-value')).toHaveProperty('textContent', generated);
    await screen.findByLabelText('Role of bob@example.com');

    fireEvent.change(screen.getByLabelText('Role of ann@example.com'), { target: { value: 'admin' } });
    await waitFor(() => expect((screen.getByLabelText('Role of ann@example.com') as HTMLSelectElement).value).toBe('admin'));

    fireEvent.click(screen.getByRole('button', { name: 'Reset the password of ann@example.com' }));
    await waitFor(() => expect(screen.getByTestId('hand-over').textContent).toContain('ann@example.com'));
    const fresh = screen.getByTestId('password-value').textContent;

    expect((screen.getByRole('button', { name: 'Disable root@example.com' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Disable ann@example.com' }));
    const enable = await screen.findByRole('button', { name: 'Enable ann@example.com' });
    expect(within(enable.closest('tr')!).getByText('disabled')).toBeTruthy();
    fireEvent.click(enable);
    await screen.findByRole('button', { name: 'Disable ann@example.com' });

    fireEvent.click(screen.getByRole('button', { name: 'Delete bob@example.com' }));
    await waitFor(() => expect(screen.queryByLabelText('Role of bob@example.com')).toBeNull());

    expect(writes(calls).map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/users', { email: 'bob@example.com', password: 'short', role: 'viewer' }],
      ['POST', '/api/users', { email: 'bob@example.com', password: generated, role: 'viewer' }],
      ['PUT', '/api/users/u2', { role: 'admin' }],
      ['PUT', '/api/users/u2', { password: fresh }],
      ['PUT', '/api/users/u2', { disabled: true }],
      ['PUT', '/api/users/u2', { disabled: false }],
      ['DELETE', '/api/users/u3', undefined],
    ]);
  });

  it('generates passwords the server accepts, each different', () => {
    const a = generatePassword();
    expect(a).toHaveLength(16);
    expect(generatePassword()).not.toBe(a);
  });

  it('is offered to admins only', async () => {
    serve((_m, url) => {
      if (url === '/api/me') return [200, ANN];
      if (url === '/api/node-types') return [200, []];
      return page([]);
    });
    window.history.pushState(null, '', '/users');
    render(<App />);
    expect(await screen.findByText('Only admins manage users and read the audit log.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Dashboard' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Agents' })).toBeTruthy();
  });
});

describe('audit log', () => {
  const entry = (id: string, action: string, actor = ROOT) => ({
    id,
    at: '2026-12-06T10:00:00Z',
    actor_id: actor.id,
    actor_email: actor.email,
    action,
    resource_kind: action.split('.')[0],
    resource_id: 'wf1',
    detail: action === 'workflow.update' ? { version: 2 } : null,
  });

  it('filters by who, action and resource, and pages on', async () => {
    const calls = serve((_m, url) => {
      if (url === '/api/users') return page([ROOT, ANN]);
      const q = new URL(url, 'http://x').searchParams;
      if (q.get('cursor') === 'c1') return page([entry('a3', 'workflow.create')]);
      if (q.get('actor_id') === 'u2') return page([entry('a2', 'workflow.update', ANN)]);
      return page([entry('a1', 'user.create'), entry('a2', 'workflow.update', ANN)], 'c1');
    });
    render(<Audit />);
    const table = await screen.findByRole('table', { name: 'Audit entries' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('{"version":2}')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));

    await waitFor(() => expect(within(screen.getByLabelText('Who')).getByRole('option', { name: 'ann@example.com' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Who'), { target: { value: 'u2' } });
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'workflow.' } });
    fireEvent.change(screen.getByLabelText('Resource kind'), { target: { value: 'workflow' } });
    fireEvent.change(screen.getByLabelText('Resource id'), { target: { value: 'wf1' } });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Audit entries' })).getAllByRole('row')).toHaveLength(2));
    const audits = calls.filter((c) => c.url.startsWith('/api/audit')).map((c) => c.url);
    expect(audits[0]).toBe('/api/audit?limit=50');
    expect(audits[1]).toBe('/api/audit?limit=50&cursor=c1');
    expect(audits[audits.length - 1]).toBe('/api/audit?actor_id=u2&action=workflow.&resource_kind=workflow&resource_id=wf1&limit=50');
  });
});
