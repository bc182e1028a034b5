import { useTranslation } from 'react-i18next';
import { makeFormat } from './make-format';

export { makeFormat };

/** Dates, numbers and durations in the user's language (Intl does the locale work; the catalogue the words). */
export function useFormat() {
  const { t, i18n } = useTranslation();
  return makeFormat(i18n.language, t);
}

export type Format = ReturnType<typeof makeFormat>;
