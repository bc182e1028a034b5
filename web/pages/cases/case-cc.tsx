import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRefreshCase } from '../../api/cases';

/** A first check in the browser, so a typo is named before saving; the server decides. */
const LOOKS_LIKE_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface CcForm {
  ccAddresses: string[];
}

/** Who else gets the case's public replies by mail; staff who may edit the case change the list. */
export function CaseCc({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState(false);
  return (
    <Space wrap size={4} data-testid="case-cc">
      {detail.ccAddresses.length === 0 ? <span>{t('common.none')}</span> : null}
      {detail.ccAddresses.map((address) => (
        <a key={address} href={`mailto:${address}`}>
          {address}
        </a>
      ))}
      {detail.can.update ? (
        <Button size="small" type="link" onClick={() => setChanging(true)} aria-label={t('caseCc.change')}>
          {t('caseContact.changeShort')}
        </Button>
      ) : null}
      {changing ? <ChangeCcDialog detail={detail} onClose={() => setChanging(false)} /> : null}
    </Space>
  );
}

function ChangeCcDialog({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CcForm>();
  // The API names a bad address by its place in the list (`ccAddresses.1`); the form shows it at the field.
  const { busy, general, save } = useFormSave(form);
  const refresh = useRefreshCase();
  const finish = (values: CcForm) =>
    save(async () => {
      await api.patch(`/api/v1/cases/${detail.id}`, { ccAddresses: values.ccAddresses.map((address) => address.trim()).filter(Boolean) });
      await refresh(detail.id);
      onClose();
    });
  return (
    <FormDialog
      form={form}
      title={t('caseCc.change')}
      okText={t('common.save')}
      busy={busy}
      general={general}
      initialValues={{ ccAddresses: detail.ccAddresses }}
      onFinish={finish}
      onClose={onClose}
    >
      <Form.Item
        name="ccAddresses"
        label={t('case.cc')}
        extra={t('caseCc.help')}
        rules={[
          {
            validator: async (_rule, value: string[] | undefined) => {
              const bad = (value ?? []).find((address) => !LOOKS_LIKE_ADDRESS.test(address.trim()));
              if (bad !== undefined) throw new Error(t('caseCc.notAnAddress', { address: bad }));
            },
          },
        ]}
      >
        <Select mode="tags" tokenSeparators={[',', ';', ' ']} open={false} placeholder="it-lead@customer.example" suffixIcon={null} />
      </Form.Item>
    </FormDialog>
  );
}
