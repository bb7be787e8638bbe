import { createContext } from 'react';

/**
 * What the canvas marks on a node besides its document: a validation problem and its status in
 * the open execution. Kept out of the nodes themselves so that neither undo history nor dragging
 * carries them, and a new verdict does not rewrite the node list.
 */
export interface NodeMarks {
  problemOf: (id: string) => string | undefined;
  statusOf: (id: string) => string | undefined;
}

export const NodeMarksContext = createContext<NodeMarks>({ problemOf: () => undefined, statusOf: () => undefined });
