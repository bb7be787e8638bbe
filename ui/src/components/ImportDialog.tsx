import { useEffect, useState } from 'react';
import { api, type Credential, type ImportFormat, itemsOf } from '../api';
import { keepImportReport } from '../editor/importReport';
import { Modal } from './Modal';

const FORMATS: { value: ImportFormat; label: string }[] = [
  { value: 'n8n', label: 'n8n workflow (Download / Copy as JSON)' },
  { value: 'node-red', label: 'Node-RED flow (Export as JSON)' },
  { value: 'webops', label: 'webops workflow' },
];

/**
 * Imports a workflow exported from n8n, Node-RED or this product: paste or pick the JSON, choose which of your
 * credentials the nodes use (credentials are never imported), and the saved draft opens with its report.
 */
export function ImportDialog({ onClose, navigate }: { onClose: () => void; navigate: (path: string) => void }) {
  const [format, setFormat] = useState<ImportFormat>('n8n');
  const [text, setText] = useState('');
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.credentials().then((c) => setCredentials(itemsOf(c)), () => undefined);
  }, []);
  const kinds = [...new Set(credentials.map((c) => c.kind))].sort();

  const submit = async () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      setError('The document is not JSON: paste the exported workflow as it was saved.');
      return;
    }
    setBusy(true);
    try {
      const picked = Object.fromEntries(Object.entries(chosen).filter(([, id]) => id));
      const { workflow, report } = await api.importWorkflow(format, document, picked);
      keepImportReport(workflow.id, report);
      navigate(`/workflows/${workflow.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <Modal title="Import a workflow" onClose={onClose}>
      <div className="field">
        <label htmlFor="import-format">Format</label>
        <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="import-document">Exported JSON</label>
        <textarea id="import-document" rows={10} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Import file"
          onChange={(e) => e.target.files?.[0]?.text().then(setText)}
        />
      </div>
      {kinds.length > 0 && (
        <fieldset>
          <legend>Credentials the nodes use (nothing is imported from the source)</legend>
          {kinds.map((kind) => (
            <div className="field" key={kind}>
              <label htmlFor={`import-credential-${kind}`}>{kind}</label>
              <select id={`import-credential-${kind}`} value={chosen[kind] ?? ''} onChange={(e) => setChosen({ ...chosen, [kind]: e.target.value })}>
                <option value="">none</option>
                {credentials
                  .filter((c) => c.kind === kind)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
            </div>
          ))}
        </fieldset>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" onClick={submit} disabled={busy || !text.trim()}>
          Import
        </button>
      </div>
    </Modal>
  );
}
