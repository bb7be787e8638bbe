import { useCallback, useEffect, useState } from 'react';
import { api, attempt, type Agent, type AgentMemoryEntry, type Credential, itemsOf, type Workflow } from '../api';
import { formatTime } from '../components/ExecutionsPanel';
import './pages.css';

const HTTP_FETCH = 'http_fetch';

type Draft = Omit<Agent, 'owner_id' | 'error'>;

const blank = (): Draft => ({ id: '', name: '', system_prompt: '', model: null, tools: [], memory_size: 10 });

/** Agents: the list, a form to create or change one, and (for a saved one) its memories. */
export function Agents() {
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [editing, setEditing] = useState<{ draft: Draft; saved: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => attempt(async () => setAgents((await api.agents()).items), setError), []);
  useEffect(() => {
    load();
    api.workflows().then((p) => setWorkflows(p.items), () => undefined);
    api.credentials().then((c) => setCredentials(itemsOf(c).filter((x) => x.kind === 'openai')), () => undefined);
  }, [load]);

  const remove = async (a: Agent) => {
    if (!window.confirm(`Delete the agent “${a.name ?? a.id}” and everything it remembers?`)) return;
    await attempt(() => api.deleteAgent(a.id), setError);
    load();
  };

  if (editing) {
    return (
      <AgentForm
        key={editing.draft.id || 'new'}
        initial={editing.draft}
        saved={editing.saved}
        workflows={workflows}
        credentials={credentials}
        onClose={() => {
          setEditing(null);
          load();
        }}
      />
    );
  }
  return (
    <div className="page">
      <h1>Agents</h1>
      <p className="hint">An agent is a system prompt, a model and the tools it may call; the agent nodes of a workflow use it and remember for it.</p>
      <div className="filters">
        <button className="primary" type="button" onClick={() => setEditing({ draft: blank(), saved: false })}>
          New agent
        </button>
      </div>
      {error && <div className="banner error">{error}</div>}
      {agents === null && !error && <div className="hint">Loading…</div>}
      {agents && agents.length === 0 && <div className="empty">No agents yet.</div>}
      {agents && agents.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Model</th>
              <th>Tools</th>
              <th>Memory</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.id} data-agent={a.id}>
                <td>{a.error ? <span className="error-text">{a.error}</span> : a.name}</td>
                <td>
                  <code>{a.id}</code>
                </td>
                <td>{a.model ?? <span className="hint">default</span>}</td>
                <td>{a.tools?.map((t) => toolLabel(t, workflows)).join(', ') || '—'}</td>
                <td>{a.memory_size ?? '—'}</td>
                <td className="actions">
                  {!a.error && (
                    <button type="button" onClick={() => setEditing({ draft: { ...a }, saved: true })} aria-label={`Edit ${a.name}`}>
                      Edit
                    </button>
                  )}
                  <button type="button" className="danger" onClick={() => remove(a)} aria-label={`Delete ${a.name ?? a.id}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function toolLabel(tool: string, workflows: Workflow[]): string {
  if (tool === HTTP_FETCH) return 'HTTP fetch';
  const ref = tool.startsWith('workflow:') ? tool.slice('workflow:'.length) : tool;
  return workflows.find((w) => w.id === ref)?.name ?? ref;
}

/** An id the agents folder takes: a letter or digit, then letters, digits, - and _. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Lower-case letters, digits and dashes of the name: the suggested id of a new agent. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

interface FormProps {
  initial: Draft;
  saved: boolean;
  workflows: Workflow[];
  credentials: Credential[];
  onClose: () => void;
}

function AgentForm({ initial, saved, workflows, credentials, onClose }: FormProps) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [idTouched, setIdTouched] = useState(saved);
  const [exists, setExists] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const toggleTool = (tool: string, on: boolean) =>
    setDraft((d) => ({ ...d, tools: on ? [...d.tools, tool] : d.tools.filter((t) => t !== tool) }));
  const idProblem = draft.id && !ID.test(draft.id) ? 'Letters, digits, - and _ only, starting with a letter or digit.' : null;

  const save = async () => {
    // only the fields of an agent file: the server refuses any other (owner_id comes with a read agent)
    const body = {
      name: draft.name,
      system_prompt: draft.system_prompt,
      model: draft.model?.trim() || null,
      credential: draft.credential || undefined,
      tools: draft.tools,
      memory_size: draft.memory_size,
    };
    await attempt(async () => {
      const a = await api.saveAgent(draft.id, body);
      setDraft({ ...a });
      setExists(true);
      setIdTouched(true);
      setNotice(`Saved “${a.name}”.`);
    }, setError);
  };

  return (
    <div className="page">
      <h1>{exists ? `Agent “${draft.name || draft.id}”` : 'New agent'}</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field">
          <span className="title">Name</span>
          <input
            value={draft.name}
            required
            onChange={(e) => {
              const name = e.target.value;
              setDraft((d) => ({ ...d, name, id: idTouched ? d.id : slug(name) }));
            }}
          />
        </label>
        <label className={`field${idProblem ? ' has-error' : ''}`}>
          <span className="title">Id</span>
          <input
            aria-label="Id"
            value={draft.id}
            readOnly={exists}
            required
            onChange={(e) => {
              setIdTouched(true);
              set('id', e.target.value);
            }}
          />
          <span className={idProblem ? 'error-text' : 'hint'}>{idProblem ?? 'Agent nodes name the agent by its id; it cannot change later.'}</span>
        </label>
        <label className="field">
          <span className="title">System prompt</span>
          <textarea rows={6} value={draft.system_prompt} onChange={(e) => set('system_prompt', e.target.value)} />
        </label>
        <label className="field">
          <span className="title">Model</span>
          <input value={draft.model ?? ''} placeholder="the runtime's default model" onChange={(e) => set('model', e.target.value)} />
        </label>
        <label className="field">
          <span className="title">Credential</span>
          <select aria-label="Credential" value={draft.credential ?? ''} onChange={(e) => set('credential', e.target.value || undefined)}>
            <option value="">the runtime's default key</option>
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {draft.credential && !credentials.some((c) => c.id === draft.credential) && <option value={draft.credential}>{draft.credential}</option>}
          </select>
          <span className="hint">An openai credential: its key stays in the vault.</span>
        </label>
        <fieldset className="field tools">
          <legend className="title">Tools</legend>
          <label>
            <input type="checkbox" checked={draft.tools.includes(HTTP_FETCH)} onChange={(e) => toggleTool(HTTP_FETCH, e.target.checked)} /> HTTP fetch
            <span className="hint"> — GET a URL (private addresses refused)</span>
          </label>
          {workflows.map((w) => (
            <label key={w.id}>
              <input type="checkbox" checked={draft.tools.includes(w.id)} onChange={(e) => toggleTool(w.id, e.target.checked)} /> Workflow “{w.name}”
            </label>
          ))}
          {draft.tools
            .filter((t) => t !== HTTP_FETCH && !workflows.some((w) => w.id === t))
            .map((t) => (
              <label key={t}>
                <input type="checkbox" checked onChange={() => toggleTool(t, false)} /> {t} <span className="hint">(not one of your workflows)</span>
              </label>
            ))}
        </fieldset>
        <label className="field">
          <span className="title">Memory size</span>
          <input
            aria-label="Memory size"
            type="number"
            min={0}
            max={200}
            value={draft.memory_size}
            onChange={(e) => set('memory_size', Math.max(0, Math.min(200, Number(e.target.value) || 0)))}
          />
          <span className="hint">How many recent conversation messages each prompt carries (0 to 200).</span>
        </label>
        {error && <div className="banner error">{error}</div>}
        {notice && !error && (
          <div className="banner info" role="status">
            {notice}
          </div>
        )}
        <div className="filters">
          <button className="primary" type="submit" disabled={!draft.id || !!idProblem}>
            Save agent
          </button>
          <button type="button" onClick={onClose}>
            Back to agents
          </button>
        </div>
      </form>
      {exists && <Memories agentId={draft.id} />}
    </div>
  );
}

/** What the agent stored, newest first; each memory forgotten on its own, or everything at once. */
function Memories({ agentId }: { agentId: string }) {
  const [items, setItems] = useState<AgentMemoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => attempt(async () => setItems((await api.memories(agentId)).items), setError), [agentId]);
  useEffect(() => {
    load();
  }, [load]);
  const forget = async (key?: string | null) => {
    const question = key ? `Forget the memory “${key}”?` : 'Forget everything this agent stored, said and was told?';
    if (!window.confirm(question)) return;
    await attempt(() => api.forget(agentId, key ?? undefined), setError);
    load();
  };
  return (
    <section aria-label="Memories" className="memories">
      <h2>Memories</h2>
      {error && <div className="banner error">{error}</div>}
      {items && items.length === 0 && <div className="hint">Nothing stored yet: the Agent memory node stores memories by key.</div>}
      {items && items.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Key</th>
              <th>Content</th>
              <th>Stored</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((m, i) => (
              <tr key={`${m.key}-${i}`} data-memory={m.key ?? ''}>
                <td>
                  <code>{m.key ?? '—'}</code>
                </td>
                <td className="content">{m.content}</td>
                <td>{formatTime(m.created_at)}</td>
                <td>
                  {m.key && (
                    <button type="button" className="danger" onClick={() => forget(m.key)} aria-label={`Forget ${m.key}`}>
                      Forget
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="filters">
        <button type="button" className="danger" onClick={() => forget()}>
          Forget everything
        </button>
      </div>
    </section>
  );
}
