import { can, type Actor } from '../permissions.js';

/** Importing organisations, contacts, projects and products from CSV: the editors of delivered systems. */
export function mayImport(actor: Actor): boolean {
  return can(actor, 'imports.run');
}

/** Contracts are kept by fewer roles than the other kinds: importing them also takes the right to manage contracts. */
export function mayImportKind(actor: Actor, kind: string): boolean {
  return mayImport(actor) && (kind !== 'contracts' || can(actor, 'contracts.manage'));
}

/** Exporting them as CSV (every customer's, or one's): the same editors. */
export function mayExport(actor: Actor): boolean {
  return can(actor, 'exports.run');
}
