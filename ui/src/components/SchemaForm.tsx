import { type ReactNode, useState } from 'react';
import type { JsonSchema } from '../api';
import { CodeField } from './CodeField';

type Value = unknown;

interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: Value;
  required: boolean;
  error?: string;
  onChange: (value: Value) => void;
  hints?: string[];
  /** Secrets the server holds already: their empty inputs say so, since an omitted secret is kept. */
  setSecrets?: string[];
}

/** The placeholder of an empty secret input whose value the server already has. */
export const KEEP_SECRET = 'set — leave empty to keep';

function Title({ name, schema, required }: { name: string; schema: JsonSchema; required: boolean }) {
  return (
    <span className="title">
      {schema.title ?? name}
      {required ? ' *' : ''}
    </span>
  );
}

function KeyValue({
  value,
  onChange,
  secret = false,
  setSecrets = [],
}: {
  value: Record<string, string>;
  onChange: (v: Record<string, string> | undefined) => void;
  secret?: boolean;
  setSecrets?: string[];
}) {
  const entries = Object.entries(value ?? {});
  const set = (list: [string, string][]) => onChange(list.length ? Object.fromEntries(list) : undefined);
  return (
    <div>
      {entries.map(([k, v], i) => (
        <div className="kv" key={i}>
          <input aria-label="key" value={k} onChange={(e) => set(entries.map((p, j) => (j === i ? [e.target.value, p[1]] : p)))} />
          <input
            aria-label={`value of ${k}`}
            type={secret ? 'password' : undefined}
            placeholder={secret && setSecrets.includes(k) ? KEEP_SECRET : undefined}
            value={v}
            onChange={(e) => set(entries.map((p, j) => (j === i ? [p[0], e.target.value] : p)))}
          />
          <button type="button" aria-label={`remove ${k}`} onClick={() => set(entries.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => set([...entries, [entries.some(([k]) => k === '') ? `key${entries.length}` : '', '']])}>
        + Add
      </button>
    </div>
  );
}

/** Free JSON (a body, a payload): plain text stays a string, `{`/`[`/numbers are parsed when they parse. */
function AnyJson({ value, onChange, label }: { value: Value; onChange: (v: Value) => void; label: string }) {
  const initial = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const [text, setText] = useState(initial);
  const [bad, setBad] = useState(false);
  return (
    <>
      <CodeField
        label={label}
        mode="json"
        rows={3}
        value={text}
        onChange={(t) => {
          setText(t);
          if (t.trim() === '') {
            setBad(false);
            onChange(undefined);
            return;
          }
          if (/^\s*[[{]/.test(t)) {
            try {
              onChange(JSON.parse(t));
              setBad(false);
            } catch {
              setBad(true);
            }
          } else {
            setBad(false);
            onChange(t);
          }
        }}
      />
      {bad && <div className="error-text">Not valid JSON yet; the last valid value is kept.</div>}
    </>
  );
}

function ArrayField({ schema, value, onChange }: { schema: JsonSchema; value: Value[]; onChange: (v: Value[] | undefined) => void }) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? { type: 'string' };
  const set = (list: Value[]) => onChange(list.length ? list : undefined);
  return (
    <div>
      {items.map((item, i) => (
        <div key={i} className="card" style={{ padding: 8, marginBottom: 6 }}>
          {itemSchema.type === 'object' && itemSchema.properties ? (
            <SchemaForm
              schema={itemSchema}
              value={(item ?? {}) as Record<string, Value>}
              onChange={(v) => set(items.map((x, j) => (j === i ? v : x)))}
            />
          ) : (
            <input aria-label={`item ${i + 1}`} value={String(item ?? '')} onChange={(e) => set(items.map((x, j) => (j === i ? e.target.value : x)))} />
          )}
          <button type="button" className="danger" onClick={() => set(items.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => set([...items, itemSchema.type === 'object' ? {} : ''])}>
        + Add item
      </button>
    </div>
  );
}

/** The enum member an option's text stands for: numbers and booleans stay what they are in the schema. */
function enumValue(schema: JsonSchema, text: string): Value {
  return schema.enum?.find((v) => String(v) === text) ?? text;
}

/** What an empty input shows: the default, else an example from the schema. */
function placeholderOf(schema: JsonSchema): string {
  if (schema.default !== undefined) return String(schema.default);
  if (schema.example !== undefined && typeof schema.example !== 'object') return `e.g. ${String(schema.example)}`;
  return '';
}

export function SchemaField({ name, schema, value, required, error, onChange, hints, setSecrets }: FieldProps) {
  const label = schema.title ?? name;
  const id = `f-${name}`;
  let control;
  if (schema.enum) {
    control = (
      <select id={id} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : enumValue(schema, e.target.value))}>
        <option value="">{schema.default !== undefined ? `default (${String(schema.default)})` : '—'}</option>
        {schema.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else if (schema.type === 'boolean') {
    control = (
      <div>
        <input id={id} type="checkbox" checked={value === undefined ? schema.default === true : value === true} onChange={(e) => onChange(e.target.checked)} />{' '}
        <span className="hint">{schema.description}</span>
      </div>
    );
  } else if (schema.type === 'integer' || schema.type === 'number') {
    control = (
      <input
        id={id}
        type="number"
        step={schema.type === 'integer' ? 1 : 'any'}
        min={schema.minimum}
        max={schema.maximum}
        placeholder={placeholderOf(schema)}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else if (schema.type === 'object' && schema.additionalProperties) {
    const extra = schema.additionalProperties;
    const secret = typeof extra === 'object' && (extra.format === 'password' || extra.writeOnly === true);
    control = <KeyValue value={(value ?? {}) as Record<string, string>} onChange={onChange} secret={secret} setSecrets={setSecrets} />;
  } else if (schema.type === 'array') {
    control = <ArrayField schema={schema} value={value as Value[]} onChange={onChange} />;
  } else if (schema.type === undefined) {
    control = <AnyJson value={value} onChange={onChange} label={label} />;
  } else if (schema.format === 'expression' || schema['x-template'] || name === 'query' || name === 'template') {
    control = (
      <CodeField
        id={id}
        label={label}
        mode={schema.format === 'expression' ? 'expression' : schema['x-template'] ? 'template' : 'json'}
        value={value === undefined ? '' : String(value)}
        onChange={(v) => onChange(v === '' ? undefined : v)}
      />
    );
  } else if (schema.format === 'password' || schema.writeOnly) {
    control = (
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        placeholder={setSecrets?.includes(name) ? KEEP_SECRET : undefined}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
    );
  } else {
    control = (
      <input
        id={id}
        value={value === undefined ? '' : String(value)}
        placeholder={placeholderOf(schema)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
    );
  }
  return (
    <div className={`field${error ? ' has-error' : ''}`} data-field={name} style={{ marginBottom: 10 }}>
      <label htmlFor={id} className="title" style={{ display: 'block', fontWeight: 600, fontSize: 12 }}>
        <Title name={name} schema={schema} required={required} />
      </label>
      {control}
      {schema.type !== 'boolean' && schema.description && <div className="hint">{schema.description}</div>}
      {hints && hints.length > 0 && (schema['x-template'] || schema.format === 'expression') && (
        <div className="hint">
          Upstream: {hints.map((h) => <code key={h}>{h} </code>)}
        </div>
      )}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

interface FormProps {
  schema: JsonSchema;
  value: Record<string, Value>;
  onChange: (value: Record<string, Value>) => void;
  errors?: Record<string, string>;
  hints?: string[];
  setSecrets?: string[];
  /**
   * Required fields first and the optional ones folded under "More options" (open when one of them has a value or a
   * problem): for schemas with many optional fields, such as a Kamelet's.
   */
  splitOptional?: boolean;
}

/** A form generated from a node type's config JSON Schema. */
export function SchemaForm({ schema, value, onChange, errors = {}, hints, setSecrets, splitOptional = false }: FormProps) {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(props);
  if (names.length === 0) return <p className="hint">This node has nothing to configure.</p>;
  const field = (name: string) => (
    <SchemaField
      key={name}
      name={name}
      schema={props[name]}
      value={value[name]}
      required={required.has(name)}
      error={errors[name]}
      hints={hints}
      setSecrets={setSecrets}
      onChange={(v) => {
        const next = { ...value };
        if (v === undefined) delete next[name];
        else next[name] = v;
        onChange(next);
      }}
    />
  );
  const oneOf = schema.oneOf && <p className="hint">Set one of: {schema.oneOf.map((o) => o.required.join(', ')).join(' or ')}.</p>;
  if (!splitOptional) {
    return (
      <div>
        {oneOf}
        {names.map(field)}
      </div>
    );
  }
  const mandatory = names.filter((n) => required.has(n));
  const optional = names.filter((n) => !required.has(n));
  return (
    <div>
      {oneOf}
      {mandatory.length > 0 && <div data-testid="required-fields">{mandatory.map(field)}</div>}
      {optional.length > 0 && (
        <MoreOptions count={optional.length} startOpen={mandatory.length === 0 || optional.some((n) => value[n] !== undefined || !!errors[n])}>
          {optional.map(field)}
        </MoreOptions>
      )}
    </div>
  );
}

/** The optional fields, folded; it opens itself when it should start open (a value or a problem in it). */
function MoreOptions({ count, startOpen, children }: { count: number; startOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(startOpen);
  const [wasStartOpen, setWasStartOpen] = useState(startOpen);
  if (startOpen !== wasStartOpen) {
    // a value or a problem arrived among the optional fields: show them
    setWasStartOpen(startOpen);
    if (startOpen) setOpen(true);
  }
  return (
    <details className="more-options" data-testid="more-options" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>More options ({count})</summary>
      {children}
    </details>
  );
}
