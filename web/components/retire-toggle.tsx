import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Popconfirm from 'antd/es/popconfirm';
import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { Permission } from '../api/types';
import { useAction } from './form-dialog';
import { problemText } from './problem';

/** The grey tag a retired customer, contact or site wears wherever it is still listed. */
export function RetiredTag({ retired }: { retired: boolean }) {
  const { t } = useTranslation();
  return retired ? <Tag>{t('retirement.retired')}</Tag> : null;
}

/**
 * Retires a record, or reactivates a retired one, after asking (a Popconfirm): `POST {path}/retire` or
 * `{path}/reactivate`. Shown only to those the server lets keep such records; the server's refusal (a customer with
 * open cases) is shown as a message.
 */
export function RetireToggle({
  path,
  name,
  retired,
  what,
  invalidate,
  permission = 'organizations.manage',
  size = 'small',
}: {
  /** The record's API path, e.g. `/api/v1/organizations/{id}/contacts/{contactId}`. */
  path: string;
  name: string;
  retired: boolean;
  /** Which kind of record, for the question: customer, contact or site. */
  what: 'customer' | 'contact' | 'site';
  invalidate: QueryKey[];
  permission?: Permission;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const action = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  if (!can(permission)) return null;

  const verb = retired ? 'reactivate' : 'retire';
  const run = () =>
    action.run(async () => {
      await api.post(`${path}/${verb}`, {});
      void message.success(t(retired ? 'retirement.reactivatedDone' : 'retirement.retiredDone', { name }));
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    });

  return (
    <Popconfirm
      title={t(`retirement.${verb}Title.${what}`, { name })}
      description={t(`retirement.${verb}Body.${what}`)}
      okText={t(`retirement.${verb}`)}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: !retired }}
      onConfirm={() => run()}
    >
      <Button size={size} danger={!retired} loading={action.busy} aria-label={t(`retirement.${verb}Named`, { name })}>
        {t(`retirement.${verb}`)}
      </Button>
    </Popconfirm>
  );
}
