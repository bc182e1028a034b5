import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Dropdown from 'antd/es/dropdown';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from './form-dialog';
import { ProblemAlert } from './problem';

/**
 * The personal data menu of a customer's contact or a customer user: export (a plain download; the session cookie
 * travels with it) and erase, after a dialog that says what is kept and what is removed and asks for the name typed.
 * Shown from the record's `can`, never from the role.
 */
export function PersonalDataMenu({
  kind,
  id,
  name,
  can,
  invalidate,
}: {
  kind: 'contact' | 'user';
  id: string;
  name: string;
  can: { exportPersonalData: boolean; erasePersonalData: boolean };
  invalidate: QueryKey[];
}) {
  const { t } = useTranslation();
  const [erasing, setErasing] = useState(false);
  if (!can.exportPersonalData && !can.erasePersonalData) return null;
  const base = `/api/v1/${kind === 'contact' ? 'contacts' : 'users'}/${id}/personal-data`;
  const download = (format: 'json' | 'pdf') => {
    const link = document.createElement('a');
    link.href = `${base}?format=${format}`;
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
  };
  const items = [
    ...(can.exportPersonalData
      ? [
          { key: 'json', label: t('personalData.exportJson'), onClick: () => download('json') },
          { key: 'pdf', label: t('personalData.exportPdf'), onClick: () => download('pdf') },
        ]
      : []),
    ...(can.erasePersonalData ? [{ key: 'erase', danger: true, label: t('personalData.erase'), onClick: () => setErasing(true) }] : []),
  ];
  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button size="small" aria-label={t('personalData.menuOf', { name })}>
          {t('personalData.menu')}
        </Button>
      </Dropdown>
      {erasing ? <EraseDialog kind={kind} base={base} name={name} invalidate={invalidate} onClose={() => setErasing(false)} /> : null}
    </>
  );
}

function EraseDialog({
  kind,
  base,
  name,
  invalidate,
  onClose,
}: {
  kind: 'contact' | 'user';
  base: string;
  name: string;
  invalidate: QueryKey[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const action = useAction();
  const matches = typed.trim().toLocaleLowerCase() === name.trim().toLocaleLowerCase();
  const erase = () =>
    action.run(async () => {
      const result = await api.post<{ pseudonym: string }>(`${base}/erase`, { confirmName: typed });
      void message.success(t('personalData.erased', { pseudonym: result.pseudonym }));
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onClose();
    });
  return (
    <Modal
      open
      title={t('personalData.eraseTitle', { name })}
      okText={t('personalData.eraseOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: !matches, loading: action.busy }}
      onOk={() => void erase()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('personalData.kept')}</Typography.Paragraph>
      <Typography.Paragraph>{t(kind === 'contact' ? 'personalData.removedContact' : 'personalData.removedUser')}</Typography.Paragraph>
      <Alert type="warning" showIcon message={t('personalData.irreversible')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>{t('personalData.typeName', { name })}</Typography.Paragraph>
      <Input value={typed} onChange={(event) => setTyped(event.target.value)} aria-label={t('personalData.typedName')} autoComplete="off" />
      {action.error ? <ProblemAlert error={action.error} /> : null}
    </Modal>
  );
}
