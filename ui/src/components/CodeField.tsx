import { memo, type ReactNode, useId } from 'react';

/** Splits an expression or template into coloured tokens; the textarea on top keeps the editing. */
export function highlight(text: string, mode: 'expression' | 'template' | 'json'): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern =
    mode === 'template'
      ? /(\{\{[^}]*\}\}|\$\{[^}]*\})/g
      : /('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|\b\d+(?:\.\d+)?\b|\b(?:and|or|not|in|true|false|null|True|False|None)\b|==|!=|<=|>=|[<>])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let key = 0;
  while ((m = pattern.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const tok = m[0];
    let cls = 'tok-op';
    if (mode === 'template') cls = 'tok-tpl';
    else if (tok.startsWith("'") || tok.startsWith('"')) cls = 'tok-str';
    else if (/^\d/.test(tok)) cls = 'tok-num';
    else if (/^[a-zA-Z]/.test(tok)) cls = 'tok-kw';
    out.push(
      <span key={key++} className={cls}>
        {tok}
      </span>,
    );
    last = m.index + tok.length;
  }
  if (last < text.length) out.push(text.slice(last));
  out.push('\n');
  return out;
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  mode: 'expression' | 'template' | 'json';
  rows?: number;
  label?: string;
  id?: string;
  placeholder?: string;
}

/** A textarea over a highlighted copy of its text: light syntax colouring without an editor library. */
export const CodeField = memo(function CodeField({ value, onChange, mode, rows = 2, label, id, placeholder }: Props) {
  const generated = useId();
  return (
    <div className="code">
      <pre aria-hidden="true">{highlight(value, mode)}</pre>
      <textarea
        id={id ?? generated}
        aria-label={label}
        spellCheck={false}
        rows={rows}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
});
