import type { NodeType, WorkflowNode } from './api';
import { firstWords, hostOf, nodeIcon, nodeSummary } from './summary';

function type(t: string, category: string, properties: NodeType['config_schema']['properties'] = {}): NodeType {
  return { type: t, category, label: t, description: '', config_schema: { type: 'object', properties }, inputs: ['input'], outputs: ['output'], credential_kind: null };
}

const node = (t: string, config: Record<string, unknown>): WorkflowNode => ({ id: `${t}_1`, type: t, config });

describe('node summaries', () => {
  it('says the method and host of an HTTP call, the method from the schema default when unset', () => {
    const http = type('api_request', 'source', { url: { type: 'string' }, method: { type: 'string', default: 'GET' } });
    expect(nodeSummary(node('api_request', { url: 'https://api.example.com:8443/v1/health?x=1' }), http)).toBe('GET api.example.com:8443');
    expect(nodeSummary(node('api_request', { url: 'https://x.org/a', method: 'delete' }), http)).toBe('DELETE x.org');
    const out = type('webhook_output', 'output', { url: { type: 'string' }, method: { type: 'string', default: 'POST' } });
    expect(nodeSummary(node('webhook_output', { url: '{{ data.callback }}' }), out)).toBe('POST {{ data.callback }}');
  });

  it('shows the condition expression and a filter\'s path and condition', () => {
    expect(nodeSummary(node('condition', { expression: "data.status == 'ok'" }))).toBe("data.status == 'ok'");
    expect(nodeSummary(node('filter', { path: 'data.items', condition: 'item.total > 5' }))).toBe('data.items where item.total > 5');
  });

  it('gives the first words of SQL, on one line', () => {
    expect(nodeSummary(node('database_query', { query: 'SELECT id, name\n  FROM customers\n WHERE active = true' }))).toBe('SELECT id, name FROM customers WHERE …');
    expect(nodeSummary(node('database_write', { table: 'orders', mode: 'upsert' }))).toBe('upsert into orders');
    expect(firstWords('  a b  ')).toBe('a b');
  });

  it('names the model of an LLM node, and says a schedule in words', () => {
    expect(nodeSummary(node('llm', { model: 'gpt-4o-mini', prompt: 'Summarise {content}' }))).toBe('gpt-4o-mini');
    const timer = type('cron-source', 'source', { cron: { type: 'string' } });
    expect(nodeSummary(node('cron-source', { cron: '0 9 * * 1-5' }), timer)).toBe('At 09:00 on weekdays');
    expect(nodeSummary(node('cron-source', { cron: 'nonsense' }), timer)).toBe('nonsense');
  });

  it('summarises other types by their main fields', () => {
    expect(nodeSummary(node('aggregate', { path: 'data', operations: [{ op: 'sum', field: 'amount' }, { op: 'count' }], group_by: 'region' }))).toBe('sum(amount), count by region');
    expect(nodeSummary(node('delay', { seconds: 30 }))).toBe('30 s');
    expect(nodeSummary(node('email', { to: 'ops@example.com', subject: 'Down' }))).toBe('to ops@example.com: Down');
    expect(nodeSummary(node('transform', { type: 'jmespath', query: '{t: total}' }))).toBe('jmespath: {t: total}');
  });

  it('is empty when nothing is configured, and never shows a secret of an unlisted type', () => {
    expect(nodeSummary({ id: 'c', type: 'condition' })).toBe('');
    const sink = type('telegram-sink', 'output', { authorizationToken: { type: 'string', format: 'password' }, chatId: { type: 'string' } });
    expect(nodeSummary(node('telegram-sink', { authorizationToken: 's3cret', chatId: '42' }), sink)).toBe('42');
  });

  it('clips a long line', () => {
    const s = nodeSummary(node('condition', { expression: `data.x == '${'a'.repeat(100)}'` }));
    expect(s).toHaveLength(60);
    expect(s.endsWith('…')).toBe(true);
  });

  it('reads a host from a URL, and keeps a template as it is', () => {
    expect(hostOf('http://127.0.0.1:9/alert')).toBe('127.0.0.1:9');
    expect(hostOf('{{ data.url }}')).toBe('{{ data.url }}');
  });
});

describe('node icons', () => {
  it('has an icon per known type, else per category', () => {
    expect(nodeIcon('email', 'output')).toBe('✉');
    expect(nodeIcon('condition', 'control')).toBe('◇');
    expect(nodeIcon('agent_memory', 'agent')).toBe('✱');
    expect(nodeIcon('telegram-sink', 'output')).toBe('▶');
    expect(nodeIcon('mystery')).toBe('○');
  });
});
