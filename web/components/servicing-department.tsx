import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { nameOf, useDepartments } from '../api/queries';
import { useSession } from '../api/session';
import { useAction } from './form-dialog';
import { problemText } from './problem';

/**
 * The default servicing department of a customer or a contract: read-only to those who may only look, a select that
 * saves at once to those who may manage the record. Empty means "the next default up" (contract → customer →
 * company), which the placeholder says.
 */
export function ServicingDepartmentField({
  value,
  path,
  editable,
  invalidate,
  label,
}: {
  value: string | null;
  /** The record's PATCH address, e.g. /api/v1/organizations/{id}. */
  path: string;
  /** Whether the caller may change the record: its `can.edit`, as the server answered it. */
  editable: boolean;
  invalidate: readonly unknown[];
  label: string;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const { busy, run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const queryClient = useQueryClient();
  const departments = useDepartments(can('departments.read'));
  if (!can('departments.read')) return null;
  if (!editable) return <span>{nameOf(departments.data, value) ?? t('servicing.inherited')}</span>;
  const save = (next: string | null) =>
    run(async () => {
      await api.patch(path, { defaultDepartmentId: next });
      await queryClient.invalidateQueries({ queryKey: invalidate });
      void message.success(t('common.saved'));
    });
  return (
    <Select
      aria-label={label}
      allowClear
      style={{ minWidth: 200 }}
      loading={busy || departments.isPending}
      placeholder={t('servicing.inherited')}
      value={value ?? undefined}
      onChange={(next: string | undefined) => void save(next ?? null)}
      options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
    />
  );
}
