/**
 * The queue a user last looked at, kept for this browser tab (sessionStorage): the case page's "next/previous case"
 * shortcuts walk the cases in the order that queue listed them.
 */
const KEY = 'casedesk.lastQueue';

export interface RememberedQueue {
  /** The queue's address (view, filter and order), to go back to it. */
  path: string;
  caseIds: string[];
}

function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage switched off by the browser: the shortcuts then have no queue to walk, nothing else breaks.
    return null;
  }
}

export function rememberQueue(queue: RememberedQueue): void {
  try {
    tabStorage()?.setItem(KEY, JSON.stringify(queue));
  } catch {
    // A full storage keeps the previous queue.
  }
}

export function rememberedQueue(): RememberedQueue | null {
  const raw = tabStorage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { path, caseIds } = value as Record<string, unknown>;
    if (typeof path !== 'string' || !Array.isArray(caseIds) || !caseIds.every((id) => typeof id === 'string')) return null;
    return { path, caseIds: caseIds as string[] };
  } catch {
    return null;
  }
}

/** The case `step` places after (1) or before (-1) this one in the remembered queue; why not, when there is none. */
export function neighbourInQueue(caseId: string, step: 1 | -1): { caseId: string } | { missing: 'no-queue' | 'not-in-queue' | 'end' } {
  const queue = rememberedQueue();
  if (!queue || queue.caseIds.length === 0) return { missing: 'no-queue' };
  const index = queue.caseIds.indexOf(caseId);
  if (index < 0) return { missing: 'not-in-queue' };
  const next = queue.caseIds[index + step];
  return next ? { caseId: next } : { missing: 'end' };
}
