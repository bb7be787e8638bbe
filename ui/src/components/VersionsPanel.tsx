import { useEffect, useState } from 'react';
import { api, type Change, type Connection, type VersionSummary, type Workflow, type WorkflowDiff } from '../api';
import { formatTime } from './ExecutionsPanel';

interface PanelProps {
  workflowId: string;
  /** the saved version: the list reloads when it changes (a save or a rollback) */
  currentVersion: number;
  /** viewers and read-only shares see the list and diffs but cannot roll back */
  canRollBack: boolean;
  /** whether the canvas holds unsaved changes a rollback would replace */
  dirty: boolean;
  onRolledBack: (workflow: Workflow) => void;
}

/**
 * The workflow's saved versions, newest first: pick two to see what changed between them, or roll
 * back to one (which saves it again as a new version, so nothing is lost).
 */
export function VersionsPanel({ workflowId, currentVersion, canRollBack, dirty, onRolledBack }: PanelProps) {
  const [items, setItems] = useState<VersionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [loadedDiff, setLoadedDiff] = useState<WorkflowDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    api.versions(workflowId).then(
      (page) => {
        if (stale) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setError(null);
      },
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [workflowId, currentVersion]);

  // the diff of the two picked versions, older to newer; a newer pick's answer wins over a late one
  const [from, to] = [...picked].sort((a, b) => a - b);
  useEffect(() => {
    if (to === undefined) return;
    let stale = false;
    api.diff(workflowId, from, to).then(
      (d) => !stale && setLoadedDiff(d),
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [workflowId, from, to]);
  const diff = loadedDiff && to !== undefined && loadedDiff.from === from && loadedDiff.to === to ? loadedDiff : null;

  const toggle = (version: number) =>
    setPicked((p) => (p.includes(version) ? p.filter((v) => v !== version) : [...p, version].slice(-2)));
  const more = async (after: string) => {
    try {
      const page = await api.versions(workflowId, after);
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const rollBack = async (version: number) => {
    const lost = dirty ? ' Your unsaved changes are discarded.' : '';
    if (!window.confirm(`Roll back to version ${version}? It is saved again as a new version.${lost}`)) return;
    try {
      onRolledBack(await api.rollback(workflowId, version));
      setPicked([]);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="body versions">
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <p className="hint">Tick two versions to see what changed between them.</p>
      <table className="versions-list" aria-label="Versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Saved</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.version} className={v.version === currentVersion ? 'current' : undefined}>
              <td>
                <label>
                  <input
                    type="checkbox"
                    aria-label={`Compare version ${v.version}`}
                    checked={picked.includes(v.version)}
                    onChange={() => toggle(v.version)}
                  />{' '}
                  {v.version}
                  {v.version === currentVersion && <span className="hint"> (current)</span>}
                </label>
              </td>
              <td>
                {formatTime(v.created_at)} · {v.author_email ?? v.author ?? 'unknown author'}
                <div className="message">{v.message ?? <span className="hint">no message</span>}</div>
                {canRollBack && v.version !== currentVersion && (
                  <button type="button" onClick={() => rollBack(v.version)}>
                    Roll back to this version
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" className="link" onClick={() => more(cursor)}>
          Older versions…
        </button>
      )}
      {diff && <DiffView diff={diff} />}
    </div>
  );
}

/** What changed between two versions: added in green, removed in red, changed in amber, secrets without values. */
export function DiffView({ diff }: { diff: WorkflowDiff }) {
  const { fields, nodes, connections } = diff;
  const empty =
    fields.length + nodes.added.length + nodes.removed.length + nodes.changed.length +
      connections.added.length + connections.removed.length + connections.changed.length === 0;
  return (
    <section className="diff" aria-label={`Changes from version ${diff.from} to ${diff.to}`}>
      <h3>
        Version {diff.from} → {diff.to}
      </h3>
      {empty && <p className="hint">No differences.</p>}
      {fields.length > 0 && (
        <>
          <h4>Workflow</h4>
          <Changes changes={fields} />
        </>
      )}
      {nodes.added.length + nodes.removed.length + nodes.changed.length > 0 && <h4>Nodes</h4>}
      <ul>
        {nodes.added.map((n) => (
          <li key={`+${n.id}`} className="diff-added">
            added node <code>{n.id}</code> ({n.type})
          </li>
        ))}
        {nodes.removed.map((n) => (
          <li key={`-${n.id}`} className="diff-removed">
            removed node <code>{n.id}</code> ({n.type})
          </li>
        ))}
        {nodes.changed.map((n) => (
          <li key={`~${n.id}`} className="diff-changed">
            changed node <code>{n.id}</code> ({n.type})
            <Changes changes={n.changes} />
          </li>
        ))}
      </ul>
      {connections.added.length + connections.removed.length + connections.changed.length > 0 && <h4>Connections</h4>}
      <ul>
        {connections.added.map((c) => (
          <li key={`+${link(c)}`} className="diff-added">
            added connection <code>{link(c)}</code>
          </li>
        ))}
        {connections.removed.map((c) => (
          <li key={`-${link(c)}`} className="diff-removed">
            removed connection <code>{link(c)}</code>
          </li>
        ))}
        {connections.changed.map((c) => (
          <li key={`~${link(c)}`} className="diff-changed">
            changed connection <code>{link(c)}</code>
            <Changes changes={c.changes} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Changes({ changes }: { changes: Change[] }) {
  return (
    <ul className="changes">
      {changes.map((c) => (
        <li key={c.path} className={`diff-${c.change}`}>
          <code>{c.path}</code>{' '}
          {c.secret ? (
            <span className="hint">secret {c.change} (not shown)</span>
          ) : c.change === 'added' ? (
            <>set to {value(c.after)}</>
          ) : c.change === 'removed' ? (
            <>removed (was {value(c.before)})</>
          ) : (
            <>
              {value(c.before)} → {value(c.after)}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function value(v: unknown) {
  return <code className="value">{JSON.stringify(v)}</code>;
}

function link(c: Connection) {
  return `${c.source}.${c.sourceHandle ?? 'output'} → ${c.target}.${c.targetHandle ?? 'input'}`;
}

/** Above a canvas showing an older version than the saved one (an execution of that version). */
export function VersionBanner({ version, current, onLeave }: { version: number; current: number; onLeave: () => void }) {
  return (
    <div className="banner info" role="status">
      Viewing version {version} — current is {current}. Read-only: this is the workflow as this execution ran it.{' '}
      <button type="button" className="link" onClick={onLeave}>
        Open the current version
      </button>
    </div>
  );
}
