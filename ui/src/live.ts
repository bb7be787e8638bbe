import { useEffect, useState } from 'react';
import { api, type Execution } from './api';

const FINISHED = new Set(['success', 'failed', 'cancelled', 'timeout']);

export function isFinished(e: Execution | null): boolean {
  return e !== null && FINISHED.has(e.status);
}

/**
 * The execution, kept current while it runs: server-sent events from
 * /api/executions/{id}/events (each event is the whole execution as it stands), falling back to
 * polling every 500 ms when the stream cannot be opened.
 */
export function useLiveExecution(id: string | null): { execution: Execution | null; error: string | null; mode: 'stream' | 'poll' | null } {
  const [execution, setExecution] = useState<Execution | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'stream' | 'poll' | null>(null);
  useEffect(() => {
    setExecution(null);
    setError(null);
    if (!id) return;
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const poll = async () => {
      setMode('poll');
      try {
        const e = await api.execution(id);
        if (closed) return;
        setExecution(e);
        if (!isFinished(e)) timer = setTimeout(poll, 500);
      } catch (e) {
        if (!closed) setError((e as Error).message);
      }
    };
    if (typeof EventSource === 'undefined') {
      poll();
    } else {
      let received = false;
      source = new EventSource(`/api/executions/${encodeURIComponent(id)}/events`);
      source.addEventListener('execution', (ev) => {
        received = true;
        setMode('stream');
        const e = JSON.parse((ev as MessageEvent).data) as Execution;
        setExecution(e);
        if (isFinished(e)) source?.close();
      });
      source.onerror = () => {
        source?.close();
        if (!closed && !received) poll();
        else if (!closed) api.execution(id).then((e) => !closed && setExecution(e), () => undefined);
      };
    }
    return () => {
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { execution, error, mode };
}
