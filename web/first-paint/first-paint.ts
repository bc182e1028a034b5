/** The element the boot script's first paint of a queue lies in (web/first-paint/queue-preview.ts). */
export const FIRST_PAINT_ID = 'cd-first-paint';

/**
 * Takes the first paint away and gives the application back to the reader: called by the queue page in the commit
 * that draws its own rows (a layout effect, before the browser paints), and by any other page the app shows instead.
 */
export function removeFirstPaint(): void {
  const preview = document.getElementById(FIRST_PAINT_ID);
  if (!preview) return;
  preview.remove();
  const root = document.getElementById('root');
  if (root) root.inert = false;
}
