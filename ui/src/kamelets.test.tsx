import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import type { NodeType, WorkflowNode } from './api';
import { App } from './App';
import { Palette } from './components/Palette';
import { NodePanel } from './components/Panels';
import { kameletSecretsSchema } from './components/CredentialForm';
import { ARTEMIS_SINK, FTP_SOURCE, JSONATA_ACTION, KAMELET_CATALOGUE, KAMELET_TYPES, page, S3_SOURCE, serve, SFTP_SOURCE, writes } from './fakeRuntime';
import { Connectors } from './pages/Connectors';

afterEach(() => {
  vi.restoreAllMocks();
  window.history.pushState(null, '', '/');
});

const TRANSFORM: NodeType = {
  type: 'transform', category: 'processor', label: 'Transform', description: 'Reshape the data', inputs: ['input'], outputs: ['output', 'error'],
  credential_kind: null, config_schema: { type: 'object', properties: {} },
};
const TYPES = [TRANSFORM, ...KAMELET_TYPES] as NodeType[];

const items = (el: Element) => [...el.querySelectorAll('.item')].map((b) => b.getAttribute('data-type'));
const connectors = () => screen.getByRole('region', { name: 'Connectors (Camel Kamelets)' });
const group = (provider: string) => within(connectors()).getByRole('group', { name: `${provider} connectors` });

describe('palette: Kamelet connectors', () => {
  it('puts the Kamelets in their own section by provider, folded, with counts; built-in types stay by category', () => {
    const onAdd = vi.fn();
    const { container } = render(<Palette types={TYPES} onAdd={onAdd} />);
    expect(items(container.querySelector('section[aria-label="processor"]')!)).toEqual(['transform']);
    expect(container.querySelector('section[aria-label="source"] [data-type^="kamelet:"]')).toBeNull();

    const toggles = within(connectors()).getAllByRole('button', { expanded: false });
    expect(toggles.map((b) => b.textContent)).toEqual(['▸ Apache (4)', '▸ AWS (1)', '▸ Google (1)']);
    expect(items(connectors())).toEqual([]);

    fireEvent.click(toggles[0]);
    expect(items(group('Apache'))).toEqual(['kamelet:ftp-source', 'kamelet:jms-apache-artemis-sink', 'kamelet:jsonata-action', 'kamelet:sftp-source']);
    expect(items(group('AWS'))).toEqual([]);
    const sftp = group('Apache').querySelector('[data-type="kamelet:sftp-source"]')!;
    expect(within(sftp as HTMLElement).getByTestId('kamelet-kind').textContent).toBe('source');
    expect(within(group('Apache').querySelector('[data-type="kamelet:jsonata-action"]') as HTMLElement).getByTestId('kamelet-kind').textContent).toBe('action');
    fireEvent.click(sftp);
    expect(onAdd).toHaveBeenCalledWith('kamelet:sftp-source');

    fireEvent.click(within(group('Apache')).getByRole('button', { name: '▾ Apache (4)', expanded: true }));
    expect(items(connectors())).toEqual([]);
  });

  it('searches the connectors by label, name, group and provider, opening the groups that match', () => {
    const { container } = render(<Palette types={TYPES} onAdd={() => undefined} />);
    const search = screen.getByLabelText('Search nodes');

    fireEvent.change(search, { target: { value: 'artemis' } });
    expect(items(connectors())).toEqual(['kamelet:jms-apache-artemis-sink']);
    expect(within(connectors()).getAllByRole('group').map((g) => g.getAttribute('data-provider'))).toEqual(['Apache']);

    fireEvent.change(search, { target: { value: 'sftp' } }); // the group "SFTP"
    expect(items(connectors())).toEqual(['kamelet:sftp-source']);

    fireEvent.change(search, { target: { value: 'FTP' } }); // FTP and SFTP
    expect(items(connectors())).toEqual(['kamelet:ftp-source', 'kamelet:sftp-source']);

    fireEvent.change(search, { target: { value: 'google' } }); // the provider
    expect(items(connectors())).toEqual(['kamelet:google-pubsub-sink']);

    fireEvent.change(search, { target: { value: 'S3 Source' } }); // the label
    expect(items(connectors())).toEqual(['kamelet:aws-s3-source']);
    expect(items(container.querySelector('section[aria-label="processor"]')!)).toEqual([]);

    fireEvent.change(search, { target: { value: 'nothing like it' } });
    expect(within(connectors()).getByText('No match')).toBeTruthy();

    fireEvent.change(search, { target: { value: '' } });
    expect(items(connectors())).toEqual([]);
  });

  it('has no connector section when the operator allowed no Kamelet', () => {
    render(<Palette types={[TRANSFORM]} onAdd={() => undefined} />);
    expect(screen.queryByRole('region', { name: 'Connectors (Camel Kamelets)' })).toBeNull();
  });
});

function Inspector({ type, start = {}, onNode }: { type: NodeType; start?: Record<string, unknown>; onNode?: (n: WorkflowNode) => void }) {
  const [node, setNode] = useState<WorkflowNode>({ id: 'k1', type: type.type, config: start });
  return (
    <NodePanel
      node={node}
      nodeType={type}
      problems={[]}
      hints={[]}
      onChange={(n) => {
        setNode(n);
        onNode?.(n);
      }}
      onDelete={() => undefined}
    />
  );
}

const fieldsIn = (el: Element) => [...el.querySelectorAll(':scope .field[data-field]')].map((f) => f.getAttribute('data-field'));

describe('inspector of a Kamelet node', () => {
  const kinds = { kamelet: { type: 'object', title: 'Kamelet secrets', additionalProperties: { type: 'string', format: 'password' } } };

  it('shows the required fields first and the optional ones under More options, with defaults, booleans and integers', async () => {
    serve((_m, url) => (url === '/api/credential-kinds' ? [200, kinds] : page([])));
    const onNode = vi.fn();
    render(<Inspector type={SFTP_SOURCE as NodeType} onNode={onNode} />);
    await screen.findByText('No kamelet credential yet.', { exact: false });

    const required = screen.getByTestId('required-fields');
    expect(fieldsIn(required)).toEqual(['connectionHost', 'connectionPort', 'directoryName']);
    expect(within(required).getByText('Connection Host *')).toBeTruthy();
    expect(within(required).getByText('The hostname of the SFTP server.')).toBeTruthy();
    expect((screen.getByLabelText('Connection Port *') as HTMLInputElement).placeholder).toBe('22');

    const more = screen.getByTestId('more-options') as HTMLDetailsElement;
    expect(more.open).toBe(false);
    expect(within(more).getByText('More options (6)')).toBeTruthy();
    expect(fieldsIn(more)).toEqual(['username', 'passiveMode', 'recursive', 'idempotent', 'privateKeyUri', 'delete']);
    expect((screen.getByLabelText('Idempotency') as HTMLInputElement).checked).toBe(true); // default true
    expect((screen.getByLabelText('Passive Mode') as HTMLInputElement).checked).toBe(false);
    expect(document.querySelector('[data-field="password"]')).toBeNull(); // a secret is no config field

    fireEvent.change(screen.getByLabelText('Connection Host *'), { target: { value: 'sftp.example.com' } });
    fireEvent.click(screen.getByLabelText('Recursive'));
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ada' } });
    expect(onNode).toHaveBeenLastCalledWith({ id: 'k1', type: 'kamelet:sftp-source', config: { connectionHost: 'sftp.example.com', recursive: true, username: 'ada' } });
  });

  it('keeps integers, enums and defaults what the schema says', async () => {
    serve((_m, url) => (url === '/api/credential-kinds' ? [200, kinds] : page([])));
    const onNode = vi.fn();
    render(<Inspector type={S3_SOURCE as NodeType} onNode={onNode} />);
    expect(fieldsIn(screen.getByTestId('required-fields'))).toEqual(['bucketNameOrArn', 'region']);
    expect(within(screen.getByLabelText('AWS Region *')).getAllByRole('option').map((o) => o.textContent)).toEqual(['—', 'eu-west-1', 'us-east-1']);
    fireEvent.change(screen.getByLabelText('AWS Region *'), { target: { value: 'us-east-1' } });
    expect((screen.getByLabelText('Max messages per poll') as HTMLInputElement).placeholder).toBe('10');
    fireEvent.change(screen.getByLabelText('Max messages per poll'), { target: { value: '25' } });
    expect(onNode).toHaveBeenLastCalledWith({ id: 'k1', type: 'kamelet:aws-s3-source', config: { region: 'us-east-1', maxMessagesPerPoll: 25 } });
  });

  it('opens More options when an optional field has a value or a problem', async () => {
    serve((_m, url) => (url === '/api/credential-kinds' ? [200, kinds] : page([])));
    const { unmount } = render(<Inspector type={SFTP_SOURCE as NodeType} start={{ recursive: true }} />);
    expect((screen.getByTestId('more-options') as HTMLDetailsElement).open).toBe(true);
    expect(screen.getByTestId('kamelet-info').textContent).toBe('Camel Kamelet sftp-source · Apache · SFTP · source');
    unmount();

    const node = { id: 'k1', type: 'kamelet:sftp-source' };
    const problem = { node_id: 'k1', field: 'config.privateKeyUri', message: "Node 'k1': config.privateKeyUri must match ^(http|https|file|classpath|ref|bean)://.*" };
    const { rerender } = render(<NodePanel node={node} nodeType={SFTP_SOURCE as NodeType} problems={[]} hints={[]} onChange={() => undefined} onDelete={() => undefined} />);
    expect((screen.getByTestId('more-options') as HTMLDetailsElement).open).toBe(false);
    rerender(<NodePanel node={node} nodeType={SFTP_SOURCE as NodeType} problems={[problem]} hints={[]} onChange={() => undefined} onDelete={() => undefined} />);
    expect((screen.getByTestId('more-options') as HTMLDetailsElement).open).toBe(true);
    expect(within(screen.getByTestId('more-options')).getByRole('alert').textContent).toContain('config.privateKeyUri must match');
  });

  it('has no More options when every field is required', () => {
    serve((_m, url) => (url === '/api/credential-kinds' ? [200, kinds] : page([])));
    render(<Inspector type={JSONATA_ACTION as NodeType} />);
    expect(fieldsIn(screen.getByTestId('required-fields'))).toEqual(['template']);
    expect(screen.queryByTestId('more-options')).toBeNull();
  });

  it("creates a kamelet credential with exactly the Kamelet's secret properties, as password fields, and picks it", async () => {
    const created: unknown[] = [];
    const saved = { id: 'cred-9', name: 'aws box', kind: 'kamelet', secret_fields: ['accessKey', 'secretKey'] };
    serve((method, url, body) => {
      if (url === '/api/credential-kinds') return [200, kinds];
      if (method === 'POST' && url === '/api/credentials') {
        created.push(body);
        return [201, saved];
      }
      return page([
        { id: 'cred-1', name: 'Other AWS', kind: 'kamelet', secret_fields: ['accessKey'] },
        { id: 'cred-2', name: 'SFTP box', kind: 'kamelet', secret_fields: ['password'] },
        { id: 'cred-3', name: 'Office mail', kind: 'smtp', secret_fields: ['password'] },
        ...created.map(() => saved),
      ]);
    });
    const onNode = vi.fn();
    render(<Inspector type={S3_SOURCE as NodeType} onNode={onNode} />);
    await screen.findByRole('option', { name: 'Other AWS' });
    expect(screen.queryByRole('option', { name: 'SFTP box' })).toBeNull(); // sets a secret S3 does not have
    expect(screen.queryByRole('option', { name: 'Office mail' })).toBeNull();
    expect(screen.getByLabelText('Credential (AWS S3 Source secrets)')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '+ New kamelet credential' }));
    const form = screen.getByRole('form', { name: 'New kamelet credential' });
    const secretInputs = [...form.querySelectorAll('.field[data-field] > input')] as HTMLInputElement[];
    expect(secretInputs.map((i) => [i.id, i.type, i.value])).toEqual([['f-accessKey', 'password', ''], ['f-secretKey', 'password', '']]);
    expect(within(form).queryByRole('button', { name: '+ Add' })).toBeNull(); // no free key/value pairs

    fireEvent.change(within(form).getByLabelText('Name *'), { target: { value: 'aws box' } });
    fireEvent.change(within(form).getByLabelText('accessKey'), { target: { value: 'AKIA1' } });
    fireEvent.change(within(form).getByLabelText('secretKey'), { target: { value: 's3cret' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));

    await waitFor(() => expect(onNode).toHaveBeenLastCalledWith({ id: 'k1', type: 'kamelet:aws-s3-source', credential: 'cred-9' }));
    expect(created).toEqual([{ name: 'aws box', kind: 'kamelet', fields: { accessKey: 'AKIA1', secretKey: 's3cret' } }]);
    expect(screen.queryByRole('form', { name: 'New kamelet credential' })).toBeNull();
    expect(document.body.innerHTML).not.toContain('s3cret');
  });

  it('marks a secret the Kamelet requires', () => {
    const schema = kameletSecretsSchema(FTP_SOURCE as NodeType);
    expect(schema.properties).toEqual({ password: { type: 'string', title: 'password', format: 'password' } });
    expect(schema.required).toEqual(['password']);
    expect(kameletSecretsSchema(SFTP_SOURCE as NodeType).required).toEqual([]);
  });

  it('offers no credential for a Kamelet without secrets', async () => {
    const calls = serve((_m, url) => (url === '/api/credential-kinds' ? [200, kinds] : page([])));
    const onNode = vi.fn();
    render(<Inspector type={ARTEMIS_SINK as NodeType} onNode={onNode} />);
    expect(screen.getByText('This connector takes no secrets, so no credential.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '+ New kamelet credential' })).toBeNull();
    expect(fieldsIn(screen.getByTestId('required-fields'))).toEqual(['destinationName', 'brokerURL']);
    expect((screen.getByLabelText('Broker URL *') as HTMLInputElement).placeholder).toBe('e.g. tcp://my-host:61616');
    fireEvent.change(screen.getByLabelText('Destination Type'), { target: { value: 'topic' } });
    expect(onNode).toHaveBeenLastCalledWith({ id: 'k1', type: 'kamelet:jms-apache-artemis-sink', config: { destinationType: 'topic' } });
    expect(calls.filter((c) => c.url.startsWith('/api/credentials'))).toEqual([]);
  });
});

describe('admin page Connectors', () => {
  const rows = () => within(screen.getByRole('table', { name: 'Kamelets' })).getAllByRole('row').slice(1);
  const names = () => rows().map((r) => r.getAttribute('data-kamelet'));

  it('lists the catalogue with statuses and reasons, shows the allow setting read-only, and filters', async () => {
    serve(() => [200, KAMELET_CATALOGUE]);
    render(<Connectors />);
    await screen.findByRole('table', { name: 'Kamelets' });
    expect(names()).toHaveLength(10);
    expect(screen.getByTestId('kamelets-allow').textContent).toBe(KAMELET_CATALOGUE.allow);
    expect(screen.getByTestId('kamelets-counts').textContent).toBe('6 of 10 enabled');
    expect(screen.queryByRole('textbox', { name: /WEBOPS_KAMELETS/ })).toBeNull();
    expect(document.body.textContent).toContain('operator chooses them with the WEBOPS_KAMELETS setting');

    const status = (name: string) => within(document.querySelector(`tr[data-kamelet="${name}"]`) as HTMLElement).getByTestId('kamelet-status').textContent;
    expect(status('sftp-source')).toBe('enabled');
    expect(status('kafka-source')).toBe('needs a jar needs jar org.apache.camel:camel-kafka');
    expect(status('exec-sink')).toBe('refused runs operating-system commands: never enabled');
    expect(status('slack-sink')).toBe('not allowed not in WEBOPS_KAMELETS');

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'enabled' } });
    expect(names()).toEqual(['sftp-source', 'ftp-source', 'jsonata-action', 'jms-apache-artemis-sink', 'aws-s3-source', 'google-pubsub-sink']);
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'AWS' } });
    expect(names()).toEqual(['aws-s3-source']);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Search connectors'), { target: { value: 'sink' } });
    expect(names()).toEqual(['jms-apache-artemis-sink', 'google-pubsub-sink', 'exec-sink', 'slack-sink', 'azure-storage-blob-sink']);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'needs_jar' } });
    expect(screen.getByText('No connector matches.')).toBeTruthy();
    expect(within(screen.getByLabelText('Provider')).getAllByRole('option').map((o) => o.textContent)).toEqual(['any provider', 'Apache', 'AWS', 'Azure', 'Google', 'Slack']);
  });

  it('says why when the runtime refuses', async () => {
    serve(() => [403, { error: { code: 'forbidden', message: 'Only admins see the Kamelet catalogue', details: [] } }]);
    render(<Connectors />);
    expect(await screen.findByText('Only admins see the Kamelet catalogue')).toBeTruthy();
  });

  const app = (role: string) =>
    serve((_m, url) => {
      if (url === '/api/me') return [200, { id: 'u1', email: 'x@example.com', role }];
      if (url === '/api/node-types') return [200, TYPES];
      if (url === '/api/admin/kamelets') return [200, KAMELET_CATALOGUE];
      return page([]);
    });

  it('is in the admin navigation and opens from it', async () => {
    const calls = app('admin');
    render(<App />);
    fireEvent.click(await screen.findByRole('link', { name: 'Connectors' }));
    await screen.findByRole('table', { name: 'Kamelets' });
    expect(window.location.pathname).toBe('/connectors');
    expect(writes(calls)).toEqual([]);
  });

  it('is not offered to non-admins and not fetched for them', async () => {
    const calls = app('editor');
    window.history.pushState(null, '', '/connectors');
    render(<App />);
    expect(await screen.findByText('Only admins see the connector catalogue.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Connectors' })).toBeNull();
    expect(calls.some((c) => c.url === '/api/admin/kamelets')).toBe(false);
  });
});
