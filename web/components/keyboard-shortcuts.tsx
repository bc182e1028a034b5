import Modal from 'antd/es/modal';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isTypingTarget } from './typing-target';

/**
 * Single-key shortcuts for a page. A page marks what a shortcut acts on with attributes, so its layout can change
 * freely without the shortcuts knowing it:
 * - `data-shortcut="NAME"` on the control a shortcut focuses (a field, or a box whose first control is focused);
 * - `data-shortcut-open="NAME"` on what brings that control up when it is not shown (a tab, a button opening a panel).
 */

/** A key as typed (`event.key`: `j`, `?`, `]`) and what it does. */
export type ShortcutBindings = Record<string, () => void>;

/**
 * A modal dialog (the help itself, a confirmation) owns the keyboard while it is open; one playing its closing
 * animation (antd's `*-leave` classes) is closed already, so a key pressed right after Escape still counts.
 */
function modalDialogs(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]')].filter(shown);
}

function dialogOpen(): boolean {
  return modalDialogs().some((dialog) => dialog.closest('[class*="-leave"]') === null);
}

const nextTick = () => new Promise((resolve) => window.setTimeout(resolve, 50));

function shown(element: Element): boolean {
  return element.getClientRects().length > 0;
}

/** Listens for the bound keys on the whole page while mounted; `?` is left to the caller to bind (see ShortcutHelp). */
export function useShortcuts(bindings: ShortcutBindings, enabled = true): void {
  // The latest bindings are read at key time: the listener is added once, not on every render.
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      // Typing in a field, or a key held with a modifier, is never a shortcut.
      if (isTypingTarget(event.target) || dialogOpen()) return;
      const action = current.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

const FOCUSABLE = 'textarea, input:not([type="hidden"]), select, button, [tabindex]:not([tabindex="-1"]), a[href]';

function focusWithin(element: HTMLElement): boolean {
  const target = element.matches(FOCUSABLE) ? element : element.querySelector<HTMLElement>(FOCUSABLE);
  if (!target) return false;
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
  return document.activeElement === target;
}

function shownTarget(name: string, attribute: 'data-shortcut' | 'data-shortcut-open'): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>(`[${attribute}="${name}"]`)].find(shown) ?? null;
}

/**
 * Focuses the control marked `data-shortcut="NAME"`; when none is shown, clicks what is marked
 * `data-shortcut-open="NAME"` and focuses the control once it appears (a tab switch or a dialog takes a few frames).
 */
export async function focusShortcutTarget(name: string, patienceMs = 2_000): Promise<boolean> {
  const until = Date.now() + patienceMs;
  // A closing dialog keeps focus inside itself until it is gone: the field is focused after that.
  while (modalDialogs().length > 0 && Date.now() < until) await nextTick();
  const ready = shownTarget(name, 'data-shortcut');
  if (ready) return focusWithin(ready);
  const opener = shownTarget(name, 'data-shortcut-open');
  if (!opener) return false;
  opener.click();
  while (Date.now() < until) {
    await nextTick();
    const target = shownTarget(name, 'data-shortcut');
    if (target && focusWithin(target)) return true;
  }
  return false;
}

/** One row of the help: the keys (any of them works) and the `shortcuts.*` text saying what they do. */
export interface ShortcutHelpRow {
  keys: string[];
  label: string;
}

/** Opens with `?` (the caller binds it to `show`), closes with Escape; lists the page's shortcuts. */
export function useShortcutHelp(): { open: boolean; show: () => void; hide: () => void } {
  const [open, setOpen] = useState(false);
  return { open, show: () => setOpen(true), hide: () => setOpen(false) };
}

/** A titled list of shortcuts: where they work (the case page, a queue). */
export interface ShortcutHelpGroup {
  title: string;
  rows: ShortcutHelpRow[];
}

export function ShortcutHelp({ open, onClose, groups }: { open: boolean; onClose: () => void; groups: ShortcutHelpGroup[] }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')} destroyOnHidden>
      {groups.map((group) => (
        <table key={group.title} className="cd-table cd-shortcut-table">
          <caption>{group.title}</caption>
          <tbody>
            {group.rows.map((row) => (
              <tr key={row.label}>
                <td>
                  {row.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 ? ` ${t('shortcuts.or')} ` : null}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </td>
                <td>{row.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p className="cd-muted">{t('shortcuts.notWhileTyping')}</p>
    </Modal>
  );
}
