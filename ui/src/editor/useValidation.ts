import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, type ValidationProblem, type WorkflowDoc } from '../api';

/**
 * Problems name a connection by its index in the document that was checked; by the time the
 * answer is shown the edges may have moved, so each such problem is tied to the id of the edge
 * that held that index then.
 */
export function withEdgeIds(problems: ValidationProblem[], edgeIds: string[]): ValidationProblem[] {
  return problems.map((p) => (p.connection != null && edgeIds[p.connection] ? { ...p, edge_id: edgeIds[p.connection] } : p));
}

function problemsOf(e: unknown): ValidationProblem[] {
  const err = e as ApiError;
  return err.details?.length ? err.details : [{ message: err.message }];
}

/**
 * The runtime's verdict on the document as it is edited: asked `delay` ms after the last change,
 * and only the answer for the latest document is kept (a late answer to an older one is dropped
 * and its request aborted). `edgeIds` are the canvas ids of `doc.connections`, in order.
 * `show` puts other problems (a refused save's) in their place.
 */
export function useValidation(doc: WorkflowDoc, edgeIds: string[], delay = 400) {
  const [problems, setProblems] = useState<ValidationProblem[]>([]);
  // only a change of content asks again: selecting a node makes a new doc object, not a new document
  const body = useMemo(() => (doc.nodes.length ? JSON.stringify(doc) : ''), [doc]);
  const ids = edgeIds.join('\n');
  useEffect(() => {
    if (!body) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const keep = (found: ValidationProblem[]) => !controller.signal.aborted && setProblems(withEdgeIds(found, ids.split('\n')));
      api.validate(JSON.parse(body), controller.signal).then((r) => keep(r.errors), (e) => keep(problemsOf(e)));
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, ids, delay]);
  return {
    problems: body ? problems : [],
    show: (found: ValidationProblem[]) => setProblems(withEdgeIds(found, edgeIds)),
  };
}
