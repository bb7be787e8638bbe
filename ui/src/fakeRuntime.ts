// A fake runtime for the page tests: every call to fetch is recorded and answered by a route function.

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

// Kamelet node types as GET /api/node-types answers them (issue 13), and the admin catalogue of GET /api/admin/kamelets.

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
