import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAllVendors } from '../../api/products';
import { createProblem, refreshProblems, updateProblem, type ProblemDetail } from '../../api/problems';
import { useSession } from '../../api/session';
import type { User } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRequired } from '../../components/form-fields';
import { OrganizationsSelect } from '../../components/organization-select';
import { StaffSelect } from '../../components/staff-select';
import { mayOwnProblem } from '../../../src/domain/access/policies/problems.js';

interface ProblemFields {
  title: string;
  description: string;
  ownerId: string;
  rootCause?: string;
  workaround?: string;
  organizationIds?: string[];
  products?: { vendorId?: string | null; model?: string }[];
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
  const { busy, general, save } = useFormSave(form);
  const vendors = useAllVendors(true);
  const vendorsOnRecord = new Set(problem?.products.map((product) => product.vendorId) ?? []);
  // A retired vendor is not offered; one the problem names already stays choosable.
  const vendorOptions = (vendors.data ?? [])
    .filter((vendor) => vendor.status === 'active' || vendorsOnRecord.has(vendor.id))
    .map((vendor) => ({ value: vendor.id, label: vendor.name }));

  const submit = (values: ProblemFields) =>
    save(async () => {
      const fields = {
        title: values.title,
        description: values.description ?? '',
        ownerId: values.ownerId,
        rootCause: values.rootCause?.trim() || null,
        workaround: values.workaround?.trim() || null,
        organizationIds: values.organizationIds ?? [],
        // A row left with neither a vendor nor a model is dropped rather than refused.
        products: (values.products ?? [])
          .map((product) => ({ vendorId: product.vendorId ?? null, model: product.model?.trim() || null }))
          .filter((product) => product.vendorId || product.model),
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
        organizationIds: problem.organizations.map((organization) => organization.id),
        products: problem.products.map((product) => ({ vendorId: product.vendorId ?? undefined, model: product.model ?? '' })),
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
      <Form.Item
        name="organizationIds"
        label={t('problemRecords.organizations')}
        extra={fromCase && !problem ? t('problemRecords.organizationsFromCase') : undefined}
      >
        <OrganizationsSelect
          known={problem?.organizations ?? []}
          placeholder={t('problemRecords.organizationsPlaceholder')}
          aria-label={t('problemRecords.organizations')}
        />
      </Form.Item>
      <Form.List name="products">
        {(rows, { add, remove }, { errors }) => (
          <Form.Item label={t('problemRecords.products')} extra={t('problemRecords.productsHelp')}>
            {rows.map((row, index) => (
              <div key={row.key} className="cd-problem-product" data-testid="problem-product">
                <Form.Item name={[row.name, 'vendorId']} noStyle>
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('problemRecords.vendor')}
                    aria-label={t('problemRecords.vendorOf', { number: index + 1 })}
                    options={vendorOptions}
                    loading={vendors.isFetching}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'model']} noStyle>
                  <Input
                    maxLength={200}
                    placeholder={t('problemRecords.model')}
                    aria-label={t('problemRecords.modelOf', { number: index + 1 })}
                  />
                </Form.Item>
                <Button onClick={() => remove(row.name)} aria-label={t('problemRecords.removeProductOf', { number: index + 1 })}>
                  {t('problemRecords.removeProduct')}
                </Button>
              </div>
            ))}
            <Button type="dashed" onClick={() => add({ model: '' })} block>
              {t('problemRecords.addProduct')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>
    </FormDialog>
  );
}
