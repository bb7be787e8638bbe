import { type ReactNode, useEffect, useState } from 'react';
import { api, type JsonSchema, type Connection, type NodeType, type Trigger, type ValidationProblem, type WorkflowDoc, type WorkflowNode } from '../api';
import { describeCron } from '../cron';
import { CodeField } from './CodeField';
import { fitsKamelet, kameletSecretsSchema, KindCredentialPicker } from './CredentialForm';
import { SchemaForm } from './SchemaForm';

function fieldErrors(problems: ValidationProblem[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    if (p.field?.startsWith(prefix)) {
      const name = p.field.slice(prefix.length).split(/[.[]/)[0];
      out[name] = out[name] ? `${out[name]}; ${p.message}` : p.message;
    }
  }
  return out;
}

/** The node's credential: its own `credential` field (§2), which wins, else the older `config.credential`. */
export function credentialOf(node: WorkflowNode): string | undefined {
  if (node.credential) return node.credential;
  const inConfig = node.config?.credential;
  return typeof inConfig === 'string' && inConfig ? inConfig : undefined;
}

/** The node with `credential` set on the node itself and none left in `config`, so there is one place. */
export function withCredential(node: WorkflowNode, credential: string | undefined): WorkflowNode {
  const next: WorkflowNode = { ...node };
  const config = { ...(node.config ?? {}) };
  delete config.credential;
  if (Object.keys(config).length) next.config = config;
  else delete next.config;
  if (credential) next.credential = credential;
  else delete next.credential;
  return next;
}

/** The config schema without its `credential` field: the credential picker above the form sets it. */
function withoutCredential(schema: JsonSchema): JsonSchema {
  if (!schema.properties?.credential) return schema;
  const { credential: _c, ...properties } = schema.properties;
  return { ...schema, properties, required: schema.required?.filter((r) => r !== 'credential') };
}

interface NodePanelProps {
  node: WorkflowNode;
  nodeType?: NodeType;
  problems: ValidationProblem[];
  hints: string[];
  onChange: (node: WorkflowNode) => void;
  onDelete: () => void;
  /** More sections about the node (its pinned data and test runs), above the Delete button. */
  children?: ReactNode;
}

export function NodePanel({ node, nodeType, problems, hints, onChange, onDelete, children }: NodePanelProps) {
  const mine = problems.filter((p) => p.node_id === node.id);
  const configErrors = fieldErrors(mine, 'config.');
  // a credential problem names the field its id came from: `credential` or `config.credential`
  const credentialError = [configErrors.credential, mine.find((p) => p.field === 'credential')?.message].filter(Boolean).join('; ') || undefined;
  const other = mine.filter((p) => !p.field?.startsWith('config.') && p.field !== 'credential');
  const kamelet = nodeType?.kamelet;
  const set = (patch: Partial<WorkflowNode>) => {
    const next = { ...node, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    onChange(next);
  };
  return (
    <div className="body" aria-label={`Node ${node.id}`}>
      <h2>{nodeType?.label ?? node.type}</h2>
      <p className="hint">{nodeType?.description ?? `Unknown node type '${node.type}'.`}</p>
      <p className="hint">
        id <code>{node.id}</code>
      </p>
      <label className="field">
        <span className="title">Label</span>
        <input value={node.label ?? ''} onChange={(e) => set({ label: e.target.value || undefined })} />
      </label>
      {other.map((p, i) => (
        <div key={i} className="error-text" role="alert">
          {p.message}
        </div>
      ))}
      {kamelet && (
        <p className="hint" data-testid="kamelet-info">
          Camel Kamelet <code>{kamelet.name}</code> · {kamelet.provider} · {kamelet.group} · {kamelet.kind}
        </p>
      )}
      {nodeType?.credential_kind && (!kamelet || kamelet.secret_properties.length > 0) && (
        <KindCredentialPicker
          // one picker per type: a Kamelet's form and list depend on the Kamelet, not only the kind
          key={nodeType.type}
          kind={nodeType.credential_kind}
          alsoKinds={(nodeType.credential_kinds ?? []).filter((k) => k !== nodeType.credential_kind)}
          value={credentialOf(node)}
          error={credentialError}
          onChange={(credential) => onChange(withCredential(node, credential))}
          schema={kamelet && kameletSecretsSchema(nodeType)}
          accepts={kamelet && ((c) => fitsKamelet(c, kamelet.secret_properties))}
        />
      )}
      {kamelet && kamelet.secret_properties.length === 0 && <p className="hint">This connector takes no secrets, so no credential.</p>}
      {nodeType && (
        <SchemaForm
          key={node.id}
          schema={nodeType.credential_kind ? withoutCredential(nodeType.config_schema) : nodeType.config_schema}
          value={(node.config ?? {}) as Record<string, unknown>}
          errors={configErrors}
          hints={hints}
          splitOptional={!!kamelet}
          onChange={(config) => set({ config })}
        />
      )}
      <details>
        <summary>Execution settings</summary>
        <label className="field">
          <input type="checkbox" checked={node.enabled !== false} onChange={(e) => set({ enabled: e.target.checked ? undefined : false })} /> Enabled
          <div className="hint">A disabled node passes its input through unchanged.</div>
        </label>
        <label className="field">
          <span className="title">Timeout (seconds)</span>
          <input type="number" min={1} placeholder="60" value={node.timeout_seconds ?? ''} onChange={(e) => set({ timeout_seconds: e.target.value ? Number(e.target.value) : undefined })} />
        </label>
        <label className="field">
          <input type="checkbox" checked={node.retry_on_failure === true} onChange={(e) => set({ retry_on_failure: e.target.checked || undefined })} /> Retry transient failures
        </label>
        <label className="field">
          <span className="title">Max retries</span>
          <input type="number" min={0} placeholder="1" value={node.max_retries ?? ''} onChange={(e) => set({ max_retries: e.target.value ? Number(e.target.value) : undefined })} />
        </label>
      </details>
      {children}
      <button type="button" className="danger" onClick={onDelete}>
        Delete node
      </button>
    </div>
  );
}

interface EdgePanelProps {
  connection: Connection;
  /** The canvas id of the edge: its problems are the ones tied to it (see withEdgeIds). */
  edgeId: string;
  problems: ValidationProblem[];
  onChange: (c: Connection) => void;
  onDelete: () => void;
}

export function EdgePanel({ connection, edgeId, problems, onChange, onDelete }: EdgePanelProps) {
  const mine = problems.filter((p) => p.edge_id === edgeId);
  const errs = fieldErrors(
    mine.map((p) => ({ ...p, field: p.field?.replace(/^connections\[\d+\]\./, 'connection.') })),
    'connection.',
  );
  const transform = connection.transform;
  return (
    <div className="body" aria-label="Connection">
      <h2>Connection</h2>
      <p className="hint">
        {connection.source} ({connection.sourceHandle ?? 'output'}) → {connection.target}
      </p>
      {mine
        .filter((p) => !p.field || !/\.(condition|transform)/.test(p.field))
        .map((p, i) => (
          <div key={i} className="error-text" role="alert">
            {p.message}
          </div>
        ))}
      <div className={`field${errs.condition ? ' has-error' : ''}`} style={{ marginBottom: 10 }}>
        <label className="title" style={{ fontWeight: 600, fontSize: 12 }} htmlFor="edge-condition">
          Condition
        </label>
        <CodeField
          id="edge-condition"
          mode="expression"
          value={connection.condition?.expression ?? ''}
          placeholder="e.g. data.status == 200"
          onChange={(v) => {
            const next = { ...connection };
            if (v) next.condition = { ...connection.condition, expression: v };
            else delete next.condition;
            onChange(next);
          }}
        />
        <select
          aria-label="Condition language"
          value={connection.condition?.language ?? 'webops'}
          disabled={!connection.condition}
          onChange={(e) => {
            if (!connection.condition) return;
            const language = e.target.value as 'webops' | 'jsonata';
            onChange({ ...connection, condition: { expression: connection.condition.expression, ...(language === 'jsonata' ? { language } : {}) } });
          }}
        >
          <option value="webops">webops</option>
          <option value="jsonata">jsonata</option>
        </select>
        <div className="hint">Data flows on this connection only when it holds (evaluated on the source's output).</div>
        {errs.condition && <div className="error-text">{errs.condition}</div>}
      </div>
      <div className={`field${errs.transform ? ' has-error' : ''}`}>
        <label className="title" style={{ fontWeight: 600, fontSize: 12 }} htmlFor="edge-transform">
          Transform
        </label>
        <select
          id="edge-transform"
          value={transform?.type ?? ''}
          onChange={(e) => {
            const next = { ...connection };
            if (e.target.value) next.transform = { type: e.target.value, ...(e.target.value === 'template' ? { template: '' } : { query: '' }) };
            else delete next.transform;
            onChange(next);
          }}
        >
          <option value="">none</option>
          {['jmespath', 'jsonpath', 'jslt', 'jsonata', 'template'].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        {transform && (
          <CodeField
            label="Transform query"
            mode={transform.type === 'template' ? 'template' : 'json'}
            value={(transform.type === 'template' ? transform.template : transform.query) ?? ''}
            onChange={(v) => onChange({ ...connection, transform: { type: transform.type, ...(transform.type === 'template' ? { template: v } : { query: v }) } })}
          />
        )}
        {errs.transform && <div className="error-text">{errs.transform}</div>}
      </div>
      <button type="button" className="danger" onClick={onDelete} style={{ marginTop: 10 }}>
        Delete connection
      </button>
    </div>
  );
}

interface WorkflowPanelProps {
  doc: WorkflowDoc;
  problems: ValidationProblem[];
  workflowId?: string;
  onChange: (doc: WorkflowDoc) => void;
}

export function WorkflowPanel({ doc, problems, workflowId, onChange }: WorkflowPanelProps) {
  const trigger: Trigger = doc.trigger ?? { type: 'manual' };
  const errs = fieldErrors(problems.filter((p) => !p.node_id && p.connection == null), 'trigger.');
  const docProblems = problems.filter((p) => !p.node_id && p.connection == null && !p.field?.startsWith('trigger.'));
  const setTrigger = (t: Trigger) => onChange({ ...doc, trigger: t });
  const cron = trigger.type === 'schedule' ? describeCron(trigger.cron ?? '') : null;
  const settings = (doc.settings ?? {}) as Record<string, unknown>;
  return (
    <div className="body" aria-label="Workflow settings">
      <h2>Workflow</h2>
      {docProblems.map((p, i) => (
        <div key={i} className="error-text" role="alert">
          {p.message}
        </div>
      ))}
      <label className="field">
        <span className="title">Description</span>
        <textarea rows={2} value={doc.description ?? ''} onChange={(e) => onChange({ ...doc, description: e.target.value || undefined })} />
      </label>
      <label className="field">
        <span className="title">Trigger</span>
        <select aria-label="Trigger type" value={trigger.type} onChange={(e) => setTrigger({ type: e.target.value as Trigger['type'] })}>
          <option value="manual">manual</option>
          <option value="webhook">webhook</option>
          <option value="schedule">schedule (cron)</option>
          <option value="event">event (another workflow)</option>
        </select>
      </label>
      {trigger.type === 'webhook' && (
        <>
          <label className="field">
            <span className="title">Path</span>
            <input aria-label="Webhook path" placeholder={workflowId ?? 'the workflow id'} value={trigger.path ?? ''} onChange={(e) => setTrigger({ ...trigger, path: e.target.value || undefined })} />
            <div className="hint">
              Called at <code>/webhooks/{trigger.path || workflowId || '<id>'}</code>
            </div>
            {errs.path && <div className="error-text">{errs.path}</div>}
          </label>
          <label className="field">
            <span className="title">Method</span>
            <select value={trigger.method ?? 'POST'} onChange={(e) => setTrigger({ ...trigger, method: e.target.value })}>
              {['POST', 'GET', 'PUT', 'PATCH', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <WebhookAuth auth={trigger.auth} onChange={(auth) => setTrigger({ ...trigger, auth })} />
          <label className="field">
            <span className="title">Respond</span>
            <select aria-label="Webhook respond" value={trigger.respond ?? 'immediately'} onChange={(e) => setTrigger({ ...trigger, respond: e.target.value })}>
              <option value="immediately">immediately (202 with the execution id)</option>
              <option value="when_finished">when finished (the execution's output)</option>
            </select>
          </label>
          <label className="field">
            <span className="title">Largest body (bytes)</span>
            <input
              type="number"
              min={1}
              placeholder="instance default"
              aria-label="Webhook body limit"
              value={trigger.max_body_bytes ?? ''}
              onChange={(e) => setTrigger({ ...trigger, max_body_bytes: e.target.value ? Number(e.target.value) : undefined })}
            />
            <div className="hint">A larger request is refused with 413 before it is read whole. Empty: the instance's limit.</div>
            {errs.max_body_bytes && <div className="error-text">{errs.max_body_bytes}</div>}
          </label>
        </>
      )}
      {trigger.type === 'schedule' && (
        <div className={`field${errs.cron ? ' has-error' : ''}`} style={{ marginBottom: 10 }}>
          <label className="title" style={{ fontWeight: 600, fontSize: 12 }} htmlFor="cron">
            Cron
          </label>
          <input id="cron" placeholder="*/5 * * * *" value={trigger.cron ?? ''} onChange={(e) => setTrigger({ ...trigger, cron: e.target.value })} />
          {cron && <div className={cron.ok ? 'hint' : 'error-text'}>{cron.text}{cron.ok ? ` (${trigger.timezone ?? 'UTC'})` : ''}</div>}
          {errs.cron && <div className="error-text">{errs.cron}</div>}
          <label className="field">
            <span className="title">Timezone</span>
            <input placeholder="UTC" value={trigger.timezone ?? ''} onChange={(e) => setTrigger({ ...trigger, timezone: e.target.value || undefined })} />
          </label>
        </div>
      )}
      {trigger.type === 'event' && (
        <>
          <label className="field">
            <span className="title">On</span>
            <select value={trigger.on ?? ''} onChange={(e) => setTrigger({ ...trigger, on: e.target.value })}>
              <option value="">—</option>
              <option>workflow.succeeded</option>
              <option>workflow.failed</option>
              <option>workflow.finished</option>
            </select>
          </label>
          <WorkflowPicker value={trigger.workflow} exclude={workflowId} onChange={(workflow) => setTrigger({ ...trigger, workflow })} />
        </>
      )}
      {Object.entries(errs)
        .filter(([k]) => !['cron', 'path'].includes(k))
        .map(([k, m]) => (
          <div key={k} className="error-text">
            {m}
          </div>
        ))}
      <label className="field">
        <input
          type="checkbox"
          checked={settings.retry_on_failure !== false}
          onChange={(e) => onChange({ ...doc, settings: { ...settings, retry_on_failure: e.target.checked } })}
        />{' '}
        Retry on failure
        <div className="hint">A failed run started by a schedule, an event or a webhook answered at once runs again, up to Max retries times, after 1 s, 2 s, 4 s… (runs from here: use Retry).</div>
      </label>
      <label className="field">
        <span className="title">Max retries</span>
        <input
          type="number"
          min={0}
          placeholder="3"
          value={(settings.max_retries as number | undefined) ?? ''}
          onChange={(e) => {
            const next = { ...settings };
            if (e.target.value) next.max_retries = Number(e.target.value);
            else delete next.max_retries;
            onChange({ ...doc, settings: next });
          }}
        />
      </label>
      <label className="field">
        <span className="title">Workflow timeout (seconds)</span>
        <input
          type="number"
          min={1}
          placeholder="300"
          value={(settings.timeout_seconds as number | undefined) ?? ''}
          onChange={(e) => {
            const next = { ...settings };
            if (e.target.value) next.timeout_seconds = Number(e.target.value);
            else delete next.timeout_seconds;
            onChange({ ...doc, settings: next });
          }}
        />
      </label>
      <label className="field">
        <span className="title">Save execution data</span>
        <select
          aria-label="Save execution data"
          value={(settings.save_execution_data as string | undefined) ?? 'all'}
          onChange={(e) => {
            const next = { ...settings };
            if (e.target.value === 'all') delete next.save_execution_data;
            else next.save_execution_data = e.target.value;
            onChange({ ...doc, settings: next });
          }}
        >
          <option value="all">all</option>
          <option value="errors_only">errors only</option>
          <option value="none">none</option>
        </select>
        <div className="hint">What a finished run keeps besides its status, times and error: its trigger data, input, output and node logs. Statistics count every run either way.</div>
      </label>
      <HistoryLimit settings={settings} name="history_max_age_days" title="Keep history (days)" onChange={(next) => onChange({ ...doc, settings: next })} />
      <HistoryLimit settings={settings} name="history_max_executions" title="Keep history (executions)" onChange={(next) => onChange({ ...doc, settings: next })} />
    </div>
  );
}

/** A history limit of the workflow; empty leaves it to the instance's default (30 days, 10,000 executions unless set otherwise). */
function HistoryLimit({ settings, name, title, onChange }: { settings: Record<string, unknown>; name: string; title: string; onChange: (settings: Record<string, unknown>) => void }) {
  return (
    <label className="field">
      <span className="title">{title}</span>
      <input
        type="number"
        min={1}
        placeholder="instance default"
        aria-label={title}
        value={(settings[name] as number | undefined) ?? ''}
        onChange={(e) => {
          const next = { ...settings };
          if (e.target.value) next[name] = Number(e.target.value);
          else delete next[name];
          onChange(next);
        }}
      />
    </label>
  );
}

const AUTH_FIELDS: Record<string, { name: string; label: string; secret?: boolean }[]> = {
  header: [{ name: 'name', label: 'Header name' }, { name: 'value', label: 'Header value', secret: true }],
  hmac: [{ name: 'header', label: 'Signature header' }, { name: 'secret', label: 'Secret', secret: true }],
  basic: [{ name: 'username', label: 'Username' }, { name: 'password', label: 'Password', secret: true }],
};

/** Webhook authentication; stored secrets come back masked and the mask keeps them on save. */
function WebhookAuth({ auth, onChange }: { auth?: Record<string, string>; onChange: (auth: Record<string, string> | undefined) => void }) {
  const type = auth?.type ?? '';
  return (
    <>
      <label className="field">
        <span className="title">Authentication</span>
        <select aria-label="Webhook authentication" value={type} onChange={(e) => onChange(e.target.value ? { type: e.target.value } : undefined)}>
          <option value="">none</option>
          <option value="header">header secret</option>
          <option value="hmac">HMAC signature of the body</option>
          <option value="basic">basic auth</option>
        </select>
      </label>
      {(AUTH_FIELDS[type] ?? []).map((f) => (
        <label className="field" key={f.name}>
          <span className="title">{f.label}</span>
          <input
            aria-label={f.label}
            type={f.secret ? 'password' : 'text'}
            autoComplete="off"
            value={auth?.[f.name] ?? ''}
            onChange={(e) => onChange({ ...auth!, [f.name]: e.target.value })}
          />
          {f.secret && <div className="hint">Stored encrypted; shown as ******** once saved.</div>}
        </label>
      ))}
    </>
  );
}

/** The workflow whose executions fire an event trigger, chosen by name. */
function WorkflowPicker({ value, exclude, onChange }: { value?: string; exclude?: string; onChange: (id: string) => void }) {
  const [list, setList] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    api.workflows().then((p) => setList(p.items.filter((w) => w.id !== exclude)), () => undefined);
  }, [exclude]);
  return (
    <label className="field">
      <span className="title">Workflow</span>
      <select aria-label="Event source workflow" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {value && !list.some((w) => w.id === value) && <option value={value}>{value}</option>}
        {list.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
