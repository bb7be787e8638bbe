import { useEffect, useState } from 'react';
import { api, type WorkflowVersion } from '../api';

/**
 * The version an open execution ran, when it is not the saved one: the canvas shows that version,
 * read-only, instead of the workflow being edited. Null while there is no such execution, while it
 * loads, and when it cannot be loaded (versions saved before they were kept do not exist); then
 * `error` says why.
 */
export function useExecutionVersion(workflowId: string | undefined, ranVersion: number | undefined, savedVersion: number | undefined) {
  const [loaded, setLoaded] = useState<{ version: WorkflowVersion | null; error: string | null; key: string } | null>(null);
  const wanted = workflowId !== undefined && ranVersion !== undefined && savedVersion !== undefined && ranVersion !== savedVersion;
  const key = `${workflowId}@${ranVersion}`;
  useEffect(() => {
    if (!wanted || !workflowId || ranVersion === undefined) return;
    const controller = new AbortController();
    api.version(workflowId, ranVersion, controller.signal).then(
      (version) => !controller.signal.aborted && setLoaded({ version, error: null, key }),
      (e: Error) => !controller.signal.aborted && setLoaded({ version: null, error: e.message, key }),
    );
    return () => controller.abort();
  }, [wanted, workflowId, ranVersion, key]);
  // an answer about another execution's version, or one no longer wanted, is not shown
  const current = wanted && loaded?.key === key ? loaded : null;
  return { version: current?.version ?? null, error: current?.error ?? null };
}
