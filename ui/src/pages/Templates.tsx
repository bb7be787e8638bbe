import { useEffect, useState } from 'react';
import { api, ApiError, categoryLabel, itemsOf, type Me, type Template, TEMPLATE_CATEGORIES, type Workflow } from '../api';
import { KindCredentialPicker } from '../components/CredentialForm';
import { Modal } from '../components/Modal';

/** The field of a webhook's auth that holds its secret, which a template never carries. */
const SECRET_FIELD: Record<string, string> = { header: 'value', hmac: 'secret', basic: 'password' };

/**
 * "Use template": a name for the new workflow, a credential for each kind the template needs, and what its trigger
 * leaves to the user: the webhook's secret, the workflow an event trigger follows.
 */
function UseTemplate({ template, onClose, navigate }: { template: Template; onClose: () => void; navigate: (path: string) => void }) {
  const [name, setName] = useState(template.name);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState('');
  const [followed, setFollowed] = useState('');
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needed = template.credential_kinds ?? [];
  const trigger = template.workflow?.trigger;
  const secretField = trigger?.auth && !trigger.auth[SECRET_FIELD[trigger.auth.type]] ? SECRET_FIELD[trigger.auth.type] : undefined;
  const needsFollowed = trigger?.type === 'event' && !trigger.workflow;
  useEffect(() => {
    if (needsFollowed) api.workflows().then((page) => setWorkflows(itemsOf(page)), (e: Error) => setError(e.message));
  }, [needsFollowed]);
  const create = async () => {
    setBusy(true);
    try {
      const triggerFields: Record<string, unknown> = {};
      if (secretField) triggerFields.auth = { ...trigger?.auth, [secretField]: secret };
      if (needsFollowed) triggerFields.workflow = followed;
      const w = await api.instantiate(template.id, {
        name: name.trim() || undefined,
        credentials,
        ...(Object.keys(triggerFields).length > 0 ? { trigger: triggerFields } : {}),
      });
      navigate(`/workflows/${w.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal title={`Use template: ${template.name}`} onClose={onClose}>
      <div className="field" style={{ marginBottom: 12 }}>
        <label htmlFor="template-workflow-name" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
          Workflow name
        </label>
        <input id="template-workflow-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {secretField && (
        <div className="field" style={{ marginBottom: 12 }}>
          <label htmlFor="template-webhook-secret" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
            Webhook secret ({trigger?.auth?.type}{trigger?.auth?.scheme ? `, ${trigger.auth.scheme}` : ''})
          </label>
          <input id="template-webhook-secret" type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
        </div>
      )}
      {needsFollowed && (
        <div className="field" style={{ marginBottom: 12 }}>
          <label htmlFor="template-followed" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
            Workflow to follow
          </label>
          <select id="template-followed" value={followed} onChange={(e) => setFollowed(e.target.value)}>
            <option value="">Choose a workflow…</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {needed.length > 0 && <p className="hint">The template's nodes use these credentials; you can also set them later on the canvas.</p>}
      {needed.map((kind) => (
        <KindCredentialPicker
          key={kind}
          kind={kind}
          value={credentials[kind]}
          onChange={(id) =>
            setCredentials((c) => {
              const next = { ...c };
              if (id) next[kind] = id;
              else delete next[kind];
              return next;
            })
          }
        />
      ))}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={create}>
          Create workflow
        </button>
      </div>
    </Modal>
  );
}

/**
 * The template gallery from /api/templates: the official templates and those shared on this instance (the caller's
 * private ones too), filtered by category. The author of a shared template, or an admin, may delete it.
 */
export function Templates({ navigate, me }: { navigate: (path: string) => void; me?: Me }) {
  const [items, setItems] = useState<Template[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [using, setUsing] = useState<Template | null>(null);
  const [category, setCategory] = useState('');
  const load = (wanted: string) =>
    api.templates(wanted || undefined).then(
      (answer) => setItems(itemsOf(answer)),
      (e: ApiError) => setNote(e.status === 404 ? 'Templates are not available on this runtime yet.' : e.message),
    );
  useEffect(() => {
    load(category);
  }, [category]);
  const mayDelete = (t: Template) => t.source === 'shared' && !!me && (me.id === t.owner || me.role === 'admin') && me.role !== 'viewer';
  const remove = async (t: Template) => {
    if (!window.confirm(`Delete the template "${t.name}"? Workflows made from it stay.`)) return;
    try {
      await api.deleteTemplate(t.id);
      setError(null);
      await load(category);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="page">
      <h1>Templates</h1>
      <div className="field" style={{ marginBottom: 12 }}>
        <label htmlFor="template-category">Category </label>
        <select id="template-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">All categories</option>
          {TEMPLATE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      {note && <div className="empty">{note}</div>}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      {items && items.length === 0 && <div className="empty">No templates yet.</div>}
      <div className="gallery">
        {(items ?? []).map((t) => (
          <div className="card template" key={t.id} data-template={t.id}>
            <strong>{t.name}</strong>
            {t.category && (
              <span className="badge" style={{ marginLeft: 6 }} data-testid="template-category">
                {categoryLabel(t.category)}
              </span>
            )}
            {t.source && (
              <span className="badge" style={{ marginLeft: 6 }} data-testid="template-source">
                {t.source === 'official' ? 'Official' : t.public ? 'Shared' : 'Private'}
                {t.source === 'shared' && me && t.owner === me.id ? ' · yours' : ''}
              </span>
            )}
            <p className="hint">{t.description}</p>
            {t.node_types && t.node_types.length > 0 && (
              <div className="chips" aria-label="Node types">
                {t.node_types.map((n) => (
                  <code key={n} className="chip">
                    {n}
                  </code>
                ))}
              </div>
            )}
            <p className="hint" data-testid="template-credentials">
              {t.credential_kinds && t.credential_kinds.length > 0 ? `Needs credentials: ${t.credential_kinds.join(', ')}` : 'Needs no credentials'}
            </p>
            {t.usage_count !== undefined && (
              <p className="hint" data-testid="template-usage">
                Used {t.usage_count} {t.usage_count === 1 ? 'time' : 'times'}
              </p>
            )}
            <div className="actions">
              <button className="primary" onClick={() => setUsing(t)}>
                Use template
              </button>
              {mayDelete(t) && (
                <button onClick={() => remove(t)} aria-label={`Delete template ${t.name}`}>
                  Delete
                </button>
              )}
            </div>
          </div>
        ))}
      </div>
      {using && <UseTemplate template={using} onClose={() => setUsing(null)} navigate={navigate} />}
    </div>
  );
}
