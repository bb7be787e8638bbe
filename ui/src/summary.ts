// What a node on the canvas says about itself at a glance: an icon for its type and one line
// about its config, as n8n and Node-RED nodes do ("GET api.example.com", "Every 5 minutes").
import type { NodeType, WorkflowNode } from './api';
import { describeCron } from './cron';

/** Plain symbols of common fonts (no icon font, no emoji), per type, else per category. */
const TYPE_ICONS: Record<string, string> = {
  api_request: '⇄',
  api_call: '⇄',
  custom_url: '⇄',
  webhook_input: '⚡',
  webhook_output: '↗',
  database_query: '⛁',
  database_write: '⛁',
  file_input: '▤',
  file_output: '▤',
  google_docs: '▤',
  google_sheets: '▦',
  llm: '✦',
  transform: '⇢',
  filter: '▽',
  aggregate: 'Σ',
  split: '⋔',
  merge: '⋈',
  custom_code: '{}',
  email: '✉',
  slack: '#',
  notification: '⚑',
  condition: '◇',
  loop: '↻',
  delay: '◷',
  error_handler: '⚠',
  respond: '↩',
  sub_workflow: '❐',
};

const CATEGORY_ICONS: Record<string, string> = {
  source: '●',
  processor: '■',
  output: '▶',
  control: '◆',
  agent: '✱',
};

export function nodeIcon(type: string, category?: string): string {
  if (TYPE_ICONS[type]) return TYPE_ICONS[type];
  if (type.startsWith('agent_')) return CATEGORY_ICONS.agent;
  return CATEGORY_ICONS[category ?? ''] ?? '○';
}

const MAX = 60;

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
}

/** The first words of a statement or a text, up to `count`. */
export function firstWords(text: string, count = 6): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length > count ? `${words.slice(0, count).join(' ')} …` : words.join(' ');
}

/** A URL's host (and port), or the text itself when it is a template or not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

type Reader = (name: string) => string;

/** One line per type where the type's main fields are known (PRODUCT §3). */
const TYPE_SUMMARIES: Record<string, (get: Reader, config: Record<string, unknown>) => string> = {
  condition: (get) => get('expression'),
  filter: (get) => [get('path'), get('condition') && `where ${get('condition')}`].filter(Boolean).join(' '),
  database_query: (get) => firstWords(get('query')),
  database_write: (get) => (get('table') ? `${get('mode') || 'insert'} into ${get('table')}` : firstWords(get('query'))),
  llm: (get) => get('model'),
  transform: (get) => [get('type'), get('query') || get('template')].filter(Boolean).join(': '),
  aggregate: (get, config) =>
    (Array.isArray(config.operations) ? config.operations : [])
      .map((o: { op?: string; field?: string }) => (o.field ? `${o.op}(${o.field})` : `${o.op}`))
      .join(', ') + (get('group_by') ? ` by ${get('group_by')}` : ''),
  split: (get) => (get('path') ? `each of ${get('path')}` : ''),
  loop: (get) => (get('times') ? `${get('times')} times` : get('path') ? `each of ${get('path')}` : ''),
  merge: (get) => get('mode'),
  custom_code: (get) => get('language'),
  email: (get) => [get('to') && `to ${get('to')}`, get('subject')].filter(Boolean).join(': '),
  file_input: (get) => [get('format'), get('path')].filter(Boolean).join(' '),
  file_output: (get) => [get('append') === 'true' ? 'append' : get('format'), get('path')].filter(Boolean).join(' '),
  slack: (get) => get('channel'),
  notification: (get) => [get('level'), get('user') && `to ${get('user')}`].filter(Boolean).join(' '),
  delay: (get) => (get('seconds') ? `${get('seconds')} s` : get('until') ? `until ${get('until')}` : ''),
  respond: (get) => (get('status') ? `status ${get('status')}` : ''),
  sub_workflow: (get) => get('workflow'),
  google_docs: (get) => get('document_id'),
  google_sheets: (get) => [get('spreadsheet_id'), get('range')].filter(Boolean).join(' '),
  agent_task: (get) => get('task'),
  agent_query: (get) => get('query'),
  agent_memory: (get) => [get('operation'), get('key')].filter(Boolean).join(' '),
  agent_decision: (get) => get('criteria'),
  agent_learning: (get) => get('feedback_type'),
};

/**
 * One line about a node's config: method and host for an HTTP call, the condition, a schedule in
 * words, the SQL's first words, the model... Types not listed (Kamelets) are read by field name:
 * a URL, a cron, a query. Empty when there is nothing set to say.
 */
export function nodeSummary(node: WorkflowNode, nodeType?: NodeType): string {
  const config = node.config ?? {};
  const schema = nodeType?.config_schema.properties ?? {};
  const get: Reader = (name) => {
    const v = config[name] ?? schema[name]?.default;
    return v === undefined || v === null || typeof v === 'object' ? '' : String(v);
  };
  const byType = TYPE_SUMMARIES[node.type];
  if (byType) return clip(byType(get, config));
  if (get('url')) return clip(`${get('method').toUpperCase()} ${hostOf(get('url'))}`.trim());
  const cron = get('cron') || get('schedule');
  if (cron) {
    const words = describeCron(cron);
    return clip(words.ok ? words.text : cron);
  }
  if (get('query')) return clip(firstWords(get('query')));
  const secret = (name: string) => schema[name]?.format === 'password' || schema[name]?.writeOnly;
  const first = Object.keys(config).find((k) => !secret(k) && get(k));
  return first ? clip(get(first)) : '';
}
