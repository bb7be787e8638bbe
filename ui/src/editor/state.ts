// The editor's document state and every change to it, as one reducer: undo is a history of
// earlier states, so each change only has to say whether it is worth an undo step.
import { addEdge, applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { Connection, NodeType, Workflow, WorkflowDoc, WorkflowNode } from '../api';
import { freshId, type LinkEdge, type StepNode, toEdge, toFlow } from '../graph';

/** What undo restores: the document as the canvas holds it. */
export interface Snapshot {
  base: WorkflowDoc;
  nodes: StepNode[];
  edges: LinkEdge[];
}

export interface EditorState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  /** The workflow as the server last returned it; null until the first save. */
  saved: Workflow | null;
  dirty: boolean;
  /**
   * The last recorded change. Further edits of the same thing (a node's config, an edge, the
   * name) join its undo step until a pause, another change or a new selection ends it.
   */
  lastEdit: { key: string; at: number };
  clipboard: { nodes: StepNode[]; edges: LinkEdge[] } | null;
  /** Counts the graphs opened or imported: each is fitted into view once measured. */
  fits: number;
}

export type EditorAction =
  | { type: 'new' }
  | { type: 'opened'; workflow: Workflow; catalogue: Map<string, NodeType> }
  | { type: 'imported'; doc: WorkflowDoc; catalogue: Map<string, NodeType>; at: number }
  | { type: 'saved'; workflow: Workflow }
  | { type: 'nodesChanged'; changes: NodeChange<StepNode>[]; at: number }
  | { type: 'edgesChanged'; changes: EdgeChange<LinkEdge>[]; at: number }
  | { type: 'connected'; connection: Connection; at: number }
  | { type: 'nodeAdded'; node: WorkflowNode; position: { x: number; y: number }; nodeType?: NodeType; at: number }
  | { type: 'nodeEdited'; id: string; node: WorkflowNode; at: number }
  | { type: 'edgeEdited'; id: string; connection: Connection; at: number }
  | { type: 'baseEdited'; base: WorkflowDoc; key: string; at: number }
  | { type: 'laidOut'; positions: Map<string, { x: number; y: number }>; at: number }
  | { type: 'selected'; ids: string[] | 'all' }
  | { type: 'selectionDeleted'; at: number }
  | { type: 'copied' }
  | { type: 'pasted'; at: number }
  | { type: 'undo' }
  | { type: 'redo' };

const LIMIT = 100;
const COALESCE_MS = 5000;

const EMPTY: WorkflowDoc = { name: 'Untitled workflow', trigger: { type: 'manual' }, nodes: [], connections: [] };

function opened(doc: WorkflowDoc, catalogue: Map<string, NodeType>): Snapshot {
  const { nodes, edges } = toFlow(doc, catalogue);
  return { base: { ...doc, nodes: [], connections: [] }, nodes, edges };
}

export const initialState: EditorState = {
  ...opened(EMPTY, new Map()),
  past: [],
  future: [],
  saved: null,
  dirty: false,
  lastEdit: { key: '', at: 0 },
  clipboard: null,
  fits: 0,
};

/** The document fields of a stored workflow (its id, status and statistics left out). */
export function documentOf(w: Workflow): WorkflowDoc {
  const {
    id: _i, status: _s, version: _v, total_executions: _t, successful_executions: _se, failed_executions: _f,
    last_executed_at: _l, average_duration_ms: _a, created_at: _c, updated_at: _u, ...doc
  } = w;
  return doc;
}

/** The state before a change goes on the undo history, unless it continues the last edit of the same key. */
function record(s: EditorState, key: string, at: number): EditorState {
  if (key && s.lastEdit.key === key && at - s.lastEdit.at < COALESCE_MS) {
    return { ...s, lastEdit: { key, at }, dirty: true };
  }
  const past = [...s.past, { base: s.base, nodes: s.nodes, edges: s.edges }].slice(-LIMIT);
  return { ...s, past, future: [], lastEdit: { key, at }, dirty: true };
}

/** Selecting something else ends an edit: the next one is an undo step of its own (a drag goes on). */
function endEditOnSelect(s: EditorState, changes: { type: string }[]): EditorState {
  return s.lastEdit.key && s.lastEdit.key !== 'drag' && changes.some((c) => c.type === 'select') ? { ...s, lastEdit: { key: '', at: s.lastEdit.at } } : s;
}

function pasteClipboard(s: EditorState): EditorState {
  const clip = s.clipboard;
  if (!clip || clip.nodes.length === 0) return s;
  const taken = new Set(s.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.data.node.type, taken);
    taken.add(id);
    rename.set(n.id, id);
    return { ...n, id, selected: true, position: { x: n.position.x + 40, y: n.position.y + 40 }, data: { ...n.data, node: { ...n.data.node, id } } };
  });
  const edges = clip.edges.map((e) => toEdge({ ...e.data!.connection, source: rename.get(e.source)!, target: rename.get(e.target)! }));
  return {
    ...s,
    nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
    edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
    // the next paste lands another step further
    clipboard: { nodes, edges },
  };
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'new':
      return { ...initialState, fits: s.fits };
    case 'opened':
      return { ...s, ...opened(documentOf(a.workflow), a.catalogue), saved: a.workflow, past: [], future: [], dirty: false, fits: s.fits + 1 };
    case 'imported':
      return { ...record(s, '', a.at), ...opened(a.doc, a.catalogue), fits: s.fits + 1 };
    case 'saved':
      return { ...s, saved: a.workflow, dirty: false };
    case 'nodesChanged': {
      const removes = a.changes.some((c) => c.type === 'remove');
      const dragStarts = a.changes.some((c) => c.type === 'position' && c.dragging) && s.lastEdit.key !== 'drag';
      let next = removes ? record(s, '', a.at) : dragStarts ? record(s, 'drag', a.at) : s;
      // a drag is one undo step however long it lasts: it ends when the node is let go
      if (a.changes.some((c) => c.type === 'position' && c.dragging === false)) next = { ...next, lastEdit: { key: '', at: a.at } };
      return { ...endEditOnSelect(next, a.changes), nodes: applyNodeChanges(a.changes, next.nodes) };
    }
    case 'edgesChanged': {
      const next = a.changes.some((c) => c.type === 'remove') ? record(s, '', a.at) : s;
      return { ...endEditOnSelect(next, a.changes), edges: applyEdgeChanges(a.changes, next.edges) };
    }
    case 'connected': {
      const next = record(s, '', a.at);
      return { ...next, edges: addEdge(toEdge(a.connection), next.edges) };
    }
    case 'nodeAdded': {
      const next = record(s, '', a.at);
      const node: StepNode = { id: a.node.id, type: 'step', position: a.position, selected: true, data: { node: a.node, nodeType: a.nodeType } };
      return { ...next, nodes: [...next.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] };
    }
    case 'nodeEdited': {
      const next = record(s, `node:${a.id}`, a.at);
      return { ...next, nodes: next.nodes.map((n) => (n.id === a.id ? { ...n, data: { ...n.data, node: a.node } } : n)) };
    }
    case 'edgeEdited': {
      const next = record(s, `edge:${a.id}`, a.at);
      return { ...next, edges: next.edges.map((e) => (e.id === a.id ? { ...toEdge(a.connection), id: a.id, selected: e.selected } : e)) };
    }
    case 'baseEdited':
      return { ...record(s, a.key, a.at), base: a.base };
    case 'laidOut': {
      const next = record(s, '', a.at);
      return { ...next, nodes: next.nodes.map((n) => ({ ...n, position: a.positions.get(n.id) ?? n.position })) };
    }
    case 'selected': {
      const chosen = a.ids === 'all' ? null : new Set(a.ids);
      return { ...s, nodes: s.nodes.map((n) => ({ ...n, selected: chosen ? chosen.has(n.id) : true })) };
    }
    case 'selectionDeleted': {
      const next = record(s, '', a.at);
      const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      return {
        ...next,
        nodes: next.nodes.filter((n) => !gone.has(n.id)),
        edges: next.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)),
      };
    }
    case 'copied': {
      const nodes = s.nodes.filter((n) => n.selected);
      const ids = new Set(nodes.map((n) => n.id));
      return { ...s, clipboard: { nodes, edges: s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) } };
    }
    case 'pasted':
      return s.clipboard?.nodes.length ? pasteClipboard(record(s, '', a.at)) : s;
    case 'undo': {
      const previous = s.past[s.past.length - 1];
      if (!previous) return s;
      const current = { base: s.base, nodes: s.nodes, edges: s.edges };
      return { ...s, ...previous, past: s.past.slice(0, -1), future: [...s.future, current], dirty: true, lastEdit: { key: '', at: 0 } };
    }
    case 'redo': {
      const next = s.future[s.future.length - 1];
      if (!next) return s;
      const current = { base: s.base, nodes: s.nodes, edges: s.edges };
      return { ...s, ...next, future: s.future.slice(0, -1), past: [...s.past, current], dirty: true, lastEdit: { key: '', at: 0 } };
    }
  }
}
