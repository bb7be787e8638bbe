import { useState } from 'react';
import { api, ApiError, categoryLabel, type Template, type TemplateCategory, TEMPLATE_CATEGORIES } from '../api';
import { Modal } from './Modal';

/**
 * "Save as template": the saved workflow becomes a template with a name, category and description, private to its
 * author or public to everyone on this instance. The server replaces its credentials by the kinds they are of and
 * removes its secrets; the dialog then says where secrets were removed, so the author can check the rest.
 */
export function SaveTemplateDialog({ workflowId, workflowName, onClose }: { workflowId: string; workflowName: string; onClose: () => void }) {
  const [name, setName] = useState(workflowName);
  const [category, setCategory] = useState<TemplateCategory>('custom');
  const [description, setDescription] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Template | null>(null);
  const save = async () => {
    setBusy(true);
    try {
      setSaved(await api.saveTemplate({ workflow_id: workflowId, name: name.trim(), category, description: description.trim(), public: isPublic }));
      setError(null);
    } catch (e) {
      const problem = e as ApiError;
      setError(problem.details?.length ? problem.details.map((d) => d.message).join('; ') : problem.message);
    }
    setBusy(false);
  };
  if (saved) {
    return (
      <Modal title="Saved as template" onClose={onClose}>
        <p role="status">
          "{saved.name}" is in the gallery, {saved.public ? 'for everyone on this instance' : 'for you only'}.
          {saved.credential_kinds && saved.credential_kinds.length > 0 && ` Whoever uses it picks their own ${saved.credential_kinds.join(', ')} credentials.`}
        </p>
        {saved.stripped && saved.stripped.length > 0 && (
          <>
            <p className="hint">Secrets were removed from:</p>
            <ul aria-label="Removed secrets">
              {saved.stripped.map((s) => (
                <li key={s}>
                  <code>{s}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="actions">
          <button className="primary" onClick={onClose}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Save as template" onClose={onClose}>
      <p className="hint">The saved version is used. Credentials are replaced by their kinds and secrets are left out.</p>
      <div className="field">
        <label htmlFor="template-name">Template name</label>
        <input id="template-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="template-save-category">Category</label>
        <select id="template-save-category" value={category} onChange={(e) => setCategory(e.target.value as TemplateCategory)}>
          {TEMPLATE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="template-description">Description</label>
        <textarea id="template-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> Public: everyone on this instance can use it
        </label>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" disabled={busy || !name.trim()} onClick={save}>
          Save template
        </button>
      </div>
    </Modal>
  );
}
