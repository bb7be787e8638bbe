import {
  addEdge,
  Background,
  type Connection as FlowConnection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  useNodesInitialized,
  useStore,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Connection, type Execution, type NodeType, type ValidationProblem, type Workflow, type WorkflowDoc, type WorkflowNode } from '../api';
import { CodeField } from '../components/CodeField';
import { Modal } from '../components/Modal';
import { ExecutionDetail, ExecutionList } from '../components/ExecutionsPanel';
import { DRAG_TYPE, Palette } from '../components/Palette';
import { EdgePanel, NodePanel, WorkflowPanel } from '../components/Panels';
import { StepNodeView } from '../components/StepNodeView';
import { freshId, type LinkEdge, templateHints, NODE_HEIGHT, NODE_WIDTH, type StepNode, toDoc, toEdge, toFlow, upstream } from '../graph';
import { UndoHistory } from '../history';
import { autoLayout } from '../layout';
import { useLiveExecution } from '../live';

const nodeTypes = { step: StepNodeView };
const EMPTY: WorkflowDoc = { name: 'Untitled workflow', trigger: { type: 'manual' }, nodes: [], connections: [] };

interface Snapshot {
  nodes: StepNode[];
  edges: LinkEdge[];
  base: WorkflowDoc;
}

type Tab = 'node' | 'workflow' | 'executions';

interface Props {
  types: NodeType[];
  workflowId: string | null;
  executionId: string | null;
  navigate: (path: string) => void;
}

export function Editor(props: Props) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ types, workflowId, executionId, navigate }: Props) {
  const catalogue = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  const flow = useReactFlow();
  const [base, setBase] = useState<WorkflowDoc>(EMPTY);
  const [nodes, setNodes] = useState<StepNode[]>([]);
  const [edges, setEdges] = useState<LinkEdge[]>([]);
  const [saved, setSaved] = useState<Workflow | null>(null);
  const [dirty, setDirty] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [problems, setProblems] = useState<ValidationProblem[]>([]);
  const [tab, setTab] = useState<Tab>(executionId ? 'executions' : 'workflow');
  const [modal, setModal] = useState<'run' | 'yaml' | null>(null);
  const [yaml, setYaml] = useState('');
  const [runInput, setRunInput] = useState('{}');
  const [refreshKey, setRefreshKey] = useState(0);
  // the last successful run, for the field names template hints offer
  const [sample, setSample] = useState<Execution | null>(null);
  const history = useRef(new UndoHistory<Snapshot>());
  const clipboard = useRef<{ nodes: StepNode[]; edges: LinkEdge[] } | null>(null);
  const lastPush = useRef<{ key: string; at: number }>({ key: '', at: 0 });
  const wrapper = useRef<HTMLDivElement>(null);
  const { execution, mode } = useLiveExecution(executionId);
  // far out, nodes drop their small print: painting 300 nodes' text is what slows panning there
  const zoomedOut = useStore((s) => s.transform[2] < 0.45);
  // a loaded or imported graph is fitted once its nodes have been measured
  const [fitPending, setFitPending] = useState(false);
  const measured = useNodesInitialized();
  useEffect(() => {
    if (fitPending && measured) {
      flow.fitView({ maxZoom: 1.2 });
      setFitPending(false);
    }
  }, [fitPending, measured, flow]);

  const current = useCallback((): Snapshot => ({ nodes, edges, base }), [nodes, edges, base]);
  const doc = useMemo(() => toDoc(base, nodes, edges), [base, nodes, edges]);

  /** Records the state before a change; edits of one field in quick succession are one undo step. */
  const remember = useCallback(
    (key = '') => {
      const now = Date.now();
      if (key && lastPush.current.key === key && now - lastPush.current.at < 1000) {
        lastPush.current.at = now;
        return;
      }
      lastPush.current = { key, at: now };
      history.current.push(current());
      setDirty(true);
    },
    [current],
  );

  const restore = (s: Snapshot) => {
    setNodes(s.nodes);
    setEdges(s.edges);
    setBase(s.base);
    setDirty(true);
  };

  const load = useCallback(
    (d: WorkflowDoc) => {
      const f = toFlow(d, catalogue);
      setBase({ ...d, nodes: [], connections: [] });
      setNodes(f.nodes);
      setEdges(f.edges);
    },
    [catalogue],
  );

  useEffect(() => {
    setLoadError(null);
    if (!workflowId) {
      history.current = new UndoHistory<Snapshot>();
      load(EMPTY);
      setSaved(null);
      return;
    }
    if (saved?.id === workflowId) return;
    api.workflow(workflowId).then(
      (w) => {
        setSaved(w);
        const { id: _i, status: _s, version: _v, total_executions: _t, successful_executions: _se, failed_executions: _f,
          last_executed_at: _l, average_duration_ms: _a, created_at: _c, updated_at: _u, ...document } = w;
        load(document as WorkflowDoc);
        setDirty(false);
        history.current = new UndoHistory<Snapshot>();
        setFitPending(true);
      },
      (e: Error) => setLoadError(e.message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workflowId]);

  useEffect(() => {
    if (message?.kind !== 'info') return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);

  const savedId = saved?.id;
  useEffect(() => {
    setSample(null);
    if (!savedId) return;
    api.executions({ workflow_id: savedId, status: 'success', limit: 1 }).then(
      (p) => setSample(p.items[0] ?? null),
      () => undefined,
    );
  }, [savedId, refreshKey]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // validation as you edit, debounced
  useEffect(() => {
    if (doc.nodes.length === 0) {
      setProblems([]);
      return;
    }
    const timer = setTimeout(() => {
      api.validate(doc).then(
        (r) => setProblems(r.errors),
        (e: ApiError) => setProblems(e.details.length ? e.details : [{ message: e.message }]),
      );
    }, 400);
    return () => clearTimeout(timer);
  }, [doc]);

  // node problems and execution statuses into node data (only nodes whose marks changed get new objects)
  useEffect(() => {
    const problemOf = new Map<string, string>();
    problems.forEach((p) => p.node_id && !problemOf.has(p.node_id) && problemOf.set(p.node_id, p.message));
    const statusOf = new Map<string, string>();
    execution?.node_logs.forEach((l) => {
      const prev = statusOf.get(l.node_id);
      if (prev !== 'failed') statusOf.set(l.node_id, l.status);
    });
    const running = execution && (execution.status === 'running' || execution.status === 'pending');
    // a node with no log yet whose predecessors have all finished is the one at work (§4: it starts then)
    const sourcesOf = new Map<string, string[]>();
    edges.forEach((e) => sourcesOf.set(e.target, [...(sourcesOf.get(e.target) ?? []), e.source]));
    const waiting = (id: string) => {
      const sources = sourcesOf.get(id) ?? [];
      return sources.every((s) => statusOf.has(s)) && (sources.length === 0 || sources.some((s) => statusOf.get(s) === 'success'))
        ? 'running'
        : 'pending';
    };
    setNodes((ns) =>
      ns.map((n) => {
        const problem = problemOf.get(n.id);
        const status = execution ? statusOf.get(n.id) ?? (running ? waiting(n.id) : undefined) : undefined;
        return n.data.problem === problem && n.data.status === status ? n : { ...n, data: { ...n.data, problem, status } };
      }),
    );
    const edgeProblems = new Map<number, string>();
    problems.forEach((p) => p.connection != null && edgeProblems.set(p.connection, p.message));
    setEdges((es) =>
      es.map((e, i) => {
        const problem = edgeProblems.get(i);
        const className = `h-${e.sourceHandle ?? 'output'}${problem ? ' problem' : ''}`;
        return e.className === className ? e : { ...e, className, data: { ...e.data!, problem } };
      }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problems, execution]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      if (changes.some((c) => c.type === 'remove' || (c.type === 'position' && c.dragging && !lastPush.current.key.startsWith('drag')))) {
        remember(changes.some((c) => c.type === 'remove') ? '' : 'drag');
      }
      if (changes.some((c) => c.type === 'position' && c.dragging === false)) lastPush.current.key = '';
      setNodes((ns) => applyNodeChanges(changes, ns));
    },
    [remember],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<LinkEdge>[]) => {
      if (changes.some((c) => c.type === 'remove')) remember();
      setEdges((es) => applyEdgeChanges(changes, es));
    },
    [remember],
  );
  const onConnect = useCallback(
    (c: FlowConnection) => {
      remember();
      const connection: Connection = { source: c.source, target: c.target };
      if (c.sourceHandle && c.sourceHandle !== 'output') connection.sourceHandle = c.sourceHandle;
      if (c.targetHandle && c.targetHandle !== 'input') connection.targetHandle = c.targetHandle;
      setEdges((es) => addEdge(toEdge(connection), es));
    },
    [remember],
  );

  const addNode = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      remember();
      const taken = new Set(nodes.map((n) => n.id));
      const id = freshId(type, taken);
      const rect = wrapper.current?.getBoundingClientRect();
      const at = { ...(
        position ??
        flow.screenToFlowPosition({ x: (rect?.left ?? 0) + 40, y: (rect?.top ?? 0) + (rect?.height ?? 400) / 3 })) };
      // nodes added without a drop point (Enter on the palette) line up to the right instead of stacking
      while (!position && nodes.some((n) => Math.abs(n.position.x - at.x) < NODE_WIDTH && Math.abs(n.position.y - at.y) < NODE_HEIGHT)) {
        at.x += NODE_WIDTH + 60;
      }
      const node: WorkflowNode = { id, type };
      setNodes((ns) => [
        ...ns.map((n) => (n.selected ? { ...n, selected: false } : n)),
        { id, type: 'step', position: at, selected: true, data: { node, nodeType: catalogue.get(type) } },
      ]);
      setTab('node');
    },
    [nodes, flow, catalogue, remember],
  );

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_TYPE);
      if (!type) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNode(type, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 });
    },
    [flow, addNode],
  );

  const selectedNodes = nodes.filter((n) => n.selected);
  const selectedEdge = edges.find((e) => e.selected);
  const selectedNode = selectedNodes.length === 1 ? selectedNodes[0] : null;

  const updateNode = (id: string, node: WorkflowNode) => {
    remember(`node:${id}`);
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, node } } : n)));
  };
  const updateEdge = (id: string, connection: Connection) => {
    remember(`edge:${id}`);
    setEdges((es) => es.map((e) => (e.id === id ? { ...toEdge(connection), id, selected: e.selected } : e)));
  };
  const deleteSelection = () => {
    remember();
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    setNodes((ns) => ns.filter((n) => !gone.has(n.id)));
    setEdges((es) => es.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)));
  };

  const copy = () => {
    const chosen = nodes.filter((n) => n.selected);
    const ids = new Set(chosen.map((n) => n.id));
    clipboard.current = { nodes: chosen, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
  };
  const paste = () => {
    const clip = clipboard.current;
    if (!clip || clip.nodes.length === 0) return;
    remember();
    const taken = new Set(nodes.map((n) => n.id));
    const rename = new Map<string, string>();
    const pasted = clip.nodes.map((n) => {
      const id = freshId(n.data.node.type, taken);
      taken.add(id);
      rename.set(n.id, id);
      return { ...n, id, selected: true, position: { x: n.position.x + 40, y: n.position.y + 40 }, data: { ...n.data, node: { ...n.data.node, id }, status: undefined } };
    });
    const pastedEdges = clip.edges.map((e) =>
      toEdge({ ...e.data!.connection, source: rename.get(e.source)!, target: rename.get(e.target)! }),
    );
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), ...pasted]);
    setEdges((es) => [...es.map((e) => ({ ...e, selected: false })), ...pastedEdges]);
    clipboard.current = { nodes: pasted, edges: pastedEdges };
  };
  const undo = () => {
    const s = history.current.undo(current());
    if (s) restore(s);
  };
  const redo = () => {
    const s = history.current.redo(current());
    if (s) restore(s);
  };
  const layout = () => {
    remember();
    const at = autoLayout(
      nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT })),
      edges,
    );
    setNodes((ns) => ns.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })));
    setTimeout(() => flow.fitView({ maxZoom: 1.2 }), 30);
  };

  const save = async (): Promise<Workflow | null> => {
    try {
      const w = saved ? await api.update(saved.id, doc) : await api.create(doc);
      setSaved(w);
      setDirty(false);
      setMessage({ kind: 'info', text: `Saved (version ${w.version}).` });
      if (!saved) navigate(`/workflows/${w.id}`);
      return w;
    } catch (e) {
      const err = e as ApiError;
      if (err.details.length) setProblems(err.details);
      setMessage({ kind: 'error', text: err.message });
      return null;
    }
  };
  const lifecycle = async (action: 'activate' | 'pause' | 'disable') => {
    const w = dirty || !saved ? await save() : saved;
    if (!w) return;
    try {
      setSaved(await api.lifecycle(w.id, action));
      setMessage({ kind: 'info', text: `Workflow ${action === 'activate' ? 'activated' : action === 'pause' ? 'paused' : 'disabled'}.` });
    } catch (e) {
      const err = e as ApiError;
      if (err.details.length) setProblems(err.details);
      setMessage({ kind: 'error', text: err.message });
    }
  };
  const run = async () => {
    let input: unknown;
    try {
      input = runInput.trim() ? JSON.parse(runInput) : {};
    } catch (e) {
      setMessage({ kind: 'error', text: `The input is not valid JSON: ${(e as Error).message}` });
      return;
    }
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
      remember();
      load({ ...parsed, name: parsed.name ?? base.name });
      setFitPending(true);
      setMessage({ kind: 'info', text: `Imported ${parsed.nodes.length} nodes; save to keep them.` });
    } catch (e) {
      setMessage({ kind: 'error', text: `Cannot import ${file.name}: ${(e as Error).message}` });
    }
  };

  // keyboard shortcuts (not while typing in a field)
  const keys = useRef({ copy, paste, undo, redo, save, deleteSelection, layout });
  keys.current = { copy, paste, undo, redo, save, deleteSelection, layout };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 's') {
        e.preventDefault();
        keys.current.save();
        return;
      }
      if (typing) return;
      if (mod && k === 'z' && !e.shiftKey) keys.current.undo();
      else if (mod && (k === 'y' || (k === 'z' && e.shiftKey))) keys.current.redo();
      else if (mod && k === 'c') keys.current.copy();
      else if (mod && k === 'v') keys.current.paste();
      else if (mod && k === 'a') {
        e.preventDefault();
        setNodes((ns) => ns.map((n) => ({ ...n, selected: true })));
      } else if (!mod && k === 'l' && e.shiftKey) keys.current.layout();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (loadError) {
    return (
      <div className="page">
        <div className="banner error">Cannot open this workflow: {loadError}</div>
        <button onClick={() => navigate('/workflows')}>Back to workflows</button>
      </div>
    );
  }

  const edgeIndex = selectedEdge ? edges.indexOf(selectedEdge) : -1;
  const status = saved?.status ?? 'new';
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Workflow">
        <input
          className="name"
          aria-label="Workflow name"
          value={base.name}
          onChange={(e) => {
            remember('name');
            setBase({ ...base, name: e.target.value });
          }}
        />
        <span className={`badge ${status}`} data-testid="workflow-status">
          {status}
        </span>
        {dirty && <span className="hint">unsaved</span>}
        <button className="primary" onClick={save} title="Save (Ctrl+S)">
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
      <div className="editor">
        <Palette types={types} onAdd={addNode} />
        <div className="canvas" ref={wrapper} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
          <ReactFlow<StepNode, LinkEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeClick={() => setTab(executionId ? 'executions' : 'node')}
            onEdgeClick={() => setTab('node')}
            deleteKeyCode={['Delete', 'Backspace']}
            onlyRenderVisibleElements={nodes.length > 100}
            className={zoomedOut ? 'far' : undefined}
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} />
            <Controls />
            <MiniMap pannable zoomable nodeStrokeWidth={3} />
          </ReactFlow>
          {nodes.length === 0 && (
            <div className="empty" style={{ position: 'absolute', top: '30%', left: '15%', right: '15%', pointerEvents: 'none' }}>
              Drag a node from the palette to start, or press Enter on one.
            </div>
          )}
        </div>
        <aside className="side" aria-label="Details">
          <div className="tabs" role="tablist">
            {(['node', 'workflow', 'executions'] as Tab[]).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t === 'node' ? 'Selection' : t === 'workflow' ? 'Workflow' : 'Executions'}
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
                onChange={(n) => updateNode(selectedNode.id, n)}
                onDelete={deleteSelection}
              />
            ) : selectedEdge ? (
              <EdgePanel
                key={selectedEdge.id}
                connection={toDoc(base, [], [selectedEdge]).connections[0]}
                index={edgeIndex}
                problems={problems}
                onChange={(c) => updateEdge(selectedEdge.id, c)}
                onDelete={deleteSelection}
              />
            ) : (
              <div className="body hint">
                {selectedNodes.length > 1 ? `${selectedNodes.length} nodes selected (Ctrl+C to copy, Delete to remove).` : 'Select a node or a connection to edit it.'}
                <ProblemList problems={problems} onPick={(id) => setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })))} />
              </div>
            ))}
          {tab === 'workflow' && (
            <WorkflowPanel
              doc={base}
              problems={problems}
              workflowId={saved?.id}
              onChange={(d) => {
                remember('workflow');
                setBase(d);
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
                  {execution && <ExecutionDetail execution={execution} mode={mode} selectedNode={selectedNode?.id ?? null} onRetried={openExecution} />}
                </>
              ) : (
                <div className="hint">Save the workflow to run it and see its executions.</div>
              )}
            </div>
          )}
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
      {modal === 'yaml' && (
        <Modal title="Generated Camel routes (YAML)" onClose={() => setModal(null)}>
          <pre className="json" style={{ maxHeight: '60vh' }} data-testid="routes-yaml">
            {yaml}
          </pre>
          <div className="actions">
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
