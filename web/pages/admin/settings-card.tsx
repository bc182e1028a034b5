import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions, { type DescriptionsProps } from 'antd/es/descriptions';
import Form from 'antd/es/form';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';

/**
 * A card of settings as label and value, one a line (the hotline number, how the server sends mail): why they could
 * not be read, the list once they are (`items`), then `children` (a hint, a link, the dialog that edits them).
 */
export function SettingsCard({
  title,
  onEdit,
  error,
  items,
  style,
  children,
}: {
  title: string;
  /** Where given, an Edit button beside the title calls it (the card's dialog opens). */
  onEdit?: (() => void) | null;
  error: unknown;
  items: DescriptionsProps['items'] | null;
  style?: CSSProperties;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const extra = onEdit ? (
    <Button size="small" onClick={onEdit}>
      {t('common.edit')}
    </Button>
  ) : null;
  return (
    <Card title={title} size="small" className="cd-card" extra={extra} style={style}>
      <ProblemAlert error={error} />
      {items ? <Descriptions column={1} size="small" bordered items={items} /> : null}
      {children}
    </Card>
  );
}

/** One admin setting of the API: read and written at `url`, cached under `queryKey`. */
export interface AdminSetting {
  url: string;
  queryKey: readonly string[];
}

/** Reads an admin setting for a card that only those it concerns see (`enabled`: the viewer may read it). */
export function useAdminSetting<T>(setting: AdminSetting, enabled: boolean) {
  return useQuery({ queryKey: setting.queryKey, queryFn: () => api.get<T>(setting.url), enabled });
}

/**
 * The dialog that edits a setting: Save sends the form's values (as `toBody` shapes them) with PUT, and the card shows
 * what the server saved at once.
 */
export function SettingDialog<Fields extends object>({
  setting,
  title,
  initialValues,
  toBody = (values) => values,
  onClose,
  children,
}: {
  setting: AdminSetting;
  title: string;
  initialValues: Partial<Fields>;
  toBody?: (values: Fields) => object;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const { busy, general, save } = useFormSave(form);
  const finish = (values: Fields) =>
    save(async () => {
      queryClient.setQueryData(setting.queryKey, await api.put<unknown>(setting.url, toBody(values)));
      onClose();
    });
  return (
    <FormDialog<Fields>
      form={form}
      title={title}
      okText={t('common.save')}
      busy={busy}
      general={general}
      initialValues={initialValues}
      onFinish={(values) => void finish(values)}
      onClose={onClose}
    >
      {children}
    </FormDialog>
  );
}
