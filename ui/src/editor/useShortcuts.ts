import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  save: () => void;
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  selectAll: () => void;
  layout: () => void;
}

/**
 * The editor's keyboard: Ctrl/Cmd+S saves anywhere; undo (Z), redo (Shift+Z or Y), copy, paste,
 * select all and auto-layout (Shift+L) act only when focus is not in a field, where those keys
 * are the field's own.
 */
export function useShortcuts(actions: ShortcutActions) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      const act = latest.current;
      if (mod && k === 's') act.save();
      else if (typing) return;
      else if (mod && k === 'z' && !e.shiftKey) act.undo();
      else if (mod && (k === 'y' || (k === 'z' && e.shiftKey))) act.redo();
      else if (mod && k === 'c') act.copy();
      else if (mod && k === 'v') act.paste();
      else if (mod && k === 'a') act.selectAll();
      else if (!mod && k === 'l' && e.shiftKey) act.layout();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
