import { useQuery } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Select from 'antd/es/select';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { caseKeys, useCaseList } from '../../api/cases';
import { api, ApiProblem, withQuery } from '../../api/client';
import { useDepartments } from '../../api/queries';
import type {
  Asset,
  CaseDetail,
  Contact,
  Organization,
  OrganizationEntitlement,
  OrganizationProducts,
  Page,
  ProductEntitlement,
  Vendor,
} from '../../api/types';
import { useSession } from '../../api/session';
import { BillingTag } from '../../components/case-bits';
import { fromLocalInput, toLocalInput } from '../../components/datetime';
import { useFormSave } from '../../components/form-dialog';
import { DateTimeItem, useRequired } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { useFormat } from '../../i18n/format';
import { useQueryClient } from '@tanstack/react-query';
import { CaseTable } from './queues';
import { useIdempotencyKey } from '../../api/idempotency';
import { contactNamedBy } from './intake-contact';
import { IntakeSimilarCases } from './intake-similar';
import { contractDepartmentOf, IntakeProducts } from './intake-products';
import { OrganizationEntitlementSummary } from '../../components/organization-entitlement';
import { FileDropZone, useCaseFiles } from './case-files';
import { useUnsavedChangesGuard } from '../../components/use-unsaved-changes-guard';

interface IntakeFields {
  contactId?: string | null;
  level: 1 | 2 | 3 | 4;
  title: string;
  description: string;
  departmentId?: string | null;
  assigneeId?: string | null;
  serialNumbers: string[];
  receivedAt: string;
}

type EntitlementLookup = { kind: 'found'; entitlement: ProductEntitlement } | { kind: 'unknown' } | { kind: 'unavailable' };

/** Serial numbers are case-insensitive codes without spaces; names and phone numbers have other shapes. */
const looksLikeSerial = (text: string) => /^[A-Za-z0-9][A-Za-z0-9\-_/.]{3,}$/.test(text) && /\d/.test(text);
/** `021-6888-1234`: looked up as a serial number too, but not reported as an unknown one. */
const looksLikePhone = (text: string) => /^\+?[\d\s()\-.]+$/.test(text) && /[\s()\-.+]/.test(text);

async function lookUpEntitlement(serial: string): Promise<EntitlementLookup> {
  try {
    return { kind: 'found', entitlement: await api.get<ProductEntitlement>(withQuery('/api/v1/entitlements', { serial })) };
  } catch (error) {
    // A 404 naming the serial field means "no such product"; a 404 for the route means the look-up is not there yet.
    if (error instanceof ApiProblem && error.status === 404)
      return error.fieldErrors.some((item) => item.field.endsWith('serial')) ? { kind: 'unknown' } : { kind: 'unavailable' };
    if (error instanceof ApiProblem && error.status === 403) return { kind: 'unavailable' };
    throw error;
  }
}

/** The hotline screen: find the customer and product while on the phone, see entitlement and open cases, log the case. */
export default function IntakePage() {
  const { t } = useTranslation();
  const required = useRequired();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const departments = useDepartments();
  const [lookup, setLookup] = useState('');
  const text = useDeferredValue(lookup.trim());
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [form] = Form.useForm<IntakeFields>();
  const { busy, general, save } = useFormSave(form);
  // A call half taken down is not lost to a click on the navigation or Back.
  const [typed, setTyped] = useState(false);
  const files = useCaseFiles(null);
  const guard = useUnsavedChangesGuard(typed || files.files.length > 0);
  const serial = looksLikeSerial(text) ? text : '';

  const organizations = useQuery({
    queryKey: ['intake', 'organizations', text],
    queryFn: async () => (await api.get<Page<Organization>>(withQuery('/api/v1/organizations', { text, limit: 10 }))).items,
    enabled: text.length >= 2,
  });
  const casesBySerial = useCaseList({ serial, limit: 10 }, { enabled: serial !== '', live: false });
  const asset = useQuery({
    queryKey: ['intake', 'asset', serial],
    queryFn: async () => (await api.get<Page<Asset>>(withQuery('/api/v1/assets', { serial, limit: 1 }))).items[0] ?? null,
    enabled: serial !== '',
    retry: false,
  });
  // A phone number is asked for its entitlement only when it is some product's serial number after all: else every
  // call looked up by phone made a 404 (an error in the browser's console).
  const phoneWithoutProduct = looksLikePhone(serial) && asset.data === null;
  const entitlement = useQuery({
    queryKey: ['intake', 'entitlement', serial],
    queryFn: () => lookUpEntitlement(serial),
    enabled: serial !== '' && (!looksLikePhone(serial) || Boolean(asset.data)),
  });
  const vendor = useQuery({
    queryKey: ['vendor', asset.data?.vendorId],
    queryFn: () => api.get<Vendor>(`/api/v1/vendors/${asset.data!.vendorId}`),
    enabled: Boolean(asset.data?.vendorId),
    retry: false,
  });

  // A serial number identifies the customer by itself: through its entitlement record, or its earlier cases.
  const serialOrganizationId =
    (entitlement.data?.kind === 'found' ? entitlement.data.entitlement.organizationId : null) ??
    casesBySerial.data?.items[0]?.organizationId ??
    null;
  const serialOrganization = useQuery({
    queryKey: ['organization', serialOrganizationId],
    queryFn: () => api.get<Organization>(`/api/v1/organizations/${serialOrganizationId}`),
    enabled: serialOrganizationId !== null,
  });
  // A retired customer takes no new case: it is not offered, even when a serial number leads to it.
  const candidates: Organization[] = [...(serialOrganization.data ? [serialOrganization.data] : []), ...(organizations.data ?? [])].filter(
    (candidate, index, all) => !candidate.retired && all.findIndex((other) => other.id === candidate.id) === index,
  );

  const contacts = useQuery({
    queryKey: ['organization', organization?.id, 'contacts'],
    queryFn: async () => (await api.get<Page<Contact>>(`/api/v1/organizations/${organization!.id}/contacts`)).items,
    enabled: organization !== null,
  });
  // Retired contacts are not chosen for a new case.
  const activeContacts = contacts.data?.filter((contact) => !contact.retired);
  // Found by a contact's phone or e-mail: that contact is the caller, unless the secretary has chosen another.
  const namedContact = organization && activeContacts ? contactNamedBy(text, activeContacts) : null;
  useEffect(() => {
    if (namedContact && !form.getFieldValue('contactId')) form.setFieldValue('contactId', namedContact.id);
  }, [namedContact, form]);
  const openCases = useCaseList({ organizationId: organization?.id ?? '', open: true, limit: 20 }, { enabled: organization !== null });
  const { can } = useSession();
  const organizationEntitlement = useQuery({
    queryKey: ['organization', organization?.id, 'entitlement'],
    queryFn: () => api.get<OrganizationEntitlement>(withQuery('/api/v1/entitlements', { organizationId: organization!.id })),
    enabled: organization !== null && can('entitlements.read'),
  });
  // The customer's products to choose from, each with its site and who pays for its service.
  const products = useQuery({
    queryKey: ['organization', organization?.id, 'products-entitlement'],
    queryFn: () => api.get<OrganizationProducts>(withQuery('/api/v1/entitlements/products', { organizationId: organization!.id })),
    enabled: organization !== null && can('entitlements.read'),
  });
  const productList = products.data?.items ?? [];
  const chosenSerials = Form.useWatch<string[] | undefined>('serialNumbers', form) ?? [];

  // The servicing department is proposed as the server would choose it — the product's contract, the customer's
  // contract, the customer, the company — unless the secretary has picked another.
  const productContractDepartment =
    contractDepartmentOf(chosenSerials, productList) ??
    (entitlement.data?.kind === 'found' ? (entitlement.data.entitlement.contract?.departmentId ?? null) : null);
  const proposedDepartment =
    organization === null
      ? null
      : (productContractDepartment ??
        organizationEntitlement.data?.contract?.departmentId ??
        organization.defaultDepartmentId ??
        departments.data?.find((department) => department.companyDefault)?.id ??
        null);
  const autoFilledDepartment = useRef<string | null>(null);
  useEffect(() => {
    const current = (form.getFieldValue('departmentId') as string | null | undefined) ?? null;
    if (current === null || current === autoFilledDepartment.current) {
      form.setFieldValue('departmentId', proposedDepartment ?? undefined);
      autoFilledDepartment.current = proposedDepartment;
    }
  }, [proposedDepartment, form]);

  // The product found by its serial goes into the case, unless the secretary has typed something else there.
  const foundSerial = asset.data?.serialNumber ?? null;
  const autoFilledSerial = useRef('');
  useEffect(() => {
    if (!foundSerial) return;
    const current = (form.getFieldValue('serialNumbers') as string[] | undefined) ?? [];
    if (current.length === 0 || (current.length === 1 && current[0] === autoFilledSerial.current)) {
      form.setFieldValue('serialNumbers', [foundSerial]);
      autoFilledSerial.current = foundSerial;
    }
  }, [foundSerial, form]);

  const [chooseFirst, setChooseFirst] = useState(false);
  useEffect(() => {
    if (chooseFirst && candidates[0]) {
      setChooseFirst(false);
      choose(candidates[0]);
    }
  });

  const choose = (candidate: Organization) => {
    setOrganization(candidate);
    form.setFieldValue('contactId', null);
    // Straight on to the level: the keyboard follows the call.
    window.setTimeout(() => document.querySelector<HTMLInputElement>('#intake_level input:checked')?.focus(), 0);
  };

  const idempotency = useIdempotencyKey();
  const submit = async (values: IntakeFields) => {
    if (!organization) return;
    await save(async () => {
      const body = {
        organizationId: organization.id,
        channel: 'hotline',
        level: values.level,
        title: values.title,
        description: values.description ?? '',
        ...(values.contactId ? { contactId: values.contactId } : {}),
        departmentId: values.departmentId,
        ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
        serialNumbers: (values.serialNumbers ?? []).map((item) => item.trim()).filter(Boolean),
        ...(fromLocalInput(values.receivedAt) ? { receivedAt: fromLocalInput(values.receivedAt) } : {}),
        ...files.ids(),
      };
      const created = await api.post<CaseDetail>('/api/v1/cases', body, { headers: idempotency.headersFor(body) });
      idempotency.done();
      void message.success(t('intake.created', { number: created.number }));
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      guard.saved();
      navigate(`/cases/${created.id}`);
    });
  };

  const found = entitlement.data?.kind === 'found' ? entitlement.data.entitlement : null;
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('intake.title')}
      </Typography.Title>
      <div className="cd-case-grid">
        <div>
          <Card size="small" className="cd-card">
            <label htmlFor="intake-lookup" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>
              {t('intake.lookup')}
            </label>
            <Input
              id="intake-lookup"
              autoFocus
              allowClear
              value={lookup}
              onChange={(event) => {
                setLookup(event.target.value);
                setChooseFirst(false);
              }}
              onKeyDown={(event) => {
                if (event.key !== 'Enter') return;
                event.preventDefault();
                // Enter before the search has answered takes the first match as soon as it arrives.
                if (candidates[0]) choose(candidates[0]);
                else setChooseFirst(true);
              }}
              aria-describedby="intake-lookup-help"
            />
            <Typography.Text type="secondary" id="intake-lookup-help">
              {t('intake.lookupHelp')}
            </Typography.Text>
            {text.length >= 2 && !organizations.isPending && candidates.length === 0 ? (
              <p className="cd-muted">{t('intake.noMatch', { text })}</p>
            ) : null}
            <ul className="cd-choices" aria-label={t('intake.customer')}>
              {candidates.map((candidate) => (
                <li key={candidate.id}>
                  <Button
                    type={organization?.id === candidate.id ? 'primary' : 'default'}
                    onClick={() => choose(candidate)}
                    block
                    style={{ textAlign: 'left' }}
                  >
                    {candidate.name}
                    {candidate.code ? ` · ${candidate.code}` : ''}
                  </Button>
                </li>
              ))}
            </ul>
            {serial && asset.data ? (
              <div style={{ marginTop: 8 }} data-testid="product">
                <strong>{t('common.labelled', { label: t('intake.product') })}</strong>
                {[asset.data.model, asset.data.serialNumber, vendor.data?.name, asset.data.site, asset.data.softwareVersion]
                  .filter(Boolean)
                  .join(' · ')}
                {/* A retired or exchanged product is out of service: the secretary should see it before logging. */}
                {asset.data.status === 'in-service' ? null : <Tag style={{ marginLeft: 8 }}>{t(`products.${asset.data.status}`)}</Tag>}
              </div>
            ) : null}
            {serial && !phoneWithoutProduct && !(entitlement.data?.kind === 'unknown' && looksLikePhone(serial)) ? (
              <div style={{ marginTop: 8 }} data-testid="entitlement">
                <strong>{t('common.labelled', { label: t('intake.entitlement') })}</strong>
                {entitlement.data?.kind === 'found' && found ? (
                  <>
                    <BillingTag billing={found.billing} />{' '}
                    {t(`entitlementReason.${found.reasonCode}`, {
                      date: format.date(found.guaranteeEndsAt),
                      contract: found.contract?.number ?? '',
                    })}
                  </>
                ) : entitlement.data?.kind === 'unknown' ? (
                  t('intake.serialUnknown', { serial })
                ) : entitlement.data?.kind === 'unavailable' ? (
                  t('intake.entitlementUnavailable')
                ) : (
                  t('app.loading')
                )}
              </div>
            ) : null}
          </Card>

          {organization && organizationEntitlement.data ? (
            <Card size="small" className="cd-card" title={t('intake.customerEntitlement')} data-testid="customer-entitlement">
              <OrganizationEntitlementSummary entitlement={organizationEntitlement.data} />
            </Card>
          ) : null}
          <IntakeSimilarCases organizationId={organization?.id ?? null} form={form} contacts={activeContacts ?? []} onSaved={guard.saved} />
          {organization ? (
            <Card size="small" className="cd-card" title={t('intake.openCases')}>
              <CaseTable rows={openCases.data?.items ?? []} loading={openCases.isPending} compact />
            </Card>
          ) : null}
        </div>

        <Card size="small" className="cd-card" title={organization ? organization.name : t('intake.customer')}>
          <ProblemAlert message={general} />
          {!organization ? <Alert type="info" showIcon title={t('intake.chooseCustomerFirst')} /> : null}
          <Form<IntakeFields>
            name="intake"
            form={form}
            layout="vertical"
            requiredMark={false}
            disabled={!organization}
            initialValues={{ level: 3, serialNumbers: [], receivedAt: toLocalInput(new Date()), description: '' }}
            onFinish={(values) => void submit(values)}
            onValuesChange={() => setTyped(true)}
          >
            <Form.Item name="contactId" label={t('intake.contact')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={(activeContacts ?? []).map((contact) => ({
                  value: contact.id,
                  label: [contact.name, contact.phone, contact.email].filter(Boolean).join(' · '),
                }))}
              />
            </Form.Item>
            <Form.Item name="serialNumbers" label={t('case.products')} extra={t('intake.productsHelp')}>
              <IntakeProducts
                products={productList}
                truncated={products.data?.truncated ?? false}
                loading={products.isFetching}
                listKnown={organization !== null && products.isSuccess}
              />
            </Form.Item>
            <Form.Item name="level" label={t('case.level')}>
              <Radio.Group className="cd-levels">
                {([1, 2, 3, 4] as const).map((level) => (
                  <Radio key={level} value={level}>
                    <strong>{t('level.label', { level })}</strong> — <span className="cd-muted">{t(`level.${level}`)}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="title" label={t('case.title')} rules={required(t('case.title'))}>
              <Input />
            </Form.Item>
            <FileDropZone files={files} footer={null}>
              <Form.Item name="description" label={t('case.description')}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} onPaste={files.onPaste} />
              </Form.Item>
            </FileDropZone>
            <Form.Item
              name="departmentId"
              label={t('case.department')}
              extra={t('intake.departmentHelp')}
              rules={[{ required: true, message: t('intake.departmentRequired') }]}
            >
              <Select
                allowClear
                options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
              />
            </Form.Item>
            <Form.Item name="assigneeId" label={t('intake.assigneeOptional')}>
              <StaffSelect />
            </Form.Item>
            <DateTimeItem name="receivedAt" label={t('intake.receivedAt')} extra={t('intake.receivedAtHelp')} />
            <Button type="primary" htmlType="submit" loading={busy} disabled={!organization || files.busy}>
              {t('intake.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
