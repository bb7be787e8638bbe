import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { Connection, Execution, JsonSchema, NodeType, WorkflowDoc } from '../api';
import { ExecutionDetail } from './ExecutionsPanel';
import { highlight } from './CodeField';
import { Palette } from './Palette';
import { EdgePanel, WorkflowPanel } from './Panels';
import { SchemaForm } from './SchemaForm';
import { StepNodeView } from './StepNodeView';
import { ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { NodeMarksContext } from '../editor/marks';
import type { StepNode } from '../graph';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    url: { type: 'string', title: 'URL', description: 'http or https URL', 'x-template': true },
    method: { type: 'string', title: 'Method', enum: ['GET', 'POST'], default: 'GET' },
    headers: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
    retries: { type: 'integer', title: 'Retries', minimum: 0 },
    verbose: { type: 'boolean', title: 'Verbose', description: 'Log more' },
    expression: { type: 'string', title: 'Expression', format: 'expression' },
  },
  required: ['url'],
};

function Harness({ onValue, errors }: { onValue: (v: Record<string, unknown>) => void; errors?: Record<string, string> }) {
  const [value, setValue] = useState<Record<string, unknown>>({});
  return (
    <SchemaForm
      schema={schema}
      value={value}
      errors={errors}
      hints={['data', 'nodes.fetch']}
      onChange={(v) => {
        setValue(v);
        onValue(v);
      }}
    />
  );
}

describe('SchemaForm', () => {
  it('renders a control per schema field and builds the config from them', () => {
    const onValue = vi.fn();
    render(<Harness onValue={onValue} />);
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://x/{{ data.id }}' } });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'POST' } });
    fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: '+ Add' }));
    fireEvent.change(screen.getByLabelText('key'), { target: { value: 'Accept' } });
    fireEvent.change(screen.getByLabelText('value of Accept'), { target: { value: 'application/json' } });
    expect(onValue).toHaveBeenLastCalledWith({
      url: 'https://x/{{ data.id }}',
      method: 'POST',
      retries: 3,
      verbose: true,
      headers: { Accept: 'application/json' },
    });
    expect(screen.getByText('URL *')).toBeTruthy();
  });

  it('shows the validation message on the field it is about', () => {
    const { container } = render(<Harness onValue={() => undefined} errors={{ url: "Node 'a': config.url is required" }} />);
    const field = container.querySelector('[data-field="url"]')!;
    expect(field.className).toContain('has-error');
    expect(field.textContent).toContain('config.url is required');
    expect(container.querySelector('[data-field="method"]')!.className).not.toContain('has-error');
  });

  it('lists upstream names beside template and expression fields', () => {
    const { container } = render(<Harness onValue={() => undefined} />);
    expect(container.querySelector('[data-field="url"]')!.textContent).toContain('nodes.fetch');
    expect(container.querySelector('[data-field="method"]')!.textContent).not.toContain('nodes.fetch');
  });
});

describe('code highlighting', () => {
  it('colours strings, numbers, keywords and operators of an expression', () => {
    const { container } = render(<pre>{highlight("data.status == 'ok' and data.latency > 1000", 'expression')}</pre>);
    const tokens = [...container.querySelectorAll('span')].map((s) => `${s.className}:${s.textContent}`);
    expect(tokens).toEqual(['tok-op:==', "tok-str:'ok'", 'tok-kw:and', 'tok-op:>', 'tok-num:1000']);
  });

  it('marks template placeholders', () => {
    const { container } = render(<pre>{highlight('Hello {{ data.name }} and ${id}', 'template')}</pre>);
    expect([...container.querySelectorAll('.tok-tpl')].map((s) => s.textContent)).toEqual(['{{ data.name }}', '${id}']);
  });
});

const types: NodeType[] = [
  { type: 'api_request', category: 'source', label: 'API Request', description: 'HTTP call', config_schema: {}, inputs: ['input'], outputs: ['output', 'error'], credential_kind: null },
  { type: 'condition', category: 'control', label: 'Condition', description: 'Branch on an expression', config_schema: {}, inputs: ['input'], outputs: ['true', 'false', 'error'], credential_kind: null },
];

describe('Palette', () => {
  it('groups the catalogue by category, searches it, and adds a node on Enter or click', () => {
    const onAdd = vi.fn();
    const { container } = render(<Palette types={types} onAdd={onAdd} />);
    expect(container.querySelector('section[aria-label="source"] [data-type="api_request"]')).toBeTruthy();
    expect(container.querySelector('section[aria-label="control"] [data-type="condition"]')).toBeTruthy();
    expect(container.querySelector('section[aria-label="agent"]')!.textContent).toContain('None available yet');
    fireEvent.change(screen.getByLabelText('Search nodes'), { target: { value: 'branch' } });
    expect(container.querySelector('[data-type="api_request"]')).toBeNull();
    fireEvent.click(container.querySelector('[data-type="condition"]')!);
    expect(onAdd).toHaveBeenCalledWith('condition');
  });
});

describe('EdgePanel', () => {
  function EdgeHarness({ onValue }: { onValue: (c: Connection) => void }) {
    const [c, setC] = useState<Connection>({ source: 'a', target: 'b', sourceHandle: 'true' });
    return (
      <EdgePanel
        connection={c}
        edgeId="a:true->b:input"
        problems={[
          { connection: 2, edge_id: 'a:true->b:input', field: 'connections[2].condition.expression', message: 'Connection 2 (a -> b): condition does not parse' },
          { connection: 0, edge_id: 'x:output->a:input', field: 'connections[0].target', message: 'not this one' },
          { connection: 1, field: 'connections[1].condition.expression', message: 'nor this one, tied to no edge' },
        ]}
        onChange={(next) => {
          setC(next);
          onValue(next);
        }}
        onDelete={() => undefined}
      />
    );
  }

  it('edits the condition and the transform of a connection and marks its own problems', () => {
    const onValue = vi.fn();
    const { container } = render(<EdgeHarness onValue={onValue} />);
    expect(container.textContent).toContain('a (true) → b');
    expect(container.textContent).toContain('condition does not parse');
    expect(container.textContent).not.toContain('not this one');
    expect(container.textContent).not.toContain('nor this one');
    expect(container.querySelector('.field.has-error #edge-condition')).not.toBeNull();
    fireEvent.change(container.querySelector('#edge-condition')!, { target: { value: 'data.total > 5' } });
    fireEvent.change(container.querySelector('#edge-transform')!, { target: { value: 'jmespath' } });
    fireEvent.change(screen.getByLabelText('Transform query'), { target: { value: '{t: total}' } });
    expect(onValue).toHaveBeenLastCalledWith({
      source: 'a', target: 'b', sourceHandle: 'true',
      condition: { expression: 'data.total > 5' },
      transform: { type: 'jmespath', query: '{t: total}' },
    });
    fireEvent.change(container.querySelector('#edge-condition')!, { target: { value: '' } });
    fireEvent.change(container.querySelector('#edge-transform')!, { target: { value: '' } });
    expect(onValue).toHaveBeenLastCalledWith({ source: 'a', target: 'b', sourceHandle: 'true' });
  });

  it('writes a condition and a transform in JSONata when chosen, and back in the default language', () => {
    const onValue = vi.fn();
    const { container } = render(<EdgeHarness onValue={onValue} />);
    fireEvent.change(container.querySelector('#edge-condition')!, { target: { value: 'total > 5' } });
    fireEvent.change(screen.getByLabelText('Condition language'), { target: { value: 'jsonata' } });
    fireEvent.change(container.querySelector('#edge-condition')!, { target: { value: 'total > 6' } });
    fireEvent.change(container.querySelector('#edge-transform')!, { target: { value: 'jsonata' } });
    fireEvent.change(screen.getByLabelText('Transform query'), { target: { value: '{"t": total}' } });
    expect(onValue).toHaveBeenLastCalledWith({
      source: 'a', target: 'b', sourceHandle: 'true',
      condition: { expression: 'total > 6', language: 'jsonata' },
      transform: { type: 'jsonata', query: '{"t": total}' },
    });
    fireEvent.change(screen.getByLabelText('Condition language'), { target: { value: 'webops' } });
    expect(onValue).toHaveBeenLastCalledWith(expect.objectContaining({ condition: { expression: 'total > 6' } }));
  });
});

describe('WorkflowPanel', () => {
  function DocHarness({ onValue }: { onValue: (d: WorkflowDoc) => void }) {
    const [doc, setDoc] = useState<WorkflowDoc>({ name: 'w', nodes: [], connections: [] });
    return (
      <WorkflowPanel
        doc={doc}
        problems={[{ field: 'trigger.cron', message: "trigger.cron is not valid: cron 'x' has 1 field" }]}
        onChange={(d) => {
          setDoc(d);
          onValue(d);
        }}
      />
    );
  }

  it('says when a schedule fires, and shows the runtime\'s verdict on the cron field', () => {
    const onValue = vi.fn();
    const { container } = render(<DocHarness onValue={onValue} />);
    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'schedule' } });
    fireEvent.change(container.querySelector('#cron')!, { target: { value: '*/5 * * * *' } });
    expect(container.textContent).toContain('Every 5 minutes (UTC)');
    expect(container.textContent).toContain("trigger.cron is not valid: cron 'x' has 1 field");
    expect(onValue).toHaveBeenLastCalledWith(expect.objectContaining({ trigger: { type: 'schedule', cron: '*/5 * * * *' } }));
  });

  it('sets a webhook header secret', () => {
    const onValue = vi.fn();
    render(<DocHarness onValue={onValue} />);
    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'webhook' } });
    fireEvent.change(screen.getByLabelText('Webhook path'), { target: { value: 'orders' } });
    fireEvent.change(screen.getByLabelText('Webhook authentication'), { target: { value: 'header' } });
    fireEvent.change(screen.getByLabelText('Header name'), { target: { value: 'X-Token' } });
    fireEvent.change(screen.getByLabelText('Header value'), { target: { value: 's3cret' } });
    expect(onValue).toHaveBeenLastCalledWith(
      expect.objectContaining({ trigger: { type: 'webhook', path: 'orders', auth: { type: 'header', name: 'X-Token', value: 's3cret' } } }),
    );
  });
});

describe('WorkflowPanel webhook body limit', () => {
  it('sets the webhook\'s own body limit, shows the runtime\'s verdict on it, and leaves it out when emptied', () => {
    const onValue = vi.fn();
    function Harness() {
      const [doc, setDoc] = useState<WorkflowDoc>({ name: 'w', nodes: [], connections: [], trigger: { type: 'webhook', path: 'big' } });
      return (
        <WorkflowPanel
          doc={doc}
          problems={[{ field: 'trigger.max_body_bytes', message: 'trigger.max_body_bytes must be a whole number of bytes, 1 or more' }]}
          onChange={(d) => {
            setDoc(d);
            onValue(d);
          }}
        />
      );
    }
    const { container } = render(<Harness />);
    fireEvent.change(screen.getByLabelText('Webhook body limit'), { target: { value: '52428800' } });
    expect(onValue).toHaveBeenLastCalledWith(expect.objectContaining({ trigger: { type: 'webhook', path: 'big', max_body_bytes: 52428800 } }));
    expect(container.textContent).toContain('trigger.max_body_bytes must be a whole number of bytes, 1 or more');
    fireEvent.change(screen.getByLabelText('Webhook body limit'), { target: { value: '' } });
    expect(onValue).toHaveBeenLastCalledWith(expect.objectContaining({ trigger: { type: 'webhook', path: 'big' } }));
  });
});

describe('WorkflowPanel history settings', () => {
  it('sets what executions save and how much history is kept, and leaves out what is at its default', () => {
    const onValue = vi.fn();
    function Harness() {
      const [doc, setDoc] = useState<WorkflowDoc>({ name: 'w', nodes: [], connections: [], settings: { timeout_seconds: 60 } });
      return (
        <WorkflowPanel
          doc={doc}
          problems={[{ field: 'settings.history_max_executions', message: 'settings.history_max_executions must be a whole number, 1 or more' }]}
          onChange={(d) => {
            setDoc(d);
            onValue(d);
          }}
        />
      );
    }
    const { container } = render(<Harness />);
    expect((screen.getByLabelText('Save execution data') as HTMLSelectElement).value).toBe('all');
    fireEvent.change(screen.getByLabelText('Save execution data'), { target: { value: 'errors_only' } });
    fireEvent.change(screen.getByLabelText('Keep history (days)'), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Keep history (executions)'), { target: { value: '500' } });
    expect(onValue).toHaveBeenLastCalledWith(
      expect.objectContaining({ settings: { timeout_seconds: 60, save_execution_data: 'errors_only', history_max_age_days: 7, history_max_executions: 500 } }),
    );
    fireEvent.change(screen.getByLabelText('Save execution data'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Keep history (days)'), { target: { value: '' } });
    expect(onValue).toHaveBeenLastCalledWith(expect.objectContaining({ settings: { timeout_seconds: 60, history_max_executions: 500 } }));
    expect(container.textContent).toContain('settings.history_max_executions must be a whole number, 1 or more');
  });
});

describe('ExecutionDetail', () => {
  const execution: Execution = {
    id: 'e1', workflow_id: 'w', workflow_version: 1, status: 'success', trigger_type: 'manual', trigger_data: null,
    input: null, output: null, error_message: null, error_traceback: null, started_at: '2025-01-01T00:00:00Z',
    completed_at: '2025-01-01T00:00:01Z', duration_ms: 1000, node_logs: [],
  };

  it('says when a run kept no data, and says nothing when it did', () => {
    const { container, rerender } = render(<ExecutionDetail execution={{ ...execution, data_saved: false }} mode={null} selectedNode={null} onNewExecution={() => {}} />);
    expect(container.textContent).toContain('Its data was not saved');
    rerender(<ExecutionDetail execution={execution} mode={null} selectedNode={null} onNewExecution={() => {}} />);
    expect(container.textContent).not.toContain('Its data was not saved');
  });
});

describe('StepNodeView', () => {
  const httpType: NodeType = {
    type: 'api_request', category: 'source', label: 'API Request', description: 'HTTP call',
    config_schema: { type: 'object', properties: { url: { type: 'string' }, method: { type: 'string', default: 'GET' } } },
    inputs: ['input'], outputs: ['output', 'error'], credential_kind: null,
  };
  function show(marks: { problem?: string; status?: string }) {
    const props = {
      id: 'fetch',
      data: { node: { id: 'fetch', type: 'api_request', config: { url: 'https://status.example.com/health' } }, nodeType: httpType },
      selected: false,
    } as unknown as NodeProps<StepNode>;
    return render(
      <ReactFlowProvider>
        <NodeMarksContext.Provider value={{ problemOf: (id) => (id === 'fetch' ? marks.problem : undefined), statusOf: (id) => (id === 'fetch' ? marks.status : undefined) }}>
          <StepNodeView {...props} />
        </NodeMarksContext.Provider>
      </ReactFlowProvider>,
    );
  }

  it('shows the type icon and the config summary, and the marks the canvas gives it', () => {
    const { container, getByTestId } = show({ problem: "Node 'fetch': config.url is not reachable", status: 'failed' });
    expect(container.querySelector('.icon')?.textContent).toBe('⇄');
    expect(container.querySelector('.summary')?.textContent).toBe('GET status.example.com');
    const node = getByTestId('node-fetch');
    expect(node.dataset.status).toBe('failed');
    expect(node.className).toContain('problem');
    expect(node.textContent).toContain('config.url is not reachable');
  });

  it('is unmarked without a problem or status', () => {
    const node = show({}).getByTestId('node-fetch');
    expect(node.dataset.status).toBe('');
    expect(node.className).not.toContain('problem');
  });
});
