import { memo, useMemo, useState } from 'react';
import type { NodeType } from '../api';
import { CATEGORY_COLOURS } from './StepNodeView';

export const CATEGORIES = ['source', 'processor', 'output', 'control', 'agent'];
export const DRAG_TYPE = 'application/x-webops-node-type';

interface Props {
  types: NodeType[];
  onAdd: (type: string) => void;
}

/** Whether a type matches the search text `q` (lower case, trimmed; empty matches all). */
function matches(t: NodeType, q: string): boolean {
  if (!q) return true;
  const k = t.kamelet;
  return [t.type, t.label, t.description, k?.name, k?.group, k?.provider].some((s) => !!s && s.toLowerCase().includes(q));
}

/** The Kamelet node types by provider, providers A–Z with "Other" for none, types by label within each. */
export function byProvider(types: NodeType[]): { provider: string; items: NodeType[] }[] {
  const groups = new Map<string, NodeType[]>();
  for (const t of types) {
    const provider = t.kamelet?.provider || 'Other';
    groups.set(provider, [...(groups.get(provider) ?? []), t]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)))
    .map(([provider, items]) => ({ provider, items: items.sort((a, b) => a.label.localeCompare(b.label)) }));
}

function Item({ t, onAdd }: { t: NodeType; onAdd: (type: string) => void }) {
  return (
    <button
      type="button"
      className="item"
      draggable
      data-type={t.type}
      title={`${t.description}\nDrag onto the canvas, or press Enter to add.`}
      style={{ ['--c' as string]: CATEGORY_COLOURS[t.category] ?? '#868e96' }}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, t.type);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onClick={() => onAdd(t.type)}
    >
      {t.label}
      {t.kamelet && (
        <span className={`badge kamelet-kind ${t.kamelet.kind}`} data-testid="kamelet-kind">
          {t.kamelet.kind}
        </span>
      )}
      <small>{t.kamelet ? `${t.kamelet.group} · ${t.description}` : t.description}</small>
    </button>
  );
}

/**
 * The node catalogue from /api/node-types, searchable; drag an item or press Enter on it. The built-in types by
 * category; the Kamelet ones in a section of their own, by provider, each provider folded until opened or searched.
 */
export const Palette = memo(function Palette({ types, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const q = query.trim().toLowerCase();
  const builtIn = useMemo(() => {
    const own = types.filter((t) => !t.kamelet);
    const known = CATEGORIES.concat(own.map((t) => t.category).filter((c) => !CATEGORIES.includes(c)));
    return [...new Set(known)].map((c) => ({ category: c, items: own.filter((t) => t.category === c && matches(t, q)) }));
  }, [types, q]);
  const kamelets = useMemo(() => types.filter((t) => t.kamelet), [types]);
  const providers = useMemo(() => byProvider(kamelets.filter((t) => matches(t, q))), [kamelets, q]);
  const toggle = (provider: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(provider)) next.add(provider);
      return next;
    });
  return (
    <aside className="palette" aria-label="Node palette">
      <input type="search" placeholder="Search nodes…" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      {builtIn.map(({ category, items }) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          {items.length === 0 && <div className="hint">{query ? 'No match' : 'None available yet'}</div>}
          {items.map((t) => (
            <Item key={t.type} t={t} onAdd={onAdd} />
          ))}
        </section>
      ))}
      {kamelets.length > 0 && (
        <section aria-label="Connectors (Camel Kamelets)" className="connectors">
          <h3>Connectors (Camel Kamelets)</h3>
          {providers.length === 0 && <div className="hint">No match</div>}
          {providers.map(({ provider, items }) => (
            // searching opens every group that matches; otherwise only the ones opened by hand
            <div key={provider} className="provider" role="group" aria-label={`${provider} connectors`} data-provider={provider}>
              <button
                type="button"
                className="provider-toggle"
                aria-expanded={!!q || open.has(provider)}
                disabled={!!q}
                onClick={() => toggle(provider)}
              >
                {!!q || open.has(provider) ? '▾' : '▸'} {provider} <span className="count">({items.length})</span>
              </button>
              {(!!q || open.has(provider)) && items.map((t) => <Item key={t.type} t={t} onAdd={onAdd} />)}
            </div>
          ))}
        </section>
      )}
    </aside>
  );
});
