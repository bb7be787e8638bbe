import { useEffect, useState } from 'react';
import { api, ApiError, itemsOf, type Page } from '../api';

interface Template {
  id: string;
  name: string;
  description?: string;
  category?: string;
}

/** The template gallery from /api/templates; a friendly note where the runtime has none yet. */
export function Templates({ navigate }: { navigate: (path: string) => void }) {
  const [items, setItems] = useState<Template[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    api.templates().then(
      (answer) => setItems(itemsOf(answer as Template[] | Page<Template>)),
      (e: ApiError) => setNote(e.status === 404 ? 'Templates are not available on this runtime yet.' : e.message),
    );
  }, []);
  const use = async (t: Template) => {
    try {
      const w = await api.instantiate(t.id);
      navigate(`/workflows/${w.id}`);
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  return (
    <div className="page">
      <h1>Templates</h1>
      {note && <div className="empty">{note}</div>}
      {items && items.length === 0 && <div className="empty">No templates yet.</div>}
      <div className="gallery">
        {(items ?? []).map((t) => (
          <div className="card" key={t.id}>
            <strong>{t.name}</strong>
            {t.category && <span className="badge" style={{ marginLeft: 6 }}>{t.category}</span>}
            <p className="hint">{t.description}</p>
            <button onClick={() => use(t)}>Use this template</button>
          </div>
        ))}
      </div>
    </div>
  );
}
