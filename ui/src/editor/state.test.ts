import type { NodeType, Workflow, WorkflowDoc } from '../api';
import { toDoc } from '../graph';
import { editorReducer, type EditorAction, type EditorState, initialState } from './state';

const catalogue = new Map<string, NodeType>();
const doc: WorkflowDoc = {
  name: 'Orders',
  nodes: [
    { id: 'in', type: 'webhook_input', position: { x: 0, y: 0 } },
    { id: 'check', type: 'condition', position: { x: 200, y: 0 }, config: { expression: 'data.ok' } },
  ],
  connections: [{ source: 'in', target: 'check' }],
};
const workflow = { ...doc, id: 'wf-1', status: 'draft', version: 1, total_executions: 0, successful_executions: 0, failed_executions: 0, last_executed_at: null, average_duration_ms: null } as Workflow;

function run(...actions: EditorAction[]): EditorState {
  return actions.reduce(editorReducer, initialState);
}
const opened: EditorAction = { type: 'opened', workflow, catalogue };
const docOf = (s: EditorState) => toDoc(s.base, s.nodes, s.edges);

describe('editor state', () => {
  it('opens a stored workflow clean, with its document and no history', () => {
    const s = run(opened);
    expect(s.dirty).toBe(false);
    expect(s.saved?.id).toBe('wf-1');
    expect(docOf(s).nodes.map((n) => n.id)).toEqual(['in', 'check']);
    expect(docOf(s)).not.toHaveProperty('id');
    expect(docOf(s)).not.toHaveProperty('status');
    expect(s.past).toEqual([]);
    expect(s.fits).toBe(1);
  });

  it('undoes to the earlier state and redoes, and a new change drops the redo steps', () => {
    const edited = run(opened, { type: 'nodeEdited', id: 'check', node: { id: 'check', type: 'condition', config: { expression: 'data.no' } }, at: 1000 });
    expect(edited.dirty).toBe(true);
    const undone = editorReducer(edited, { type: 'undo' });
    expect(docOf(undone).nodes[1].config).toEqual({ expression: 'data.ok' });
    const redone = editorReducer(undone, { type: 'redo' });
    expect(docOf(redone).nodes[1].config).toEqual({ expression: 'data.no' });
    const branched = editorReducer(undone, { type: 'baseEdited', base: { ...undone.base, name: 'Other' }, key: 'name', at: 5000 });
    expect(branched.future).toEqual([]);
    expect(editorReducer(branched, { type: 'redo' })).toBe(branched);
  });

  it('makes edits of one thing in a row one undo step, until a pause of 5 s', () => {
    const name = (text: string, at: number): EditorAction => ({ type: 'baseEdited', base: { ...doc, nodes: [], connections: [], name: text }, key: 'name', at });
    const s = run(opened, name('O', 1000), name('Or', 3000), name('Ord', 7000), name('Ord!', 12001));
    expect(s.past).toHaveLength(2);
    expect(editorReducer(s, { type: 'undo' }).base.name).toBe('Ord');
    expect(editorReducer(editorReducer(s, { type: 'undo' }), { type: 'undo' }).base.name).toBe('Orders');
  });

  it('starts a new undo step for an edit after something else was selected', () => {
    const edit = (expression: string, at: number): EditorAction => ({ type: 'nodeEdited', id: 'check', node: { id: 'check', type: 'condition', config: { expression } }, at });
    const select = (id: string, selected: boolean): EditorAction => ({ type: 'nodesChanged', changes: [{ type: 'select', id, selected }], at: 0 });
    const s = run(opened, edit('data.a', 1000), edit('data.ab', 1200), select('check', false), select('in', true), edit('data.abc', 1400));
    expect(s.past).toHaveLength(2);
    expect(docOf(editorReducer(s, { type: 'undo' })).nodes[1].config).toEqual({ expression: 'data.ab' });
  });

  it('makes a whole drag one undo step', () => {
    const move = (x: number, dragging: boolean, at: number): EditorAction => ({
      type: 'nodesChanged',
      changes: [{ type: 'position', id: 'in', position: { x, y: 0 }, dragging }],
      at,
    });
    const s = run(opened, move(10, true, 1000), move(20, true, 3000), move(30, false, 3100));
    expect(s.nodes[0].position.x).toBe(30);
    expect(s.past).toHaveLength(1);
    expect(editorReducer(s, { type: 'undo' }).nodes[0].position.x).toBe(0);
  });

  it('does not record selection as an undo step', () => {
    const s = run(opened, { type: 'nodesChanged', changes: [{ type: 'select', id: 'in', selected: true }], at: 1000 });
    expect(s.nodes[0].selected).toBe(true);
    expect(s.past).toHaveLength(0);
    expect(s.dirty).toBe(false);
  });

  it('pastes copies under fresh ids with their inner connection, each paste a step further', () => {
    const s = run(opened, { type: 'selected', ids: 'all' }, { type: 'copied' }, { type: 'pasted', at: 1000 }, { type: 'pasted', at: 2000 });
    expect(s.nodes.map((n) => n.id)).toEqual(['in', 'check', 'webhook_input_1', 'condition_1', 'webhook_input_2', 'condition_2']);
    expect(docOf(s).connections.map((c) => `${c.source}->${c.target}`)).toEqual(['in->check', 'webhook_input_1->condition_1', 'webhook_input_2->condition_2']);
    expect(s.nodes[4].position.x - s.nodes[2].position.x).toBe(40);
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['webhook_input_2', 'condition_2']);
    expect(s.past).toHaveLength(2);
  });

  it('deletes the selected nodes with their connections, undoably', () => {
    const s = run(opened, { type: 'selected', ids: ['in'] }, { type: 'selectionDeleted', at: 1000 });
    expect(s.nodes.map((n) => n.id)).toEqual(['check']);
    expect(s.edges).toEqual([]);
    expect(editorReducer(s, { type: 'undo' }).edges).toHaveLength(1);
  });

  it('records an import as a change, and a save as clean', () => {
    const imported = run(opened, { type: 'imported', doc: { name: 'New', nodes: [], connections: [] }, catalogue, at: 1000 });
    expect(imported.nodes).toEqual([]);
    expect(imported.dirty).toBe(true);
    expect(editorReducer(imported, { type: 'undo' }).nodes).toHaveLength(2);
    expect(editorReducer(imported, { type: 'saved', workflow }).dirty).toBe(false);
  });
});
