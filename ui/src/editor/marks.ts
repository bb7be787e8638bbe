import { createContext } from 'react';

/**
 * What the canvas marks on a node besides its document: a validation problem, its status in the
 * open execution, and its pinned data. Kept out of the nodes themselves so that neither undo history nor dragging
 * carries them, and a new verdict does not rewrite the node list.
 */
export interface NodeMarks {
  problemOf: (id: string) => string | undefined;
  statusOf: (id: string) => string | undefined;
  /** Whether the document pins data on the node (test runs give its pinned value instead of running it). */
  pinnedOf?: (id: string) => boolean;
  /** How the node got its output in the open execution without running: its pin, or reused from an earlier execution. */
  originOf?: (id: string) => NodeOrigin | undefined;
}

export type NodeOrigin = 'pinned' | 'reused';

export const NodeMarksContext = createContext<NodeMarks>({ problemOf: () => undefined, statusOf: () => undefined });
