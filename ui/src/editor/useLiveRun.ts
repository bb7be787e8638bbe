import { useMemo } from 'react';
import type { Execution } from '../api';
import { useLiveExecution } from '../live';
import type { NodeOrigin } from './marks';

/**
 * Each node's status in an execution, as the canvas colours it: its log's status (a failed
 * attempt wins); else, while the execution runs, `running` for a node whose predecessors have all
 * finished with at least one success (PRODUCT §4: it starts then) and `pending` for the others.
 */
export function nodeStatuses(execution: Execution, edges: { source: string; target: string }[]): (id: string) => string | undefined {
  const logged = new Map<string, string>();
  execution.node_logs.forEach((l) => {
    if (logged.get(l.node_id) !== 'failed') logged.set(l.node_id, l.status);
  });
  const running = execution.status === 'running' || execution.status === 'pending';
  const sourcesOf = new Map<string, string[]>();
  edges.forEach((e) => sourcesOf.set(e.target, [...(sourcesOf.get(e.target) ?? []), e.source]));
  const waiting = (id: string) => {
    const sources = sourcesOf.get(id) ?? [];
    const ready = sources.every((s) => logged.has(s)) && (sources.length === 0 || sources.some((s) => logged.get(s) === 'success'));
    return ready ? 'running' : 'pending';
  };
  return (id) => logged.get(id) ?? (running ? waiting(id) : undefined);
}

/** Which nodes of the execution gave their pinned value, and which reused the output an earlier execution recorded. */
export function nodeOrigins(execution: Execution): (id: string) => NodeOrigin | undefined {
  const origins = new Map<string, NodeOrigin>();
  execution.node_logs.forEach((l) => {
    if (l.details?.pinned) origins.set(l.node_id, 'pinned');
    else if (l.details?.reused_from) origins.set(l.node_id, 'reused');
  });
  return (id) => origins.get(id);
}

const NONE = () => undefined;

/** The open execution, kept live, and the status and origin of each node in it (none when no execution is open). */
export function useLiveRun(executionId: string | null, edges: { source: string; target: string }[]) {
  const { execution, mode } = useLiveExecution(executionId);
  const statusOf = useMemo(() => (execution ? nodeStatuses(execution, edges) : NONE), [execution, edges]);
  const originOf = useMemo(() => (execution ? nodeOrigins(execution) : NONE), [execution]);
  return { execution, mode, statusOf, originOf };
}
