import type { Edge, Node } from '@xyflow/react';
import type { Connection, NodeType, WorkflowDoc, WorkflowNode } from './api';

export interface StepData extends Record<string, unknown> {
  node: WorkflowNode;
  nodeType?: NodeType;
}

export interface LinkData extends Record<string, unknown> {
  connection: Connection;
}

export type StepNode = Node<StepData, 'step'>;
export type LinkEdge = Edge<LinkData>;

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

export function edgeId(c: Connection): string {
  return `${c.source}:${c.sourceHandle ?? 'output'}->${c.target}:${c.targetHandle ?? 'input'}`;
}

export function edgeLabel(c: Connection): string | undefined {
  const parts: string[] = [];
  if (c.condition?.expression) parts.push(`if ${c.condition.expression}`);
  if (c.transform) parts.push(`⇢ ${c.transform.type}`);
  return parts.length ? parts.join(' · ') : undefined;
}

export function toEdge(c: Connection): LinkEdge {
  const handle = c.sourceHandle ?? 'output';
  return {
    id: edgeId(c),
    source: c.source,
    target: c.target,
    sourceHandle: handle,
    targetHandle: c.targetHandle ?? 'input',
    label: edgeLabel(c),
    className: `h-${handle}`,
    style: handle === 'error' ? { stroke: '#c92a2a', strokeDasharray: '5 4' } : undefined,
    data: { connection: c },
  };
}

/** The document as the canvas shows it: positions for nodes that have none come from a simple grid. */
export function toFlow(doc: WorkflowDoc, types: Map<string, NodeType>): { nodes: StepNode[]; edges: LinkEdge[] } {
  // a document still loading (or a version answer without a graph) draws an empty canvas, never throws
  const nodes: StepNode[] = (doc.nodes ?? []).map((n, i) => ({
    id: n.id,
    type: 'step',
    position: n.position ?? { x: 40 + (i % 5) * 260, y: 40 + Math.floor(i / 5) * 120 },
    data: { node: n, nodeType: types.get(n.type) },
  }));
  return { nodes, edges: (doc.connections ?? []).map(toEdge) };
}

/** Back to the §2 document: positions from the canvas, pins of nodes still there, everything else as it came. */
export function toDoc(base: WorkflowDoc, nodes: StepNode[], edges: LinkEdge[]): WorkflowDoc {
  const { pin_data: pins, ...rest } = base;
  const kept = Object.entries(pins ?? {}).filter(([id]) => nodes.some((n) => n.id === id));
  return {
    ...rest,
    ...(kept.length ? { pin_data: Object.fromEntries(kept) } : {}),
    nodes: nodes.map((n) => ({ ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } })),
    connections: edges.map((e) => {
      const c: Connection = { ...(e.data?.connection ?? { source: e.source, target: e.target }) };
      c.source = e.source;
      c.target = e.target;
      if (e.sourceHandle && e.sourceHandle !== 'output') c.sourceHandle = e.sourceHandle;
      else delete c.sourceHandle;
      if (e.targetHandle && e.targetHandle !== 'input') c.targetHandle = e.targetHandle;
      else delete c.targetHandle;
      return c;
    }),
  };
}

/**
 * A node id not yet used: the type's name and the next free number. A Kamelet type drops its `kamelet:` and the
 * dashes (`kamelet:sftp-source` → `sftp_source_1`), so ids stay plain words in edge ids, routes and selectors.
 */
export function freshId(type: string, taken: Set<string>): string {
  const base = type.replace(/^kamelet:/, '').replace(/[^A-Za-z0-9_]/g, '_');
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Ids of the nodes upstream of `id`, nearest first (for template hints). */
export function upstream(id: string, edges: { source: string; target: string }[]): string[] {
  const seen = new Set<string>();
  const queue = [id];
  const order: string[] = [];
  while (queue.length) {
    const current = queue.shift()!;
    for (const e of edges) {
      if (e.target === current && !seen.has(e.source)) {
        seen.add(e.source);
        order.push(e.source);
        queue.push(e.source);
      }
    }
  }
  return order;
}

function keysOf(value: unknown): string[] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

/**
 * Names a template or expression of node `id` can use: `data` (with the fields its input had in a
 * sample run), `trigger`, and each upstream node as `nodes.<id>` (with the fields of its output in
 * that run).
 */
export function templateHints(
  id: string,
  upstreamIds: string[],
  sample?: { node_logs: { node_id: string; input: unknown; output: unknown }[] } | null,
): string[] {
  const log = (nodeId: string) => sample?.node_logs.find((l) => l.node_id === nodeId);
  const hints = ['data', ...keysOf(log(id)?.input).map((k) => `data.${k}`), 'trigger'];
  for (const u of upstreamIds) {
    hints.push(`nodes.${u}`, ...keysOf(log(u)?.output).map((k) => `nodes.${u}.${k}`));
  }
  return hints.slice(0, 30);
}
