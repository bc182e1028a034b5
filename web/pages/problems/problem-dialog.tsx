import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { createProblem, refreshProblems, updateProblem, type ProblemDetail } from '../../api/problems';
import { useSession } from '../../api/session';
import type { User } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRequired } from '../../components/form-fields';
import { StaffSelect } from '../../components/staff-select';
import { mayOwnProblem } from '../../../src/domain/access/policies/problems.js';

interface ProblemFields {
  title: string;
  description: string;
  ownerId: string;
  rootCause?: string;
  workaround?: string;
  models?: string[];
}

/** Who the owner select offers: the problem policy's rule (an active expert or manager). */
export const eligibleOwner = (user: User) => mayOwnProblem({ role: user.role, disabled_at: user.disabled ? 'disabled' : null });

/**
 * Opens a problem (from the Problems page, or from a case: `fromCase` links it and fills in its title and
 * description), or, given a `problem`, edits its fields.
 */
export function ProblemDialog({
  onClose,
  problem,
  fromCase,
}: {
  onClose: () => void;
  problem?: ProblemDetail;
  fromCase?: { id: string; title: string; description: string };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const [form] = Form.useForm<ProblemFields>();
  const required = useRequired();
  const { busy, general, save } = useFormSave(form, { products: 'models' });

  const submit = (values: ProblemFields) =>
    save(async () => {
      const fields = {
        title: values.title,
        description: values.description ?? '',
        ownerId: values.ownerId,
        rootCause: values.rootCause?.trim() || null,
        workaround: values.workaround?.trim() || null,
        // The vendors on record stay; the models are as typed now.
        products: [
          ...(problem?.products.filter((product) => product.vendorId) ?? []).map((product) => ({
            vendorId: product.vendorId,
            model: product.model,
          })),
          ...(values.models ?? []).map((model) => ({ model })),
        ],
      };
      if (problem) {
        await updateProblem(problem.id, fields);
        void message.success(t('problemRecords.saved'));
        await refreshProblems(queryClient);
        onClose();
        return;
      }
      const created = await createProblem({ ...fields, fromCaseId: fromCase?.id ?? null });
      void message.success(t('problemRecords.created', { title: created.title }));
      await refreshProblems(queryClient);
      onClose();
      void navigate(`/problems/${created.id}`);
    });

  const initialValues: Partial<ProblemFields> = problem
    ? {
        title: problem.title,
        description: problem.description,
        ownerId: problem.ownerId,
        rootCause: problem.rootCause ?? '',
        workaround: problem.workaround ?? '',
        models: problem.products.flatMap((product) => (!product.vendorId && product.model ? [product.model] : [])),
      }
    : {
        title: fromCase?.title ?? '',
        description: fromCase?.description ?? '',
        ...(user && eligibleOwner(user) ? { ownerId: user.id } : {}),
      };
  return (
    <FormDialog<ProblemFields>
      form={form}
      title={problem ? t('problemRecords.edit') : fromCase ? t('problemRecords.caseCard.openNew') : t('problemRecords.new')}
      okText={problem ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={initialValues}
    >
      <Form.Item name="title" label={t('problemRecords.problemTitle')} rules={required(t('problemRecords.problemTitle'))}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="description" label={t('problemRecords.description')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item
        name="ownerId"
        label={t('problemRecords.owner')}
        extra={t('problemRecords.ownerHelp')}
        rules={required(t('problemRecords.owner'), { text: false })}
      >
        <StaffSelect allowClear={false} eligible={eligibleOwner} />
      </Form.Item>
      <Form.Item name="rootCause" label={t('problemRecords.rootCause')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="workaround" label={t('problemRecords.workaround')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="models" label={t('problemRecords.models')} extra={t('problemRecords.modelsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} aria-label={t('problemRecords.models')} />
      </Form.Item>
    </FormDialog>
  );
}
