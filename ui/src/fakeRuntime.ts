// A fake runtime for the page tests: every call to fetch is recorded and answered by a route function.
import type { Execution, NodeLog, Workflow, WorkflowDoc } from './api';

export type Call = { method: string; url: string; body: unknown };
export type Route = (method: string, url: string, body: unknown) => [number, unknown];

export function serve(route: Route): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    const body = init?.body ? JSON.parse(init.body as string) : undefined;
    calls.push({ method, url, body });
    const [status, answer] = route(method, url, body);
    return Promise.resolve(new Response(answer === null ? null : JSON.stringify(answer), { status }));
  });
  return calls;
}

export const problem = (status: number, code: string, message: string): [number, unknown] => [status, { error: { code, message, details: [] } }];
export const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');
export const page = (items: unknown[], next_cursor: string | null = null): [number, unknown] => [200, { items, next_cursor }];

/**
 * A fake of one workflow's runtime for the canvas's test-run and replay tests. It keeps the
 * workflow (PUT saves it, pin_data and all) and its executions, and runs a graph the way the
 * runtime's contract says: roots get the input, each other node its predecessor's output; a node
 * "runs" by adding its id to the `path` list of its input, and fails when its config says
 * `fail: true`. GET of a saved version answers it. As docs/API.md, "Replay and test runs", says:
 * test runs give pinned nodes their pin (details {pinned: true}); `to_node` runs that node (even
 * pinned) and its ancestors only (the rest `skipped`); `single` runs `to_node` alone, its
 * ancestors' outputs from their pins or else `from_execution` (default: the latest execution),
 * 409 when one has neither. Replays reuse the old outputs before `from_node` (details
 * {reused_from}; a node the old run never reached runs), 409 when the old run is still running,
 * kept no data or failed before `from_node`, 400 for a node the workflow lacks. Any other call
 * goes to `other`.
 */
export function workflowRuntime(workflow: Workflow, other: Route = () => [200, { items: [], next_cursor: null }]) {
  const state = { workflow, executions: [] as Execution[], versions: [workflow] };
  const wfUrl = `/api/workflows/${encodeURIComponent(workflow.id)}`;
  const calls = serve((method, url, body) => {
    const b = (body ?? {}) as Record<string, unknown>;
    if (url === wfUrl && method === 'GET') return [200, state.workflow];
    if (url.startsWith(`${wfUrl}?`) || (url === wfUrl && method === 'PUT')) {
      state.workflow = { ...(body as WorkflowDoc), ...stats(state.workflow), version: state.workflow.version + 1 };
      state.versions.push(state.workflow);
      return [200, state.workflow];
    }
    const version = new RegExp(`^${wfUrl}/versions/(\\d+)$`).exec(url);
    const saved = version && state.versions.find((v) => v.version === Number(version[1]));
    if (saved) return [200, { ...saved, author: null, author_email: null, created_at: '2026-12-01T09:00:00Z', message: null }];
    if (url === `${wfUrl}/test-run?wait=true` && method === 'POST') return testRun(state, b);
    const replay = /^\/api\/executions\/([^/]+)\/replay\?wait=true$/.exec(url);
    if (replay && method === 'POST') return replayRun(state, decodeURIComponent(replay[1]), b.from_node as string);
    const one = /^\/api\/executions\/([^/?]+)$/.exec(url);
    const found = one && state.executions.find((e) => e.id === decodeURIComponent(one[1]));
    if (found) return [200, found];
    if (url.startsWith(`/api/executions?workflow_id=${encodeURIComponent(workflow.id)}`)) {
      const status = new URLSearchParams(url.split('?')[1]).get('status');
      return page([...state.executions].reverse().filter((e) => !status || e.status === status));
    }
    return other(method, url, body);
  });
  /** Records a finished execution, as if an earlier run (a production one) had made it. */
  const recorded = (outputs: Record<string, unknown>, extra: Partial<Execution> = {}): Execution =>
    record(state, { input: {}, node_logs: Object.entries(outputs).map(([id, output]) => nodeLog(id, 'success', {}, output)), ...extra });
  return { calls, state, recorded };
}

type Runtime = { workflow: Workflow; executions: Execution[]; versions: Workflow[] };

const stats = ({ id, status, version, total_executions, successful_executions, failed_executions, last_executed_at, average_duration_ms }: Workflow) => ({
  id, status, version, total_executions, successful_executions, failed_executions, last_executed_at, average_duration_ms,
});

function nodeLog(node_id: string, status: string, input: unknown, output: unknown, more: Partial<NodeLog> = {}): NodeLog {
  return { node_id, status, attempts: status === 'skipped' ? 0 : 1, started_at: '2026-12-01T10:00:00Z', duration_ms: 1, input, output, error: null, ...more };
}

function record(state: Runtime, run: Partial<Execution>): Execution {
  const logs = run.node_logs ?? [];
  const failed = logs.find((l) => l.status === 'failed');
  const execution: Execution = {
    id: `ex-${state.executions.length + 1}`, workflow_id: state.workflow.id, workflow_version: state.workflow.version, status: failed ? 'failed' : 'success',
    trigger_type: 'manual', trigger_data: {}, input: null, output: null, error_message: failed ? failed.error : null, error_traceback: null,
    started_at: '2026-12-01T10:00:00Z', completed_at: '2026-12-01T10:00:01Z', duration_ms: 5, node_logs: logs, ...run,
  };
  state.executions.push(execution);
  return execution;
}

/** The workflow's nodes in an order where each comes after its predecessors, and each one's predecessors. */
function graph(w: WorkflowDoc) {
  const sources = new Map(w.nodes.map((n) => [n.id, w.connections.filter((c) => c.target === n.id).map((c) => c.source)]));
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    sources.get(id)!.forEach(visit);
    order.push(id);
  };
  w.nodes.forEach((n) => visit(n.id));
  const ancestors = (id: string): Set<string> => new Set((sources.get(id) ?? []).flatMap((s) => [s, ...ancestors(s)]));
  return { order, sources, ancestors };
}

/** What becomes of a node in a run: it runs, gives a value without running (a pin, a reused output), or is skipped. */
type Decision = { run: true } | { give: unknown; details: NodeLog['details'] } | { skip: true };

/** Runs the workflow's nodes in order, each as `decide` says; after a failure, or without input, a node is skipped. */
function execute(w: WorkflowDoc, input: unknown, decide: (id: string) => Decision) {
  const { order, sources } = graph(w);
  const outputs = new Map<string, unknown>();
  const logs: NodeLog[] = [];
  for (const id of order) {
    const from = sources.get(id)!.filter((s) => outputs.has(s));
    const nodeInput = from.length ? outputs.get(from[0]) : input;
    const how = decide(id);
    if ('skip' in how || (sources.get(id)!.length > 0 && from.length === 0) || logs.some((l) => l.status === 'failed')) {
      logs.push(nodeLog(id, 'skipped', null, null));
    } else if ('give' in how) {
      outputs.set(id, how.give);
      logs.push(nodeLog(id, 'success', nodeInput, how.give, { details: how.details }));
    } else if (w.nodes.find((n) => n.id === id)?.config?.fail) {
      logs.push(nodeLog(id, 'failed', nodeInput, null, { error: `Node '${id}' failed` }));
    } else {
      const previous = nodeInput && typeof nodeInput === 'object' ? (nodeInput as Record<string, unknown>) : {};
      const output = { ...previous, path: [...((previous.path as string[] | undefined) ?? []), id] };
      outputs.set(id, output);
      logs.push(nodeLog(id, 'success', nodeInput, output));
    }
  }
  return { logs, outputs, last: order.length ? outputs.get(order[order.length - 1]) : null };
}

const conflict = (message: string): [number, unknown] => problem(409, 'CONFLICT', message);

function testRun(state: Runtime, body: Record<string, unknown>): [number, unknown] {
  const w = state.workflow;
  const pins = w.pin_data ?? {};
  const pinned = (id: string) => Object.prototype.hasOwnProperty.call(pins, id);
  const to = body.to_node as string | undefined;
  if (to !== undefined && !w.nodes.some((n) => n.id === to)) return problem(400, 'invalid_request', `Node '${to}' is not a node of the workflow`);
  const { ancestors } = graph(w);
  const wanted = to === undefined ? null : new Set([to, ...ancestors(to)]);
  let decide = (id: string): Decision =>
    wanted && !wanted.has(id) ? { skip: true as const } : pinned(id) && id !== to ? { give: pins[id], details: { pinned: true } } : { run: true as const };
  if (body.single && to !== undefined) {
    const source = body.from_execution
      ? state.executions.find((e) => e.id === body.from_execution)
      : state.executions[state.executions.length - 1];
    const recorded = (id: string) => source?.node_logs.find((l) => l.node_id === id && l.status === 'success');
    for (const a of ancestors(to)) {
      if (!pinned(a) && !recorded(a)) return conflict(`Node '${to}' needs the output of '${a}': pin data on '${a}' or run the workflow up to '${a}' first`);
    }
    decide = (id: string): Decision =>
      id === to ? { run: true as const }
      : !wanted!.has(id) ? { skip: true as const }
      : pinned(id) ? { give: pins[id], details: { pinned: true } }
      : { give: recorded(id)!.output, details: { reused_from: source!.id } };
  }
  const { logs, outputs, last } = execute(w, body.input, decide);
  return [200, record(state, { trigger_type: 'test', input: body.input, output: to === undefined ? last : (outputs.get(to) ?? null), node_logs: logs })];
}

function replayRun(state: Runtime, id: string, fromNode: string): [number, unknown] {
  const old = state.executions.find((e) => e.id === id);
  if (!old) return problem(404, 'not_found', `Execution '${id}' does not exist`);
  const w = state.workflow;
  if (!w.nodes.some((n) => n.id === fromNode)) return problem(400, 'invalid_request', `Node '${fromNode}' is not a node of the workflow`);
  if (old.status === 'running' || old.status === 'pending') return conflict(`Execution '${id}' is still running`);
  if (old.data_saved === false) return conflict(`Execution '${id}' kept no data to replay from`);
  const { ancestors } = graph(w);
  const before = ancestors(fromNode);
  const logOf = (n: string) => old.node_logs.find((l) => l.node_id === n);
  const broken = [...before].find((n) => logOf(n)?.status === 'failed');
  if (broken) return conflict(`Node '${broken}' failed in execution '${id}': replay from it or before it`);
  const kept = (n: string) => before.has(n) && logOf(n)?.status === 'success';
  const { logs, last } = execute(w, old.input, (n) => (kept(n) ? { give: logOf(n)!.output, details: { reused_from: id } } : { run: true }));
  return [200, record(state, { trigger_type: 'replay', input: old.input, output: last, node_logs: logs })];
}

// Kamelet node types as GET /api/node-types answers them, and the admin catalogue of GET /api/admin/kamelets.

type KameletKind = 'source' | 'sink' | 'action';
type Props = Record<string, Record<string, unknown>>;

function kameletType(name: string, kind: KameletKind, group: string, provider: string, label: string, properties: Props,
  required: string[], secret_properties: string[] = []) {
  return {
    type: `kamelet:${name}`,
    category: kind === 'source' ? 'source' : kind === 'sink' ? 'output' : 'processor',
    label,
    description: `${label} (Camel Kamelet ${name})`,
    // secrets are not in the config schema; the `required` list may still name them
    config_schema: { type: 'object', properties, required },
    inputs: kind === 'source' ? [] : ['input'],
    outputs: ['output', 'error'],
    credential_kind: 'kamelet',
    credential_kinds: ['kamelet'],
    kamelet: { name, kind, group, provider, secret_properties, needs: [] },
  };
}

// as camel-kamelets 4.16.0 defines them (a subset of the optional properties)
export const SFTP_SOURCE = kameletType('sftp-source', 'source', 'SFTP', 'Apache', 'SFTP Source', {
  connectionHost: { type: 'string', title: 'Connection Host', description: 'The hostname of the SFTP server.' },
  connectionPort: { type: 'string', title: 'Connection Port', description: 'The port of the FTP server.', default: 22 },
  username: { type: 'string', title: 'Username', description: 'The username to access the SFTP server.' },
  directoryName: { type: 'string', title: 'Directory Name', description: 'The starting directory.' },
  passiveMode: { type: 'boolean', title: 'Passive Mode', description: 'Sets the passive mode connection.', default: false },
  recursive: { type: 'boolean', title: 'Recursive', description: 'If a directory, look for files in all sub-directories as well.', default: false },
  idempotent: { type: 'boolean', title: 'Idempotency', description: 'Skip already-processed files.', default: true },
  privateKeyUri: { type: 'string', title: 'Private Key URI', pattern: '^(http|https|file|classpath|ref|bean)://.*' },
  delete: { type: 'boolean', title: 'Delete', description: 'If true, the file is deleted after it is processed successfully.', default: false },
}, ['connectionHost', 'connectionPort', 'directoryName'], ['password']);

export const FTP_SOURCE = kameletType('ftp-source', 'source', 'FTP', 'Apache', 'FTP Source', {
  connectionHost: { type: 'string', title: 'Connection Host' },
  connectionPort: { type: 'string', title: 'Connection Port', default: 21 },
  username: { type: 'string', title: 'Username' },
  directoryName: { type: 'string', title: 'Directory Name' },
}, ['connectionHost', 'connectionPort', 'username', 'password', 'directoryName'], ['password']);

export const JSONATA_ACTION = kameletType('jsonata-action', 'action', 'Actions', 'Apache', 'Jsonata Action', {
  template: { type: 'string', title: 'Template', description: 'The inline template.', example: 'file:////template.spec', pattern: '^(http|https|file|classpath|ref|bean)://.*' },
}, ['template']);

export const ARTEMIS_SINK = kameletType('jms-apache-artemis-sink', 'sink', 'JMS', 'Apache', 'JMS - Apache Artemis Sink', {
  destinationType: { type: 'string', title: 'Destination Type', description: 'The JMS destination type (queue or topic).', default: 'queue' },
  destinationName: { type: 'string', title: 'Destination Name', description: 'The JMS destination name.', example: 'person' },
  brokerURL: { type: 'string', title: 'Broker URL', description: 'The JMS URL.', example: 'tcp://my-host:61616' },
}, ['destinationName', 'brokerURL']);

export const S3_SOURCE = kameletType('aws-s3-source', 'source', 'AWS S3', 'AWS', 'AWS S3 Source', {
  bucketNameOrArn: { type: 'string', title: 'Bucket Name', description: 'The S3 Bucket name or ARN' },
  region: { type: 'string', title: 'AWS Region', description: 'The AWS region', enum: ['eu-west-1', 'us-east-1'] },
  deleteAfterRead: { type: 'boolean', title: 'Auto-delete Objects', default: true },
  maxMessagesPerPoll: { type: 'integer', title: 'Max messages per poll', default: 10 },
}, ['bucketNameOrArn', 'region'], ['accessKey', 'secretKey']);

export const PUBSUB_SINK = kameletType('google-pubsub-sink', 'sink', 'Google Pubsub', 'Google', 'Google Pubsub Sink', {
  projectId: { type: 'string', title: 'Project Id' },
  destinationName: { type: 'string', title: 'Destination Name' },
}, ['projectId', 'destinationName'], ['serviceAccountKey']);

/** The Kamelet node types of the fake catalogue (what an operator allowed). */
export const KAMELET_TYPES = [SFTP_SOURCE, FTP_SOURCE, JSONATA_ACTION, ARTEMIS_SINK, S3_SOURCE, PUBSUB_SINK];

const entry = (name: string, title: string, kind: KameletKind, provider: string, status: string, needs: string[] = [], reason: string | null = null) =>
  ({ name, title, description: `${title}.`, kind, group: title.split(' ')[0], provider, support_level: 'Stable', status, needs, reason });

/** GET /api/admin/kamelets of the fake runtime. */
export const KAMELET_CATALOGUE = {
  allow: 'sftp-*,ftp-source,jsonata-action,jms-apache-artemis-sink,aws-s3-source,google-pubsub-sink,kafka-*,exec-sink',
  items: [
    entry('sftp-source', 'SFTP Source', 'source', 'Apache', 'enabled'),
    entry('ftp-source', 'FTP Source', 'source', 'Apache', 'enabled'),
    entry('jsonata-action', 'JSONata Action', 'action', 'Apache', 'enabled'),
    entry('jms-apache-artemis-sink', 'JMS - Apache Artemis Sink', 'sink', 'Apache', 'enabled'),
    entry('aws-s3-source', 'AWS S3 Source', 'source', 'AWS', 'enabled'),
    entry('google-pubsub-sink', 'Google Pubsub Sink', 'sink', 'Google', 'enabled'),
    entry('kafka-source', 'Kafka Source', 'source', 'Apache', 'needs_jar', ['org.apache.camel:camel-kafka'], 'needs jar org.apache.camel:camel-kafka'),
    entry('exec-sink', 'Exec Sink', 'sink', 'Apache', 'refused', [], 'runs operating-system commands: never enabled'),
    entry('slack-sink', 'Slack Sink', 'sink', 'Slack', 'not_allowed'),
    entry('azure-storage-blob-sink', 'Azure Storage Blob Sink', 'sink', 'Azure', 'not_allowed'),
  ],
};
