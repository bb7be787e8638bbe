import {
  Background,
  type Connection as FlowConnection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useNodesInitialized,
  useStore,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { api, ApiError, type Connection, type Execution, type Me, type NodeType, type ValidationProblem, type Workflow, type WorkflowDoc } from '../api';
import { CodeField } from '../components/CodeField';
import { Modal } from '../components/Modal';
import { SaveTemplateDialog } from '../components/SaveTemplateDialog';
import { ExecutionDetail, ExecutionList } from '../components/ExecutionsPanel';
import { ImportReport } from '../components/ImportReport';
import { PinData, pinOf } from '../components/PinData';
import { DRAG_TYPE, Palette } from '../components/Palette';
import { EdgePanel, NodePanel, WorkflowPanel } from '../components/Panels';
import { StepNodeView } from '../components/StepNodeView';
import { VersionBanner, VersionsPanel } from '../components/VersionsPanel';
import { NodeMarksContext } from '../editor/marks';
import { editorReducer, initialState } from '../editor/state';
import { useExecutionVersion } from '../editor/useExecutionVersion';
import { useLiveRun } from '../editor/useLiveRun';
import { useOpenWorkflow } from '../editor/useOpenWorkflow';
import { useSample } from '../editor/useSample';
import { useShortcuts } from '../editor/useShortcuts';
import { useValidation } from '../editor/useValidation';
import { freshId, type LinkEdge, templateHints, NODE_HEIGHT, NODE_WIDTH, type StepNode, toDoc, toFlow, upstream } from '../graph';
import { autoLayout } from '../layout';
import { isFinished } from '../live';

const nodeTypes = { step: StepNodeView };

type Tab = 'node' | 'workflow' | 'executions' | 'versions';

interface Props {
  types: NodeType[];
  workflowId: string | null;
  executionId: string | null;
  navigate: (path: string) => void;
  /** who is signed in (unknown when sign-in is off): viewers are not offered a rollback */
  me?: Me;
}

export function Editor(props: Props) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ types, workflowId, executionId, navigate, me }: Props) {
  const catalogue = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  const flow = useReactFlow();
  const [state, dispatch] = useReducer(editorReducer, initialState);
  const { base, nodes, edges, saved, dirty } = state;
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [tab, setTab] = useState<Tab>(executionId ? 'executions' : 'workflow');
  const [modal, setModal] = useState<'run' | 'yaml' | 'template' | null>(null);
  const [yaml, setYaml] = useState('');
  const [runInput, setRunInput] = useState('{}');
  const [saveMessage, setSaveMessage] = useState('');
  const [refreshKey, setRefreshKey] = useState(0);
  const sample = useSample(saved?.id, refreshKey);
  const wrapper = useRef<HTMLDivElement>(null);
  const { execution, mode, statusOf, originOf } = useLiveRun(executionId, edges);
  // an execution of an older version shows that version, read-only, instead of the one being edited
  const ran = useExecutionVersion(saved?.id, execution?.workflow_id === saved?.id ? execution?.workflow_version : undefined, saved?.version);
  const viewed = useMemo(() => (ran.version ? toFlow(ran.version, catalogue) : null), [ran.version, catalogue]);
  const [viewedSelection, setViewedSelection] = useState<string | null>(null);
  // far out, nodes drop their small print: painting 300 nodes' text is what slows panning there
  const zoomedOut = useStore((s) => s.transform[2] < 0.45);

  // a loaded or imported graph is fitted once its nodes have been measured
  const fitted = useRef(0);
  const measured = useNodesInitialized();
  useEffect(() => {
    if (measured && fitted.current !== state.fits) {
      fitted.current = state.fits;
      flow.fitView({ maxZoom: 1.2 });
    }
  }, [state.fits, measured, flow]);

  const doc = useMemo(() => toDoc(base, nodes, edges), [base, nodes, edges]);
  const { problems, show: showProblems } = useValidation(doc, edges.map((e) => e.id));

  const loadError = useOpenWorkflow(workflowId, saved?.id, catalogue, dispatch);

  useEffect(() => {
    if (message?.kind !== 'info') return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const marks = useMemo(() => {
    const problemOf = new Map<string, string>();
    problems.forEach((p) => p.node_id && !problemOf.has(p.node_id) && problemOf.set(p.node_id, p.message));
    // an older version on the canvas is not the document whose pins these are
    const pinnedOf = viewed ? undefined : (id: string) => pinOf(base.pin_data, id) !== null;
    return { problemOf: (id: string) => problemOf.get(id), statusOf, originOf, pinnedOf };
  }, [problems, statusOf, originOf, base.pin_data, viewed]);
  // edges with a problem drawn as such (the others keep their objects)
  const shownEdges = useMemo(() => {
    const bad = new Set(problems.map((p) => p.edge_id).filter(Boolean));
    return bad.size ? edges.map((e) => (bad.has(e.id) ? { ...e, className: `${e.className} problem` } : e)) : edges;
  }, [edges, problems]);

  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => dispatch({ type: 'nodesChanged', changes, at: Date.now() }), []);
  const onEdgesChange = useCallback((changes: EdgeChange<LinkEdge>[]) => dispatch({ type: 'edgesChanged', changes, at: Date.now() }), []);
  const onConnect = useCallback((c: FlowConnection) => {
    const connection: Connection = { source: c.source, target: c.target };
    if (c.sourceHandle && c.sourceHandle !== 'output') connection.sourceHandle = c.sourceHandle;
    if (c.targetHandle && c.targetHandle !== 'input') connection.targetHandle = c.targetHandle;
    dispatch({ type: 'connected', connection, at: Date.now() });
  }, []);

  const addNode = (type: string, position?: { x: number; y: number }) => {
    const id = freshId(type, new Set(nodes.map((n) => n.id)));
    const rect = wrapper.current?.getBoundingClientRect();
    const at = {
      ...(position ?? flow.screenToFlowPosition({ x: (rect?.left ?? 0) + 40, y: (rect?.top ?? 0) + (rect?.height ?? 400) / 3 })),
    };
    // nodes added without a drop point (Enter on the palette) line up to the right instead of stacking
    while (!position && nodes.some((n) => Math.abs(n.position.x - at.x) < NODE_WIDTH && Math.abs(n.position.y - at.y) < NODE_HEIGHT)) {
      at.x += NODE_WIDTH + 60;
    }
    dispatch({ type: 'nodeAdded', node: { id, type }, position: at, nodeType: catalogue.get(type), at: Date.now() });
    setTab('node');
  };

  const onDrop = (e: React.DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_TYPE);
    if (!type) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(type, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 });
  };

  const selectedNodes = nodes.filter((n) => n.selected);
  const selectedEdge = edges.find((e) => e.selected);
  const selectedNode = selectedNodes.length === 1 ? selectedNodes[0] : null;

  const deleteSelection = () => dispatch({ type: 'selectionDeleted', at: Date.now() });
  const undo = () => dispatch({ type: 'undo' });
  const redo = () => dispatch({ type: 'redo' });
  const layout = () => {
    const positions = autoLayout(
      nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT })),
      edges,
    );
    dispatch({ type: 'laidOut', positions, at: Date.now() });
    setTimeout(() => flow.fitView({ maxZoom: 1.2 }), 30);
  };

  const failed = (e: unknown) => {
    const err = e as ApiError;
    if (err.details?.length) showProblems(err.details);
    setMessage({ kind: 'error', text: err.message });
  };
  const save = async (): Promise<Workflow | null> => {
    try {
      const w = saved ? await api.update(saved.id, doc, saveMessage) : await api.create(doc, saveMessage);
      dispatch({ type: 'saved', workflow: w });
      setSaveMessage('');
      setMessage({ kind: 'info', text: `Saved (version ${w.version}).` });
      if (!saved) navigate(`/workflows/${w.id}`);
      return w;
    } catch (e) {
      failed(e);
      return null;
    }
  };
  const lifecycle = async (action: 'activate' | 'pause' | 'disable') => {
    const w = dirty || !saved ? await save() : saved;
    if (!w) return;
    try {
      dispatch({ type: 'saved', workflow: await api.lifecycle(w.id, action) });
      setMessage({ kind: 'info', text: `Workflow ${action === 'activate' ? 'activated' : action === 'pause' ? 'paused' : 'disabled'}.` });
    } catch (e) {
      failed(e);
    }
  };
  /** The input of the Run… dialog, which test runs take too, or why it is not JSON. */
  const runInputOf = (): { input: unknown } | { error: string } => {
    try {
      return { input: runInput.trim() ? JSON.parse(runInput) : {} };
    } catch (e) {
      return { error: `The input is not valid JSON: ${(e as Error).message}` };
    }
  };
  const run = async () => {
    const parsed = runInputOf();
    if ('error' in parsed) {
      setMessage({ kind: 'error', text: parsed.error });
      return;
    }
    const { input } = parsed;
    const w = dirty || !saved ? await save() : saved;
    if (!w) return;
    try {
      const started = await api.run(w.id, input);
      setModal(null);
      openExecution(started);
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };
  /** Test-runs the saved workflow up to `nodeId` (single: that node alone) and shows the execution; throws what went wrong. */
  const testRun = async (nodeId: string, single: boolean) => {
    const parsed = runInputOf();
    if ('error' in parsed) throw new Error(`Not run: ${parsed.error}`);
    const w = dirty || !saved ? await save() : saved;
    if (!w) throw new Error('Not run: the workflow could not be saved (see the message above).');
    // a single node's ancestors without pins give their output in the execution shown, when one of this workflow is
    const from = single && execution?.workflow_id === w.id && isFinished(execution) ? execution.id : undefined;
    openExecution(await api.testRun(w.id, { input: parsed.input, to_node: nodeId, ...(single ? { single } : {}), ...(from ? { from_execution: from } : {}) }));
  };
  /** Pins `pin.value` on the node, or with null unpins it: an edit of the document like any other. */
  const setPin = (nodeId: string, pin: { value: unknown } | null) => {
    const { pin_data: pins, ...rest } = base;
    const next = { ...pins };
    if (pin) next[nodeId] = pin.value;
    else delete next[nodeId];
    dispatch({ type: 'baseEdited', base: Object.keys(next).length ? { ...rest, pin_data: next } : rest, key: `pin:${nodeId}`, at: Date.now() });
  };
  /** The node's output in the execution shown, if it ran there (its last log, when it ran per item). */
  const lastOutputOf = (nodeId: string): { value: unknown } | null => {
    const logs = execution?.workflow_id === saved?.id ? execution?.node_logs.filter((l) => l.node_id === nodeId && l.status === 'success') : undefined;
    return logs?.length ? { value: logs[logs.length - 1].output } : null;
  };
  const selectedOutput = selectedNode ? lastOutputOf(selectedNode.id) : null;
  const selectedPin = selectedNode ? pinOf(base.pin_data, selectedNode.id) : null;
  const openExecution = (e: Execution) => {
    setTab('executions');
    setRefreshKey((k) => k + 1);
    navigate(`/workflows/${e.workflow_id}/executions/${e.id}`);
  };
  const showYaml = async () => {
    if (!saved) return;
    try {
      setYaml(await api.routes(saved.id));
    } catch (e) {
      setYaml(`# ${(e as Error).message}\n# Activate the workflow (or run it once) to generate its routes.`);
    }
    setModal('yaml');
  };
  const exportJson = () => {
    const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${doc.name.replace(/[^\w.-]+/g, '_') || 'workflow'}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importJson = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as WorkflowDoc;
      if (!Array.isArray(parsed.nodes) || !Array.isArray(parsed.connections)) throw new Error('it has no nodes and connections arrays');
      dispatch({ type: 'imported', doc: { ...parsed, name: parsed.name ?? base.name }, catalogue, at: Date.now() });
      setMessage({ kind: 'info', text: `Imported ${parsed.nodes.length} nodes; save to keep them.` });
    } catch (e) {
      setMessage({ kind: 'error', text: `Cannot import ${file.name}: ${(e as Error).message}` });
    }
  };

  // the keys edit the workflow being edited, which is not the one shown while an older version is
  useShortcuts({
    save: () => !viewed && save(),
    undo: () => !viewed && undo(),
    redo: () => !viewed && redo(),
    layout: () => !viewed && layout(),
    copy: () => !viewed && dispatch({ type: 'copied' }),
    paste: () => !viewed && dispatch({ type: 'pasted', at: Date.now() }),
    selectAll: () => !viewed && dispatch({ type: 'selected', ids: 'all' }),
  });

  if (loadError) {
    return (
      <div className="page">
        <div className="banner error">Cannot open this workflow: {loadError}</div>
        <button onClick={() => navigate('/workflows')}>Back to workflows</button>
      </div>
    );
  }

  const status = saved?.status ?? 'new';
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Workflow">
        <input
          className="name"
          aria-label="Workflow name"
          value={base.name}
          onChange={(e) => {
            dispatch({ type: 'baseEdited', base: { ...base, name: e.target.value }, key: 'name', at: Date.now() });
          }}
        />
        <span className={`badge ${status}`} data-testid="workflow-status">
          {status}
        </span>
        {dirty && <span className="hint">unsaved</span>}
        <input
          className="save-message"
          aria-label="What changed (saved with the version)"
          placeholder="what changed (optional)"
          value={saveMessage}
          onChange={(e) => setSaveMessage(e.target.value)}
        />
        <button className="primary" onClick={save} title="Save (Ctrl+S)" disabled={!!viewed}>
          Save
        </button>
        <span className="sep" />
        <button onClick={() => lifecycle('activate')} disabled={status === 'active' && !dirty}>
          Activate
        </button>
        <button onClick={() => lifecycle('pause')} disabled={!saved || status !== 'active'}>
          Pause
        </button>
        <button onClick={() => lifecycle('disable')} disabled={!saved || status === 'disabled' || status === 'draft'}>
          Disable
        </button>
        <button onClick={() => setModal('run')}>Run…</button>
        <span className="sep" />
        <button onClick={undo} title="Undo (Ctrl+Z)" aria-label="Undo">
          ↶
        </button>
        <button onClick={redo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
          ↷
        </button>
        <button onClick={layout} title="Auto-layout (Shift+L)">
          Auto-layout
        </button>
        <button onClick={() => flow.fitView({ maxZoom: 1.2 })}>Fit</button>
        <span className="sep" />
        <button onClick={showYaml} disabled={!saved}>
          Camel YAML
        </button>
        <button onClick={exportJson}>Export</button>
        <button onClick={() => setModal('template')} disabled={!saved} title={saved ? 'Share the saved version as a template' : 'Save the workflow first'}>
          Save as template
        </button>
        <label className="button-like">
          <input type="file" accept="application/json,.json" aria-label="Import workflow JSON" style={{ display: 'none' }} onChange={(e) => e.target.files?.[0] && importJson(e.target.files[0])} />
          <span role="button" tabIndex={0} style={{ border: '1px solid var(--line)', borderRadius: 6, padding: '4px 10px', cursor: 'pointer' }}>
            Import
          </span>
        </label>
        <span className="hint" data-testid="validity">
          {doc.nodes.length === 0 ? '' : problems.length === 0 ? '✓ valid' : `⚠ ${problems.length} problem${problems.length > 1 ? 's' : ''}`}
        </span>
      </div>
      {message && (
        <div className={`banner toast ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}{' '}
          <button className="link" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <ImportReport workflowId={workflowId} />
      {viewed && ran.version && saved && (
        <VersionBanner version={ran.version.version} current={saved.version} onLeave={() => navigate(`/workflows/${saved.id}`)} />
      )}
      {ran.error && <div className="banner error">Cannot show the version this execution ran: {ran.error}</div>}
      <div className="editor">
        {viewed ? <div className="palette hint">Read-only: an older version.</div> : <Palette types={types} onAdd={addNode} />}
        <div className="canvas" ref={wrapper} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={viewed ? undefined : onDrop}>
          <NodeMarksContext.Provider value={marks}>
            <ReactFlow<StepNode, LinkEdge>
              nodes={viewed ? viewed.nodes.map((n) => (n.id === viewedSelection ? { ...n, selected: true } : n)) : nodes}
              edges={viewed ? viewed.edges : shownEdges}
              nodeTypes={nodeTypes}
              onNodesChange={viewed ? undefined : onNodesChange}
              onEdgesChange={viewed ? undefined : onEdgesChange}
              onConnect={viewed ? undefined : onConnect}
              nodesDraggable={!viewed}
              nodesConnectable={!viewed}
              onNodeClick={(_, node) => {
                if (viewed) setViewedSelection(node.id);
                setTab(executionId ? 'executions' : 'node');
              }}
              onEdgeClick={() => setTab(viewed ? 'executions' : 'node')}
              deleteKeyCode={viewed ? null : ['Delete', 'Backspace']}
              onlyRenderVisibleElements={nodes.length > 100}
              className={zoomedOut ? 'far' : undefined}
              minZoom={0.05}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={16} />
              <Controls />
              <MiniMap pannable zoomable nodeStrokeWidth={3} />
            </ReactFlow>
          </NodeMarksContext.Provider>
          {nodes.length === 0 && (
            <div className="empty" style={{ position: 'absolute', top: '30%', left: '15%', right: '15%', pointerEvents: 'none' }}>
              Drag a node from the palette to start, or press Enter on one.
            </div>
          )}
        </div>
        <aside className="side" aria-label="Details">
          <div className="tabs" role="tablist">
            {(['node', 'workflow', 'executions', 'versions'] as Tab[]).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t === 'node' ? 'Selection' : t === 'workflow' ? 'Workflow' : t === 'executions' ? 'Executions' : 'Versions'}
              </button>
            ))}
          </div>
          {tab === 'node' &&
            (selectedNode ? (
              <NodePanel
                key={selectedNode.id}
                node={selectedNode.data.node}
                nodeType={selectedNode.data.nodeType}
                problems={problems}
                hints={templateHints(selectedNode.id, upstream(selectedNode.id, edges), execution ?? sample)}
                onChange={(node) => dispatch({ type: 'nodeEdited', id: selectedNode.id, node, at: Date.now() })}
                onDelete={deleteSelection}
              >
                <PinData
                  nodeId={selectedNode.id}
                  pin={selectedPin}
                  lastOutput={selectedOutput}
                  onPin={(value) => setPin(selectedNode.id, { value })}
                  onUnpin={() => setPin(selectedNode.id, null)}
                  onRun={(single) => testRun(selectedNode.id, single)}
                />
              </NodePanel>
            ) : selectedEdge ? (
              <EdgePanel
                key={selectedEdge.id}
                connection={toDoc(base, [], [selectedEdge]).connections[0]}
                edgeId={selectedEdge.id}
                problems={problems}
                onChange={(connection) => dispatch({ type: 'edgeEdited', id: selectedEdge.id, connection, at: Date.now() })}
                onDelete={deleteSelection}
              />
            ) : (
              <div className="body hint">
                {selectedNodes.length > 1 ? `${selectedNodes.length} nodes selected (Ctrl+C to copy, Delete to remove).` : 'Select a node or a connection to edit it.'}
                <ProblemList problems={problems} onPick={(id) => dispatch({ type: 'selected', ids: [id] })} />
              </div>
            ))}
          {tab === 'workflow' && (
            <WorkflowPanel
              doc={base}
              problems={problems}
              workflowId={saved?.id}
              onChange={(d) => {
                dispatch({ type: 'baseEdited', base: d, key: 'workflow', at: Date.now() });
              }}
            />
          )}
          {tab === 'executions' && (
            <div className="body">
              {saved ? (
                <>
                  <ExecutionList
                    workflowId={saved.id}
                    current={executionId}
                    refreshKey={refreshKey + (execution?.status === 'running' ? 0 : 1)}
                    onOpen={(id) => navigate(id ? `/workflows/${saved.id}/executions/${id}` : `/workflows/${saved.id}`)}
                  />
                  {execution && (
                    <ExecutionDetail
                      execution={execution}
                      mode={mode}
                      selectedNode={viewed ? viewedSelection : (selectedNode?.id ?? null)}
                      onNewExecution={openExecution}
                    />
                  )}
                </>
              ) : (
                <div className="hint">Save the workflow to run it and see its executions.</div>
              )}
            </div>
          )}
          {tab === 'versions' &&
            (saved ? (
              <VersionsPanel
                workflowId={saved.id}
                currentVersion={saved.version}
                canRollBack={me?.role !== 'viewer'}
                dirty={dirty}
                onRolledBack={(w) => {
                  dispatch({ type: 'opened', workflow: w, catalogue });
                  setMessage({ kind: 'info', text: `Rolled back: saved as version ${w.version}.` });
                }}
              />
            ) : (
              <div className="body hint">Save the workflow to start its versions.</div>
            ))}
        </aside>
      </div>
      {modal === 'run' && (
        <Modal title="Run now" onClose={() => setModal(null)}>
          <p className="hint">The input the root nodes receive (JSON). Unsaved changes are saved first.</p>
          <CodeField label="Run input" mode="json" rows={8} value={runInput} onChange={setRunInput} />
          <div className="actions">
            <button onClick={() => setModal(null)}>Cancel</button>
            <button className="primary" onClick={run}>
              Run
            </button>
          </div>
        </Modal>
      )}
      {modal === 'template' && saved && (
        <SaveTemplateDialog workflowId={saved.id} workflowName={saved.name} onClose={() => setModal(null)} />
      )}
      {modal === 'yaml' && (
        <Modal title="Generated Camel routes (YAML)" onClose={() => setModal(null)}>
          <pre className="json" style={{ maxHeight: '60vh' }} data-testid="routes-yaml">
            {yaml}
          </pre>
          <div className="actions">
            {saved && (
              <a className="button-like" href={`/api/workflows/${encodeURIComponent(saved.id)}/export?format=camel`} download>
                Download as a Camel application (zip)
              </a>
            )}
            <button onClick={() => setModal(null)}>Close</button>
          </div>
        </Modal>
      )}
    </>
  );
}

function ProblemList({ problems, onPick }: { problems: ValidationProblem[]; onPick: (nodeId: string) => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="problems" style={{ marginTop: 12 }} aria-label="Problems">
      <strong>Problems</strong>
      {problems.map((p, i) => (
        <button key={i} type="button" onClick={() => p.node_id && onPick(p.node_id)}>
          {p.message}
        </button>
      ))}
    </div>
  );
}
