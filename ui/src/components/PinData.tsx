import { useState } from 'react';
import { attempt } from '../api';
import { CodeField } from './CodeField';

interface Props {
  nodeId: string;
  /** The node's pinned value; null when it has none (a pinned `null` is `{value: null}`). */
  pin: { value: unknown } | null;
  /** The node's output in the execution shown on the canvas; null when it did not run there. */
  lastOutput: { value: unknown } | null;
  onPin: (value: unknown) => void;
  onUnpin: () => void;
  /** Saves unsaved changes, test-runs up to the node (or, single, the node alone) and shows the execution. */
  onRun: (single: boolean) => Promise<void>;
}

/** The node's pinned value as `{value}`, or null when the document pins nothing on it. */
export function pinOf(pins: Record<string, unknown> | undefined, nodeId: string): { value: unknown } | null {
  return pins && Object.prototype.hasOwnProperty.call(pins, nodeId) ? { value: pins[nodeId] } : null;
}

const show = (pin: { value: unknown } | null) => (pin ? JSON.stringify(pin.value, null, 2) : '');

/**
 * A node's pinned data and its test runs: a pinned node does not run in test runs, its output is
 * the pinned value (production runs ignore pins). Pins are part of the document: pinning makes the
 * workflow unsaved and Save stores them.
 */
export function PinData({ nodeId, pin, lastOutput, onPin, onUnpin, onRun }: Props) {
  const pinned = show(pin);
  const [text, setText] = useState(pinned);
  // the pin changed elsewhere (Pin last output, Unpin, undo): the editor shows the new one
  const [seen, setSeen] = useState(pinned);
  if (seen !== pinned) {
    setSeen(pinned);
    setText(pinned);
  }
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const pinText = () => {
    if (!text.trim()) {
      setError('Write the JSON value to pin first, e.g. {"id": 1}.');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      setError(`Not pinned: the value is not valid JSON (${(e as Error).message}).`);
      return;
    }
    setError(null);
    onPin(value);
  };
  const run = async (single: boolean) => {
    setRunning(true);
    await attempt(() => onRun(single), setError);
    setRunning(false);
  };

  return (
    <section className="pin-data" aria-label="Pin data and test runs" style={{ margin: '12px 0', borderTop: '1px solid var(--line)', paddingTop: 8 }}>
      <strong>Pin data</strong>
      <div className="hint" data-testid="pin-state">
        {pin ? 'Pinned: test runs give this value instead of running the node. Production runs ignore it.' : 'Not pinned: test runs run this node.'}
      </div>
      <CodeField label={`Pinned output of ${nodeId} (JSON)`} mode="json" rows={6} value={text} onChange={setText} />
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', margin: '6px 0' }}>
        <button type="button" onClick={pinText}>
          {pin ? 'Update pin' : 'Pin this value'}
        </button>
        <button
          type="button"
          disabled={!lastOutput}
          title={lastOutput ? 'Pin the output this node gave in the execution shown on the canvas' : 'Open an execution in which this node ran'}
          onClick={() => {
            setError(null);
            onPin(lastOutput!.value);
          }}
        >
          Pin last output
        </button>
        {pin && (
          <button type="button" onClick={onUnpin}>
            Unpin
          </button>
        )}
      </div>
      <strong>Test run</strong>
      <div className="hint">With the Run… input and the pins; unsaved changes are saved first. Nothing after this node runs.</div>
      <div style={{ display: 'flex', gap: 6, margin: '6px 0' }}>
        <button type="button" disabled={running} onClick={() => run(false)} title="Run this node and the nodes before it">
          Run to here
        </button>
        <button type="button" disabled={running} onClick={() => run(true)} title="Run only this node: the nodes before it give their pins or their last recorded output">
          Run this node
        </button>
      </div>
      {running && <div className="hint">Running…</div>}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
