import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers are stored in E.164 (`+862155550101`), so one number is one value however it was written:
 * `021-5555 0101`, `(021) 5555 0101`, `+86 21 5555 0101`, `0086 21 55550101`, `+44 (0)20 7946-0958`. A number
 * without a country code is read in the region of the organisation it belongs to.
 */

export interface PhoneNumber {
  /** `+862155550101`: what is stored and compared. */
  e164: string;
  /** `+86 21 5555 0101`: what people read. */
  international: string;
}

export function isKnownCountry(country: string): boolean {
  return isSupportedCountry(country.toUpperCase());
}

/** The number, or null when the text is not a valid phone number of the region (or of the country it names). */
export function parsePhoneNumber(text: string, defaultCountry: string): PhoneNumber | null {
  const country = defaultCountry.toUpperCase();
  const parsed = parsePhoneNumberFromString(text.trim(), isSupportedCountry(country) ? (country as CountryCode) : undefined);
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, international: parsed.formatInternational() };
}

/** `+862155550101` → `+86 21 5555 0101`; a stored text that is not E.164 (kept as it was typed) is shown as is. */
export function displayPhoneNumber(stored: string): string {
  const parsed = stored.startsWith('+') ? parsePhoneNumberFromString(stored) : undefined;
  return parsed?.isValid() ? parsed.formatInternational() : stored;
}

/** The digits of what was stored (E.164 without `+`), for the hotline's search by any part of the number. */
export function phoneSearchDigits(stored: string | null): string | null {
  const digits = (stored ?? '').replace(/\D/g, '');
  return digits.length > 0 ? digits : null;
}

/**
 * What the hotline's search box means by a number: a whole number however it is said (`021-5555 0101`,
 * `+86 21 5555 0101`, `+44 (0)20 7946-0958`) is that number; a part of one (`5555 0101`, `021 5555`) is a piece to
 * look for, without the national trunk prefix or a country code it was said with. Fewer than three digits: no number.
 */
export function phoneSearchOf(text: string, defaultCountry: string): { whole: string } | { part: string } | null {
  const whole = parsePhoneNumber(text, defaultCountry);
  if (whole) return { whole: whole.e164.slice(1) };
  if (text.replace(/\D/g, '').length < 3) return null;
  const country = defaultCountry.toUpperCase();
  const partial = parsePhoneNumberFromString(text.trim(), isSupportedCountry(country) ? (country as CountryCode) : undefined);
  // A part that is no valid number keeps what it was said with: `021 5555` is `0215555` to the parser. Without its
  // trunk (0) or international (00) prefix it is what the stored digits hold (`86215555…`).
  const part = (partial ? String(partial.nationalNumber) : text.replace(/\D/g, '')).replace(/^0+/, '');
  return part.length >= 3 ? { part } : null;
}
