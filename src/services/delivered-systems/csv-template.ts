import { stringify } from 'csv-stringify/sync';
import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';
import { COLUMNS, type ImportKind } from './csv-columns.js';

/**
 * The file to start an import from: the header row the import reads and one example row in the user's language.
 * The headers stay the canonical column names in every language (the import reads only those, so a template and an
 * export import alike whatever language the user reads); the example's values are translated. The file starts with
 * a byte-order mark, so spreadsheet programs open the Chinese example as UTF-8 (the import skips it).
 */
export function csvTemplate(kind: ImportKind, language: Language): string {
  const names = COLUMNS[kind].map((column) => column.name);
  const example = names.map((name) => translate(language, `importTemplate.${kind}.${name}`));
  return `\uFEFF${stringify([names, example])}`;
}
