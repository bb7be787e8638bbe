import type { NodeType, WorkflowDoc } from './api';
import { freshId, templateHints, toDoc, toFlow, upstream } from './graph';
import { autoLayout } from './layout';

const doc: WorkflowDoc = {
  name: 'Order router',
  trigger: { type: 'webhook', path: 'orders' },
  nodes: [
    { id: 'in', type: 'webhook_input', position: { x: 10, y: 20 }, colour: 'blue' },
    { id: 'big', type: 'condition', config: { expression: 'data.total > 100' } },
    { id: 'vip', type: 'transform', label: 'VIP', enabled: false },
  ],
  connections: [
    { source: 'in', target: 'big', transform: { type: 'jmespath', query: '{total: total}' } },
    { source: 'big', target: 'vip', sourceHandle: 'true', condition: { expression: 'data.total > 1000' } },
  ],
};
const types = new Map<string, NodeType>();

describe('canvas ⇄ document', () => {
  it('round-trips every field, extra canvas fields included, and gives missing positions', () => {
    const { nodes, edges } = toFlow(doc, types);
    const back = toDoc({ ...doc, nodes: [], connections: [] }, nodes, edges);
    expect(back.nodes[0]).toEqual(doc.nodes[0]);
    expect(back.nodes[1].position).toBeDefined();
    expect({ ...back.nodes[2], position: undefined }).toEqual({ ...doc.nodes[2], position: undefined });
    expect(back.connections).toEqual(doc.connections);
    expect(back.trigger).toEqual(doc.trigger);
  });

  it('draws the handle an edge leaves from and labels its condition', () => {
    const { edges } = toFlow(doc, types);
    expect(edges[1].sourceHandle).toBe('true');
    expect(edges[1].label).toBe('if data.total > 1000');
    expect(edges[0].sourceHandle).toBe('output');
  });

  it('lists upstream nodes nearest first, for template hints', () => {
    expect(upstream('vip', doc.connections)).toEqual(['big', 'in']);
    expect(upstream('in', doc.connections)).toEqual([]);
  });

  it('offers upstream outputs and the input fields of a sample run as template names', () => {
    const sample = {
      node_logs: [
        { node_id: 'in', input: { total: 1 }, output: { total: 1, id: 7 } },
        { node_id: 'big', input: { total: 1, id: 7 }, output: { total: 1, id: 7 } },
      ],
    };
    expect(templateHints('big', ['in'], sample)).toEqual(['data', 'data.total', 'data.id', 'trigger', 'nodes.in', 'nodes.in.total', 'nodes.in.id']);
    expect(templateHints('vip', ['big', 'in'], null)).toEqual(['data', 'trigger', 'nodes.big', 'nodes.in']);
  });

  it('numbers new nodes after the ids already taken', () => {
    expect(freshId('filter', new Set(['filter_1', 'filter_2']))).toBe('filter_3');
    expect(freshId('kamelet:jms-apache-artemis-sink', new Set(['jms_apache_artemis_sink_1']))).toBe('jms_apache_artemis_sink_2');
  });
});

describe('auto-layout', () => {
  it('places each node to the right of the nodes that feed it', () => {
    const at = autoLayout(
      ['a', 'b', 'c'].map((id) => ({ id, width: 200, height: 60 })),
      [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }],
    );
    expect(at.get('a')!.x).toBeLessThan(at.get('b')!.x);
    expect(at.get('b')!.x).toBeLessThan(at.get('c')!.x);
  });
});
