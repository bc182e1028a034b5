import { can, type Actor } from '../permissions.js';

/** Importing organisations, projects and products from CSV: the editors of delivered systems. */
export function mayImport(actor: Actor): boolean {
  return can(actor, 'imports.run');
}

/** Exporting them as CSV (every customer's, or one's): the same editors. */
export function mayExport(actor: Actor): boolean {
  return can(actor, 'exports.run');
}
