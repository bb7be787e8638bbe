import { type Dispatch, useEffect, useState } from 'react';
import { api, type NodeType } from '../api';
import type { EditorAction } from './state';

/**
 * Opens the workflow of the route: a blank one without an id, else the stored one, unless it is
 * the one already open (a first save gives the open workflow its id and route together). Opening
 * another one aborts the request for the one before, whose late answer is never shown.
 * Returns why the workflow cannot be opened, if it cannot.
 */
export function useOpenWorkflow(
  workflowId: string | null,
  openId: string | undefined,
  catalogue: Map<string, NodeType>,
  dispatch: Dispatch<EditorAction>,
): string | null {
  // tagged with the workflow it is about, so that opening another one starts without it
  const [error, setError] = useState<{ workflowId: string; message: string } | null>(null);
  useEffect(() => {
    if (!workflowId) {
      dispatch({ type: 'new' });
      return;
    }
    if (openId === workflowId) return;
    const controller = new AbortController();
    api.workflow(workflowId, controller.signal).then(
      (workflow) => !controller.signal.aborted && dispatch({ type: 'opened', workflow, catalogue }),
      (e: Error) => !controller.signal.aborted && setError({ workflowId, message: e.message }),
    );
    return () => controller.abort();
    // only the route opens a workflow: the open one changing (a save) must not reload or reset it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workflowId]);
  return error && error.workflowId === workflowId ? error.message : null;
}
