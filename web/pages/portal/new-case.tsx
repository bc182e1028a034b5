import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { caseKeys } from '../../api/cases';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import type { CaseDetail } from '../../api/types';
import { useFormSave } from '../../components/form-dialog';
import { ArticleSuggestions } from '../../components/article-suggestions';
import { Hotline } from '../../components/hotline';
import { ProblemAlert } from '../../components/problem';
import { useIdempotencyKey } from '../../api/idempotency';
import { FileDropZone, useCaseFiles } from '../cases/case-files';
import { PortalSimilarCases } from './portal-similar-cases';
import { useUnsavedChangesGuard } from '../../components/use-unsaved-changes-guard';
import { useRequired } from '../../components/form-fields';

interface PortalCaseFields {
  level: 1 | 2 | 3 | 4;
  title: string;
  description: string;
  serial: string;
}

/** A customer submits a case for their own organisation, with the level explained in plain words. */
export default function NewPortalCasePage() {
  const { t } = useTranslation();
  const required = useRequired();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PortalCaseFields>();
  const { busy, general, save } = useFormSave(form);
  const [typed, setTyped] = useState(false);
  const files = useCaseFiles(null);
  const guard = useUnsavedChangesGuard(typed || files.files.length > 0);
  const draft = [Form.useWatch('title', form), Form.useWatch('description', form)].filter(Boolean).join('\n');

  const idempotency = useIdempotencyKey();
  const submit = (values: PortalCaseFields) =>
    save(async () => {
      const serials = values.serial
        .split(/[\s,;]+/)
        .map((item) => item.trim())
        .filter(Boolean);
      const body = {
        organizationId: user?.organizationId,
        channel: 'portal',
        level: values.level,
        title: values.title,
        description: values.description,
        ...(serials.length ? { serialNumbers: serials } : {}),
        ...files.ids(),
      };
      const created = await api.post<CaseDetail>('/api/v1/cases', body, { headers: idempotency.headersFor(body) });
      idempotency.done();
      void message.success(t('portal.submitted', { number: created.number }));
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      guard.saved();
      navigate(`/cases/${created.id}`);
    });

  return (
    <Card style={{ maxWidth: 760 }}>
      <Typography.Title level={2} className="cd-page-title">
        {t('portal.newCase')}
      </Typography.Title>
      <Typography.Paragraph>{t('portal.submitIntro')}</Typography.Paragraph>
      <Hotline urgent />
      <ProblemAlert message={general} />
      <Form<PortalCaseFields>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ level: 3, serial: '', description: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setTyped(true)}
      >
        <Form.Item name="title" label={t('case.title')} rules={required(t('case.title'))}>
          <Input autoFocus />
        </Form.Item>
        <FileDropZone files={files} footer={null}>
          <Form.Item name="description" label={t('case.description')} rules={required(t('case.description'))}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} onPaste={files.onPaste} />
          </Form.Item>
        </FileDropZone>
        <ArticleSuggestions draft={draft} />
        <Form.Item name="level" label={t('portal.howUrgent')}>
          <Radio.Group className="cd-levels">
            {([1, 2, 3, 4] as const).map((level) => (
              <Radio key={level} value={level}>
                {t(`level.plain${level}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="serial" label={t('portal.product')}>
          <Input />
        </Form.Item>
        <PortalSimilarCases form={form} />
        <Button type="primary" htmlType="submit" loading={busy} disabled={files.busy}>
          {t('portal.submit')}
        </Button>
      </Form>
    </Card>
  );
}
