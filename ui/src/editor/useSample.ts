import { useEffect, useState } from 'react';
import { api, type Execution } from '../api';

/** The last successful run of the workflow, for the field names template hints offer. */
export function useSample(workflowId: string | undefined, refreshKey: number): Execution | null {
  const [sample, setSample] = useState<{ workflowId: string; execution: Execution | null } | null>(null);
  useEffect(() => {
    if (!workflowId) return;
    let stale = false;
    api.executions({ workflow_id: workflowId, status: 'success', limit: 1 }).then(
      (p) => !stale && setSample({ workflowId, execution: p.items[0] ?? null }),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [workflowId, refreshKey]);
  return sample && sample.workflowId === workflowId ? sample.execution : null;
}
