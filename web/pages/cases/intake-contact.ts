import type { Contact } from '../../api/types';

/**
 * The contact the secretary's search named, when it names exactly one: their phone number however it was said
 * (`+86 21 6888-1234`, `021 6888 1234`, `0086…`, or its last six digits or more) or their e-mail address. The hotline
 * found the customer through that person, so the case is theirs and its confirmation and survey reach them.
 */
export function contactNamedBy(text: string, contacts: readonly Contact[]): Contact | null {
  const typed = text.trim().toLowerCase();
  // Without the international (00) or trunk (0) prefix, the digits said are the end of the stored E.164 number.
  const digits = typed.replace(/\D/g, '').replace(/^0+/, '');
  const matches = contacts.filter((contact) => {
    if (contact.email && contact.email.toLowerCase() === typed) return true;
    const stored = (contact.phoneE164 ?? '').replace(/\D/g, '');
    return digits.length >= 6 && /^[\d\s()+\-.]+$/.test(typed) && stored !== '' && stored.endsWith(digits);
  });
  return matches.length === 1 ? matches[0]! : null;
}
