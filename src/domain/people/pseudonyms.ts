/**
 * The stable pseudonym an erased person is shown by: the same id always gives the same short tag, so the cases of one
 * former contact still read as one person's, while the tag says nothing about who it was.
 */
export type ErasedKind = 'contact' | 'user';

/** Four base-36 characters from the FNV-1a hash of the id (not secret: the id itself is no personal data). */
export function pseudonymTag(id: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 36 ** 4).toString(36).padStart(4, '0');
}

export function pseudonymFor(kind: ErasedKind, id: string): string {
  return `${kind === 'contact' ? 'Former contact' : 'Former user'} #${pseudonymTag(id)}`;
}

/** The address an erased user account keeps (the column is unique and required); `.invalid` never delivers. */
export function placeholderEmailFor(id: string): string {
  return `former-user-${pseudonymTag(id)}-${id.slice(-8).toLowerCase()}@erased.invalid`;
}

/** The address that stands for an erased person in a rebuilt mail (`Former contact #k3f9` → `former-contact-k3f9@erased.invalid`). */
export function placeholderAddressOf(pseudonym: string): string {
  return `${pseudonym.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@erased.invalid`;
}

/** What the admin must type to confirm an erasure: the person's name, compared without case and outer spaces. */
export function confirmsName(typed: string, name: string): boolean {
  return typed.trim().toLocaleLowerCase() === name.trim().toLocaleLowerCase();
}
