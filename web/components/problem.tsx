import Alert from 'antd/es/alert';
import type { FormInstance } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import type { TFunction } from 'i18next';

/** The message to show for one field of a problem, in the user's language. */
function fieldMessage(problem: ApiProblem, message: string, t: TFunction): string {
  return problem.isSchemaValidation ? t('form.invalidValue', { message }) : message;
}

/**
 * Puts each field error of an API problem next to its form field (the problem names the field, e.g.
 * `email` or `errors[].field = "body.level"`). Returns the part that belongs to no field, to show above the form.
 */
export function showProblemOnForm<T extends object>(
  form: FormInstance<T>,
  error: unknown,
  t: TFunction,
  fieldAliases: Record<string, string> = {},
): string | null {
  if (!(error instanceof ApiProblem)) return error instanceof Error && error.message ? t('app.networkError') : t('app.error');
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  for (const item of error.fieldErrors) {
    const raw = item.field.replace(/^(body|querystring|params)\./, '');
    const name = fieldAliases[raw] ?? raw.split('.')[0] ?? raw;
    if (!known.has(name) && !form.getFieldInstance(name as never)) continue;
    byField.set(name, [...(byField.get(name) ?? []), fieldMessage(error, item.message, t)]);
  }
  if (byField.size === 0) return error.detail;
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return byField.size < error.fieldErrors.length ? error.detail : null;
}

export function problemText(error: unknown, t: TFunction): string {
  if (error instanceof ApiProblem) return error.detail;
  return t('app.networkError');
}

export function ProblemAlert({ error, message }: { error?: unknown; message?: string | null }) {
  const { t } = useTranslation();
  const text = message ?? (error ? problemText(error, t) : null);
  if (!text) return null;
  return <Alert type="error" showIcon title={text} role="alert" style={{ marginBottom: 16 }} />;
}
