import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo, useContext } from 'react';
import { NodeMarksContext } from '../editor/marks';
import type { StepNode } from '../graph';
import { nodeIcon, nodeSummary } from '../summary';

export const CATEGORY_COLOURS: Record<string, string> = {
  source: 'var(--source)',
  processor: 'var(--processor)',
  output: 'var(--output)',
  control: 'var(--control)',
  agent: 'var(--agent)',
};

/**
 * One node on the canvas: its type's icon, title, type, a line about its config, an input handle,
 * and a labelled handle per output (error included).
 */
export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { node, nodeType } = data;
  const marks = useContext(NodeMarksContext);
  const problem = marks.problemOf(node.id);
  const status = marks.statusOf(node.id);
  const pinned = marks.pinnedOf?.(node.id) ?? false;
  const origin = marks.originOf?.(node.id);
  const outputs = nodeType?.outputs ?? ['output', 'error'];
  const inputs = nodeType?.inputs ?? ['input'];
  const classes = ['wf-node'];
  if (selected) classes.push('selected');
  if (problem) classes.push('problem');
  if (node.enabled === false) classes.push('disabled-node');
  if (status) classes.push(`st-${status}`);
  if (pinned) classes.push('pinned');
  if (outputs.length > 1) classes.push('labelled');
  const height = Math.max(58, outputs.length * 20 + 14);
  const summary = nodeSummary(node, nodeType);
  return (
    <div
      className={classes.join(' ')}
      style={{ ['--c' as string]: CATEGORY_COLOURS[nodeType?.category ?? ''] ?? '#868e96', minHeight: height }}
      title={problem ?? nodeType?.description}
      data-testid={`node-${node.id}`}
      data-status={status ?? ''}
      data-origin={origin ?? ''}
    >
      {inputs.map((h) => (
        <Handle key={h} type="target" id={h} position={Position.Left} aria-label={`${node.id} ${h}`} />
      ))}
      <div className="t">
        <span className="icon" aria-hidden="true">
          {nodeIcon(node.type, nodeType?.category)}
        </span>
        {node.label || node.id}
      </div>
      <div className="s">
        {nodeType?.label ?? `${node.type} (unknown type)`}
        {node.label ? ` · ${node.id}` : ''}
      </div>
      {summary && (
        <div className="summary" title={summary}>
          {summary}
        </div>
      )}
      {problem && <div className="error-text">⚠ {problem.replace(/^Node '[^']*': /, '')}</div>}
      {status && <span className={`status badge ${status}`}>{status}</span>}
      {(pinned || origin) && (
        <span className="origin" data-testid={`origin-${node.id}`}>
          {pinned && (
            <span className="badge pin" aria-label="pinned data" title="Pinned data: test runs give this value instead of running the node">
              pin
            </span>
          )}
          {origin && <span className={`badge ${origin}`}>{origin === 'pinned' ? 'pinned output' : 'reused'}</span>}
        </span>
      )}
      {outputs.map((h, i) => {
        const top = `${((i + 1) / (outputs.length + 1)) * 100}%`;
        return (
          <div key={h}>
            <Handle
              type="source"
              id={h}
              position={Position.Right}
              style={{ top }}
              className={`h-${h}`}
              aria-label={`${node.id} ${h}`}
              data-handle={h}
            />
            {outputs.length > 1 && (
              <span className={`hl${h === 'error' ? ' err' : ''}`} style={{ top }}>
                {h}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
});
