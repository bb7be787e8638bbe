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
type Mode = 'stream' | 'poll' | null;

export function useLiveExecution(id: string | null): { execution: Execution | null; error: string | null; mode: Mode } {
  // each value is tagged with the execution it belongs to, so a newly opened one starts blank
  const [live, setLive] = useState<{ id: string; execution: Execution | null; error: string | null; mode: Mode } | null>(null);
  useEffect(() => {
    if (!id) return;
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const update = (patch: { execution?: Execution; error?: string; mode?: Mode }) =>
      setLive((prev) => ({ ...(prev?.id === id ? prev : { id, execution: null, error: null, mode: null }), ...patch }));
    const poll = async () => {
      try {
        const e = await api.execution(id);
        if (closed) return;
        update({ execution: e, mode: 'poll' });
        if (!isFinished(e)) timer = setTimeout(poll, 500);
      } catch (e) {
        if (!closed) update({ error: (e as Error).message, mode: 'poll' });
      }
    };
    if (typeof EventSource === 'undefined') {
      poll();
    } else {
      let received = false;
      source = new EventSource(`/api/executions/${encodeURIComponent(id)}/events`);
      source.addEventListener('execution', (ev) => {
        received = true;
        const e = JSON.parse((ev as MessageEvent).data) as Execution;
        update({ execution: e, mode: 'stream' });
        if (isFinished(e)) source?.close();
      });
      source.onerror = () => {
        source?.close();
        if (!closed && !received) poll();
        else if (!closed) api.execution(id).then((e) => !closed && update({ execution: e }), () => undefined);
      };
    }
    return () => {
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  const current = live && live.id === id ? live : null;
  return { execution: current?.execution ?? null, error: current?.error ?? null, mode: current?.mode ?? null };
}
