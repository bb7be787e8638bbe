// The one HTTP client of the canvas: JSON in and out, the CSRF header on writes, and a 401 from
// any call sends the app to the sign-in screen.

export interface NodeType {
  type: string;
  category: string;
  label: string;
  description: string;
  config_schema: JsonSchema;
  inputs: string[];
  outputs: string[];
  credential_kind: string | null;
  /** Every credential kind the type takes, credential_kind first (HTTP nodes: http and github). */
  credential_kinds?: string[];
  /** Set on the node types made from a Camel Kamelet (`kamelet:<name>`): where it comes from and what it keeps secret. */
  kamelet?: KameletInfo;
}

/** What the palette and the inspector know of a Kamelet node type. */
export interface KameletInfo {
  name: string;
  kind: 'source' | 'sink' | 'action';
  group: string;
  provider: string;
  /** The Kamelet's `format: password` properties: set in a `kamelet` credential, never in the workflow. */
  secret_properties: string[];
  /** Jars it declares beyond what the runtime ships (an enabled one needs none). */
  needs: string[];
}

/** One Kamelet of the catalogue on the admin page, enabled or why not. */
export interface KameletEntry {
  name: string;
  title: string;
  description: string;
  kind: string;
  group: string;
  provider: string;
  support_level: string;
  status: 'enabled' | 'not_allowed' | 'needs_jar' | 'refused';
  needs: string[];
  reason: string | null;
}

export interface KameletCatalogue {
  /** The operator's WEBOPS_KAMELETS value, read-only here. */
  allow: string;
  items: KameletEntry[];
}

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  format?: string;
  writeOnly?: boolean;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  oneOf?: { required: string[] }[];
  'x-template'?: boolean;
}

export interface WorkflowNode {
  id: string;
  type: string;
  label?: string;
  position?: { x: number; y: number };
  config?: Record<string, unknown>;
  credential?: string;
  enabled?: boolean;
  timeout_seconds?: number;
  retry_on_failure?: boolean;
  max_retries?: number;
  [extra: string]: unknown;
}

export interface Connection {
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
  condition?: { expression: string; language?: 'webops' | 'jsonata' };
  transform?: { type: string; query?: string; template?: string };
}

export interface Trigger {
  type: 'manual' | 'webhook' | 'schedule' | 'event';
  path?: string;
  method?: string;
  respond?: string;
  /** a webhook's own request body limit in bytes; absent: the instance's (WEBOPS_WEBHOOK_MAX_BODY_BYTES) */
  max_body_bytes?: number;
  cron?: string;
  timezone?: string;
  on?: string;
  workflow?: string;
  auth?: Record<string, string>;
}

/** The workflow's settings; an absent field is at its default (history limits: the instance's). */
export interface WorkflowSettings {
  timeout_seconds?: number;
  retry_on_failure?: boolean;
  max_retries?: number;
  save_execution_data?: 'all' | 'errors_only' | 'none';
  history_max_age_days?: number;
  history_max_executions?: number;
  [extra: string]: unknown;
}

export interface WorkflowDoc {
  name: string;
  description?: string;
  trigger?: Trigger;
  settings?: WorkflowSettings;
  nodes: WorkflowNode[];
  connections: Connection[];
  /** Pinned data: a node listed here does not run in test runs, its output is this value (production runs ignore it). */
  pin_data?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Workflow extends WorkflowDoc {
  id: string;
  owner_id?: string | null;
  status: string;
  version: number;
  total_executions: number;
  successful_executions: number;
  failed_executions: number;
  last_executed_at: string | null;
  average_duration_ms: number | null;
  created_at?: string;
  updated_at?: string;
}

export interface NodeLog {
  node_id: string;
  status: string;
  attempts: number;
  started_at: string | null;
  duration_ms: number;
  input: unknown;
  output: unknown;
  error: string | null;
  item?: number;
  /** Set on test runs and replays: the node gave its pinned value, or its output recorded by that execution. */
  details?: { pinned?: boolean; reused_from?: string; [extra: string]: unknown } | null;
}

/** What a test run runs: the whole workflow with its pins, a node and its ancestors, or (single) the node alone. */
export interface TestRun {
  input: unknown;
  to_node?: string;
  single?: boolean;
  /** Where a single node's unpinned ancestors' outputs come from (default: the workflow's latest execution). */
  from_execution?: string;
}

export interface Execution {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: string;
  trigger_type: string;
  trigger_data: unknown;
  input: unknown;
  output: unknown;
  error_message: string | null;
  error_traceback: string | null;
  started_at: string;
  completed_at: string | null;
  duration_ms: number | null;
  node_logs: NodeLog[];
  /** false when the workflow's save_execution_data dropped this finished run's data; absent otherwise */
  data_saved?: false;
}

/** One saved version in the versions list. */
export interface VersionSummary {
  version: number;
  /** the users.id of who saved it; null before accounts existed */
  author: string | null;
  author_email: string | null;
  created_at: string;
  message: string | null;
}

/** A version's full document (webhook secrets masked) with its summary. */
export interface WorkflowVersion extends WorkflowDoc, VersionSummary {
  id: string;
}

/** One changed value; a secret's change carries no value. */
export interface Change {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  secret?: boolean;
}

export interface WorkflowDiff {
  from: number;
  to: number;
  fields: Change[];
  nodes: { added: WorkflowNode[]; removed: WorkflowNode[]; changed: { id: string; type: string; changes: Change[] }[] };
  connections: { added: Connection[]; removed: Connection[]; changed: (Connection & { changes: Change[] })[] };
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ValidationProblem {
  node_id?: string | null;
  connection?: number | null;
  field?: string | null;
  message: string;
  /** Set by the canvas, not the server: the id of the edge that `connection` indexed when the answer came. */
  edge_id?: string;
}

export interface Credential {
  id: string;
  name: string;
  kind: string;
  created_at?: string;
  [field: string]: unknown;
}

/** Who else may use a workflow or credential, and how. */
export interface Share {
  user_id: string;
  email: string | null;
  access: 'read' | 'edit';
}

export interface Me {
  id: string;
  email: string;
  role: string;
  created_at?: string;
}

/** The categories a template is filed under (the server refuses others). */
export const TEMPLATE_CATEGORIES = ['data_processing', 'content_generation', 'monitoring', 'integration', 'custom'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** "data_processing" → "Data processing". */
export function categoryLabel(category: string): string {
  const words = category.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Template {
  id: string;
  name: string;
  description?: string;
  category?: string;
  workflow?: WorkflowDoc;
  node_types?: string[];
  credential_kinds?: string[];
  /** official: shipped with the runtime; shared: saved by a user from a workflow. */
  source?: 'official' | 'shared';
  /** The user id of a shared template's author (null for official ones). */
  owner?: string | null;
  public?: boolean;
  usage_count?: number;
  /** Where secrets were removed when it was saved, e.g. `nodes[fetch].config.headers.Authorization`. */
  stripped?: string[];
}

export interface NewTemplate {
  workflow_id: string;
  name: string;
  category: TemplateCategory;
  description: string;
  public: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at?: string;
  last_used_at?: string | null;
  /** Only in the answer to the creation: the value, shown this once. */
  token?: string;
}

export interface Notification {
  id: string;
  level: string;
  message: string;
  workflow_id: string | null;
  execution_id: string | null;
  node_id: string | null;
  created_at: string;
  read: boolean;
  read_at: string | null;
}

export interface Agent {
  id: string;
  name: string;
  system_prompt: string;
  model: string | null;
  credential?: string;
  tools: string[];
  memory_size: number;
  owner_id?: string | null;
  /** Set instead of the fields when the agent's file does not parse. */
  error?: string;
}

export interface AgentMemoryEntry {
  key: string | null;
  content: string;
  reference: string | null;
  created_at: string;
}

export interface User extends Me {
  disabled?: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  resource_kind: string | null;
  resource_id: string | null;
  detail: unknown;
}

export interface ExecutionStats {
  from: string;
  to: string;
  per_hour: ({ hour: string } & Record<string, number | string>)[];
  workflows: {
    workflow_id: string;
    name: string | null;
    total: number;
    failed: number;
    success: number;
    p50_ms: number | null;
    p95_ms: number | null;
  }[];
}

/** What became of one node of an imported document (POST /api/workflows/import). */
export interface ImportReportEntry {
  node: string;
  status: 'mapped' | 'unsupported';
  reason: string;
}

export type ImportFormat = 'n8n' | 'node-red' | 'webops';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly details: ValidationProblem[] = [],
  ) {
    super(message);
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any API call answers 401: the session is gone or was never there. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function cookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Runs an action of a page: its failure's message goes to `setError`, which success clears. */
export async function attempt(action: () => Promise<unknown>, setError: (message: string | null) => void): Promise<void> {
  try {
    await action();
    setError(null);
  } catch (e) {
    setError((e as Error).message);
  }
}

export async function request<T>(method: string, path: string, body?: unknown, raw = false, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = cookie('webops_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    throw new ApiError(0, `The runtime cannot be reached (${(e as Error).message}).`);
  }
  if (response.status === 401 && !path.startsWith('/api/auth/')) {
    unauthorizedListeners.forEach((l) => l());
  }
  const text = await response.text();
  if (!response.ok) {
    let message = `${method} ${path} answered ${response.status}`;
    let code: string | undefined;
    let details: ValidationProblem[] = [];
    try {
      const json = JSON.parse(text);
      if (json?.error) {
        message = json.error.message ?? message;
        code = json.error.code;
        details = Array.isArray(json.error.details) ? json.error.details : [];
      }
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message, code, details);
  }
  if (raw) return text as T;
  return (text ? JSON.parse(text) : null) as T;
}

const enc = encodeURIComponent;

/** `?a=1&b=2` of the parameters that have a value (empty ones are left out). */
function query(q: Record<string, string | number | boolean | undefined>): string {
  const params = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');
  return params ? `?${params}` : '';
}

/** Whether `me` may see and change who else has a resource: its owner or an admin (unknown `me`: let the server say). */
export const canShare = (me: Me | undefined, ownerId: unknown) => !me || me.role === 'admin' || ownerId === me.id;

/** The path of one shareable resource, the `base` of the share calls. */
export const resourcePath = (kind: 'workflows' | 'credentials', id: string) => `/api/${kind}/${enc(id)}`;

export const api = {
  nodeTypes: () => request<NodeType[]>('GET', '/api/node-types'),
  workflows: (cursor?: string) =>
    request<Page<Workflow>>('GET', `/api/workflows?limit=200${cursor ? `&cursor=${enc(cursor)}` : ''}`),
  workflow: (id: string, signal?: AbortSignal) => request<Workflow>('GET', `/api/workflows/${enc(id)}`, undefined, false, signal),
  create: (doc: WorkflowDoc, message?: string) => request<Workflow>('POST', `/api/workflows${query({ message: message?.trim() })}`, doc),
  importWorkflow: (format: ImportFormat, document: unknown, credentials: Record<string, string>) =>
    request<{ workflow: Workflow; report: ImportReportEntry[] }>('POST', '/api/workflows/import', { format, document, credentials }),
  /** Saves a new version; `message` says what it changes. */
  update: (id: string, doc: WorkflowDoc, message?: string) =>
    request<Workflow>('PUT', `/api/workflows/${enc(id)}${query({ message: message?.trim() })}`, doc),
  versions: (id: string, cursor?: string) =>
    request<Page<VersionSummary>>('GET', `/api/workflows/${enc(id)}/versions${query({ limit: 50, cursor })}`),
  version: (id: string, version: number, signal?: AbortSignal) =>
    request<WorkflowVersion>('GET', `/api/workflows/${enc(id)}/versions/${version}`, undefined, false, signal),
  diff: (id: string, from: number, to: number) => request<WorkflowDiff>('GET', `/api/workflows/${enc(id)}/diff${query({ from, to })}`),
  rollback: (id: string, version: number) => request<Workflow>('POST', `/api/workflows/${enc(id)}/rollback`, { version }),
  remove: (id: string) => request<null>('DELETE', `/api/workflows/${enc(id)}`),
  lifecycle: (id: string, action: 'activate' | 'pause' | 'disable') =>
    request<Workflow>('POST', `/api/workflows/${enc(id)}/${action}`),
  validate: (doc: WorkflowDoc, signal?: AbortSignal) =>
    request<{ valid: boolean; errors: ValidationProblem[] }>('POST', '/api/workflows/validate', doc, false, signal),
  routes: (id: string) => request<string>('GET', `/api/workflows/${enc(id)}/routes`, undefined, true),
  run: (id: string, input: unknown) => request<Execution>('POST', `/api/workflows/${enc(id)}/run`, input),
  executions: (q: { workflow_id?: string; status?: string; limit?: number; cursor?: string }) =>
    request<Page<Execution>>('GET', `/api/executions${query(q)}`),
  executionStats: (hours: number) => request<ExecutionStats>('GET', `/api/stats/executions${query({ hours })}`),
  execution: (id: string) => request<Execution>('GET', `/api/executions/${enc(id)}`),
  cancel: (id: string) => request<Execution>('POST', `/api/executions/${enc(id)}/cancel`),
  retry: (id: string) => request<Execution>('POST', `/api/executions/${enc(id)}/retry`),
  /** Runs the saved workflow with its pinned data and waits for the finished execution. */
  testRun: (id: string, run: TestRun) => request<Execution>('POST', `/api/workflows/${enc(id)}/test-run?wait=true`, run),
  /** Runs a finished execution again from `fromNode`, reusing the recorded outputs before it; answers the new execution. */
  replay: (id: string, fromNode: string) => request<Execution>('POST', `/api/executions/${enc(id)}/replay?wait=true`, { from_node: fromNode }),
  credentials: () => request<Credential[] | Page<Credential>>('GET', '/api/credentials'),
  createCredential: (c: { name: string; kind: string; fields: Record<string, unknown> }) =>
    request<Credential>('POST', '/api/credentials', c),
  updateCredential: (id: string, c: { name: string; fields: Record<string, unknown> }) =>
    request<Credential>('PUT', `/api/credentials/${enc(id)}`, c),
  deleteCredential: (id: string) => request<null>('DELETE', `/api/credentials/${enc(id)}`),
  // `base` is a resourcePath: `/api/credentials/{id}` or `/api/workflows/{id}`.
  shares: (base: string) => request<{ shares: Share[] }>('GET', `${base}/share`),
  share: (base: string, email: string, access: Share['access']) =>
    request<{ shares: Share[] }>('POST', `${base}/share`, { email, access }),
  unshare: (base: string, userId: string) => request<null>('DELETE', `${base}/share?user_id=${enc(userId)}`),
  credentialKinds: () => request<Record<string, JsonSchema>>('GET', '/api/credential-kinds'),
  templates: (category?: string) =>
    request<Template[] | Page<Template>>('GET', category ? `/api/templates?category=${enc(category)}` : '/api/templates'),
  saveTemplate: (t: NewTemplate) => request<Template>('POST', '/api/templates', t),
  deleteTemplate: (id: string) => request<null>('DELETE', `/api/templates/${enc(id)}`),
  instantiate: (id: string, body: { name?: string; credentials?: Record<string, string>; trigger?: Record<string, unknown> } = {}) =>
    request<Workflow>('POST', `/api/templates/${enc(id)}/instantiate`, body),
  tokens: () => request<Page<ApiToken> | ApiToken[]>('GET', '/api/tokens'),
  createToken: (name: string) => request<ApiToken>('POST', '/api/tokens', { name }),
  revokeToken: (id: string) => request<null>('DELETE', `/api/tokens/${enc(id)}`),
  notifications: (q: { unread?: boolean; limit?: number } = {}) =>
    request<Page<Notification>>('GET', `/api/notifications${query(q)}`),
  markRead: (id: string) => request<Notification>('POST', `/api/notifications/${enc(id)}/read`),
  agents: () => request<Page<Agent>>('GET', '/api/agents'),
  agent: (id: string) => request<Agent>('GET', `/api/agents/${enc(id)}`),
  saveAgent: (id: string, a: Omit<Agent, 'id' | 'owner_id' | 'error'>) => request<Agent>('PUT', `/api/agents/${enc(id)}`, a),
  deleteAgent: (id: string) => request<null>('DELETE', `/api/agents/${enc(id)}`),
  memories: (id: string) => request<Page<AgentMemoryEntry>>('GET', `/api/agents/${enc(id)}/memories?limit=200`),
  /** Forgets the memory under `key`, or without one everything the agent stored, said and was told. */
  forget: (id: string, key?: string) => request<null>('DELETE', `/api/agents/${enc(id)}/memories${query({ key })}`),
  users: () => request<Page<User>>('GET', '/api/users'),
  createUser: (u: { email: string; password: string; role: string }) => request<User>('POST', '/api/users', u),
  updateUser: (id: string, changes: { role?: string; password?: string; disabled?: boolean }) => request<User>('PUT', `/api/users/${enc(id)}`, changes),
  deleteUser: (id: string) => request<null>('DELETE', `/api/users/${enc(id)}`),
  audit: (q: { actor_id?: string; action?: string; resource_kind?: string; resource_id?: string; limit?: number; cursor?: string }) =>
    request<Page<AuditEntry>>('GET', `/api/audit${query(q)}`),
  /** The Kamelet catalogue and what the operator allows (admins only). */
  kamelets: () => request<KameletCatalogue>('GET', '/api/admin/kamelets'),
  me: () => request<Me>('GET', '/api/me'),
  login: (email: string, password: string) => request<Me & { csrf_token?: string }>('POST', '/api/auth/login', { email, password }),
  setup: (token: string, email: string, password: string) =>
    request<Me>('POST', '/api/auth/setup', { token, email, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
};

/** Lists come as `{items}` pages or bare arrays depending on the endpoint's age: accept both. */
export function itemsOf<T>(answer: T[] | Page<T> | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items ?? [];
}
