import { memo, useMemo, useState } from 'react';
import type { NodeType } from '../api';
import { CATEGORY_COLOURS } from './StepNodeView';

export const CATEGORIES = ['source', 'processor', 'output', 'control', 'agent'];
export const DRAG_TYPE = 'application/x-webops-node-type';

interface Props {
  types: NodeType[];
  onAdd: (type: string) => void;
}

/** The node catalogue from /api/node-types, by category, searchable; drag an item or press Enter on it. */
export const Palette = memo(function Palette({ types, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const match = (t: NodeType) =>
      !q || t.type.includes(q) || t.label.toLowerCase().includes(q) || t.description.toLowerCase().includes(q);
    const known = CATEGORIES.concat(types.map((t) => t.category).filter((c) => !CATEGORIES.includes(c)));
    return [...new Set(known)].map((c) => ({ category: c, items: types.filter((t) => t.category === c && match(t)) }));
  }, [types, query]);
  return (
    <aside className="palette" aria-label="Node palette">
      <input type="search" placeholder="Search nodes…" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      {groups.map(({ category, items }) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          {items.length === 0 && <div className="hint">{query ? 'No match' : 'None available yet'}</div>}
          {items.map((t) => (
            <button
              key={t.type}
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
              <small>{t.description}</small>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
});
