import { useEffect, useState } from 'react';
import { api, ApiError, type Credential, itemsOf, type JsonSchema, type NodeType } from '../api';
import { SchemaField, SchemaForm } from './SchemaForm';

/** The credential kinds (kind → JSON Schema) from /api/credential-kinds, loaded once per mount. */
export function useCredentialKinds(): { kinds: Record<string, JsonSchema> | null; error: string | null } {
  const [kinds, setKinds] = useState<Record<string, JsonSchema> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.credentialKinds().then(setKinds, (e: Error) => setError(e.message));
  }, []);
  return { kinds, error };
}

function describe(e: unknown): string {
  if (e instanceof ApiError && e.details.length) {
    return `${e.message}: ${e.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')}`;
  }
  return (e as Error).message;
}

/** The names of the secrets a credential has set (the API never answers their values). */
export function secretFieldsOf(c: Credential): string[] {
  return Array.isArray(c.secret_fields) ? (c.secret_fields as string[]) : [];
}

const hasProperties = (schema: JsonSchema | undefined) => !!schema?.properties && Object.keys(schema.properties).length > 0;

/** A kind without properties (custom) keeps every field secret; otherwise its schema marks them. */
function isSecret(schema: JsonSchema, field: string): boolean {
  if (!hasProperties(schema)) return true;
  const property = schema.properties![field];
  return !!property && (property.format === 'password' || property.writeOnly === true);
}

/**
 * What an edit starts from: the non-secret fields; for a custom credential also a row per set secret, empty,
 * so it can be replaced.
 */
function startingFields(existing: Credential | undefined, schema: JsonSchema | undefined): Record<string, unknown> {
  if (!existing) return {};
  const plain = { ...((existing.fields ?? {}) as Record<string, unknown>) };
  return hasProperties(schema) ? plain : { ...plain, ...Object.fromEntries(secretFieldsOf(existing).map((f) => [f, ''])) };
}

/**
 * A credential from its kind's JSON Schema: one input per field, secret fields (`format: password`,
 * `writeOnly`) as password inputs; a custom credential takes any key/value pairs, all secret.
 * With `kind` given the kind is fixed; otherwise the form starts with a kind picker.
 * With `existing` it edits that credential (its kind fixed): secrets left empty are omitted, so the server keeps them.
 */
export function CredentialForm({
  kind: fixedKind,
  kinds,
  existing,
  onSaved,
  onCancel,
}: {
  kind?: string;
  kinds: Record<string, JsonSchema>;
  existing?: Credential;
  onSaved: (c: Credential) => void;
  onCancel?: () => void;
}) {
  const [kind, setKind] = useState(existing?.kind ?? fixedKind ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [fields, setFields] = useState<Record<string, unknown>>(() => startingFields(existing, existing && kinds[existing.kind]));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const schema = kind ? kinds[kind] : undefined;
  const submit = async () => {
    setBusy(true);
    try {
      let saved: Credential;
      if (existing) {
        // An empty secret is left out: sending "" would clear it.
        const given = Object.entries(fields).filter(([f, v]) => !(isSecret(schema!, f) && (v === '' || v === undefined)));
        saved = await api.updateCredential(existing.id, { name, fields: Object.fromEntries(given) });
      } else {
        saved = await api.createCredential({ name, kind, fields });
        setName('');
        setFields({});
      }
      setError(null);
      onSaved(saved);
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card credential-form"
      aria-label={existing ? `Edit credential ${existing.name}` : `New ${kind || ''} credential`.replace('  ', ' ')}
      onSubmit={(e) => {
        e.preventDefault();
        e.stopPropagation();
        submit();
      }}
    >
      {!fixedKind && !existing && (
        <div className="field" style={{ marginBottom: 10 }}>
          <label htmlFor="credential-kind" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
            Kind *
          </label>
          <select
            id="credential-kind"
            required
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setFields({});
            }}
          >
            <option value="">—</option>
            {Object.entries(kinds).map(([id, s]) => (
              <option key={id} value={id}>
                {s.title ? `${s.title} (${id})` : id}
              </option>
            ))}
          </select>
        </div>
      )}
      {schema && (
        <>
          {existing && (
            <p className="hint">
              Editing <strong>{existing.name}</strong> ({schema.title ?? kind}); the kind cannot change.
            </p>
          )}
          {schema.description && <p className="hint">{schema.description}</p>}
          <div className="field" style={{ marginBottom: 10 }}>
            <label htmlFor="credential-name" className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
              Name *
            </label>
            <input id="credential-name" required autoFocus={!!existing} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          {hasProperties(schema) ? (
            <SchemaForm schema={schema} value={fields} onChange={setFields} setSecrets={existing && secretFieldsOf(existing)} />
          ) : (
            <SchemaField
              name="fields"
              schema={{ type: 'object', title: 'Fields (all kept secret)', additionalProperties: schema.additionalProperties ?? true }}
              value={fields}
              required={false}
              setSecrets={existing && secretFieldsOf(existing)}
              onChange={(v) => setFields((v ?? {}) as Record<string, unknown>)}
            />
          )}
          <p className="hint">
            Secrets are stored encrypted and never shown again{existing ? '; a set one left empty is kept' : ''}.
          </p>
        </>
      )}
      {error && (
        <div className="error-text" role="alert" style={{ marginBottom: 8 }}>
          {error}
        </div>
      )}
      <button type="submit" className="primary" disabled={busy || !schema}>
        Save credential
      </button>{' '}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}

/**
 * The form of a `kamelet` credential for one Kamelet: a password input per secret property it declares, and no
 * other. Those the Kamelet requires (its config schema's `required` still names them) are marked required.
 */
export function kameletSecretsSchema(type: NodeType): JsonSchema {
  const secrets = type.kamelet?.secret_properties ?? [];
  const required = new Set(type.config_schema.required ?? []);
  return {
    type: 'object',
    title: `${type.label} secrets`,
    description: `The secrets of the ${type.kamelet?.name ?? type.type} connector, kept in the credential and never in the workflow.`,
    properties: Object.fromEntries(secrets.map((p) => [p, { type: 'string', title: p, format: 'password' }])),
    required: secrets.filter((p) => required.has(p)),
    additionalProperties: false,
  };
}

/** Whether a `kamelet` credential fits a Kamelet: it sets none of the secrets other Kamelets have and this one lacks. */
export function fitsKamelet(c: Credential, secrets: string[]): boolean {
  return secretFieldsOf(c).every((f) => secrets.includes(f));
}

/**
 * The credentials of one kind (and of the other kinds the node also takes) to pick from, with an inline form to
 * create one of the main kind (which is then picked). `schema` replaces the kind's own form (a Kamelet's secrets),
 * and `accepts` narrows the list of the main kind to the credentials that fit.
 */
export function KindCredentialPicker({
  kind,
  alsoKinds,
  value,
  onChange,
  error: fieldError,
  schema,
  accepts,
}: {
  kind: string;
  alsoKinds?: string[];
  value?: string;
  onChange: (id: string | undefined) => void;
  /** A validation problem of the credential field. */
  error?: string;
  schema?: JsonSchema;
  accepts?: (c: Credential) => boolean;
}) {
  const [list, setList] = useState<Credential[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const { kinds: served } = useCredentialKinds();
  const kinds = served && schema ? { ...served, [kind]: schema } : served;
  const fits = (c: Credential) => c.id === value || (c.kind === kind ? !accepts || accepts(c) : (alsoKinds ?? []).includes(c.kind));
  const load = () =>
    api.credentials().then(
      (answer) => setList(itemsOf(answer).filter(fits)),
      (e: ApiError) => setError(e.status === 404 ? 'Credentials are not available on this runtime yet.' : e.message),
    );
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind]);
  const id = `credential-for-${kind}`;
  if (error && list === null) return <div className="hint">{error}</div>;
  return (
    <div className={`field${fieldError ? ' has-error' : ''}`} data-kind={kind} data-field="credential" style={{ marginBottom: 12 }}>
      <label htmlFor={id} className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
        Credential ({kinds?.[kind]?.title ?? kind})
      </label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">— none —</option>
        {value && list && !list.some((c) => c.id === value) && <option value={value}>{value} (not readable)</option>}
        {(list ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.kind === kind ? c.name : `${c.name} (${kinds?.[c.kind]?.title ?? c.kind})`}
          </option>
        ))}
      </select>
      {list && list.length === 0 && <span className="hint"> No {kind} credential yet.</span>}
      {error && <div className="error-text">{error}</div>}
      {fieldError && (
        <div className="error-text" role="alert">
          {fieldError}
        </div>
      )}
      {!adding && kinds?.[kind] && (
        <div>
          <button type="button" className="link" onClick={() => setAdding(true)}>
            + New {kind} credential
          </button>
        </div>
      )}
      {adding && kinds?.[kind] && (
        <CredentialForm
          kind={kind}
          kinds={kinds}
          onCancel={() => setAdding(false)}
          onSaved={async (c) => {
            setAdding(false);
            await load();
            onChange(c.id);
          }}
        />
      )}
    </div>
  );
}
