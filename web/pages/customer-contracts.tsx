import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { useOrganizationProjects } from '../api/products';
import { fetchAllPages, nameOf, useDepartments } from '../api/queries';
import { useSession } from '../api/session';
import type { Asset, Contract, Organization, Page, PolicyDetails } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired, RequiredDateItem } from '../components/form-fields';
import { ServicingDepartmentField } from '../components/servicing-department';
import { ExportButton } from '../components/export-button';
import { ConfirmedAction, RetiredTag, useRetiredFilter } from '../components/retire-controls';
import { TableCard } from '../components/table-card';
import { useFormat } from '../i18n/format';
import { addCalendarDays, RENEWAL_WINDOW_DAYS } from '../../src/domain/entitlement/coverage.js';

type ContractService = Contract['services'][number];

/** Every service a contract may cover, in the order the form offers them (the compiler checks none is missing). */
const SERVICES = { hotline: true, remote: true, onsite: true, training: true, 'yearly-check': true } satisfies Record<
  ContractService,
  true
>;
const CONTRACT_SERVICES = Object.keys(SERVICES) as ContractService[];

interface ContractFields {
  number: string;
  startsAt: string;
  endsAt: string;
  services: ContractService[];
  scope: 'whole' | 'selected';
  projectIds: string[];
  assetSerials: string[];
  policyId?: string | null;
  defaultDepartmentId?: string | null;
  notes?: string;
}

/** Today in the browser's zone, as the API writes days: only the suggested start of a new contract. */
export function todayLocal(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The renewal follows on the day after the old contract ends and runs as long as it did. */
function renewalOf(contract: Contract): Partial<ContractFields> {
  const startsAt = addCalendarDays(contract.endsAt, 1);
  const days = Math.round((Date.parse(contract.endsAt) - Date.parse(contract.startsAt)) / 86_400_000);
  return { ...fieldsOf(contract), number: '', startsAt, endsAt: addCalendarDays(startsAt, days) };
}

function fieldsOf(contract: Contract): ContractFields {
  return {
    number: contract.number,
    startsAt: contract.startsAt,
    endsAt: contract.endsAt,
    services: contract.services,
    scope: contract.coversWholeOrganization ? 'whole' : 'selected',
    projectIds: contract.projectIds,
    assetSerials: contract.assetSerials,
    policyId: contract.policyId,
    defaultDepartmentId: contract.defaultDepartmentId,
    notes: contract.notes ?? '',
  };
}

type Editing = { mode: 'new' } | { mode: 'edit'; contract: Contract } | { mode: 'renew'; contract: Contract };

const contractsKey = (organizationId: string) => ['organization', organizationId, 'contracts'] as const;

/** The customer's contracts with their period, services and scope; those who keep contracts add, edit and renew them. */
export function ContractsCard({ organizationId, mayAdd }: { organizationId: string; mayAdd: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [ending, setEnding] = useState<Contract | null>(null);
  const queryClient = useQueryClient();
  const contracts = useQuery({
    queryKey: contractsKey(organizationId),
    // Ended and cancelled ones too: the list shows them when asked.
    queryFn: () => fetchAllPages<Contract>('/api/v1/contracts', { organizationId, includeRetired: 'true' }),
  });
  const ended = useRetiredFilter<Contract>((contract) => contract.cancelledOn !== null, t('retire.showContracts'));
  // Each contract says what the caller may do with it (`contract.can`); the column is there when any offers something.
  const offers = (contract: Contract) => contract.can.edit || contract.can.renew || contract.can.end || contract.can.reactivate;
  const manage = (contracts.data ?? []).some(offers);
  const reactivate = async (contract: Contract) => {
    await api.post<Contract>(`/api/v1/contracts/${contract.id}/reactivate`);
    await refreshContracts(queryClient, organizationId);
  };
  const none = t('common.none');
  return (
    <>
      {mayAdd ? (
        <Button onClick={() => setEditing({ mode: 'new' })} style={{ marginBottom: 8 }}>
          {t('contracts.add')}
        </Button>
      ) : null}
      <TableCard
        title={t('customer.contracts')}
        extra={
          <Space size="small" wrap>
            {ended.toggle}
            {can('exports.run') ? <ExportButton kind="contracts" organizationId={organizationId} /> : null}
          </Space>
        }
        error={contracts.error}
        rows={ended.visible(contracts.data)}
        empty={t('products.none')}
        columns={[
          t('customer.number'),
          t('customer.period'),
          t('customer.services'),
          t('customer.scope'),
          ...(can('departments.read') ? [t('servicing.contractDefault')] : []),
          t('case.status'),
          ...(manage ? [t('common.actions')] : []),
        ]}
        row={(contract) => {
          // In force and ending soon are the server's facts for the company's today, not the browser's date.
          const { inForce, endsSoon } = contract.coverage;
          return (
            <tr key={contract.id}>
              <td>{contract.number}</td>
              <td>
                {format.date(contract.startsAt)} – {format.date(contract.endsAt)}
              </td>
              <td>{contract.services.map((service) => t(`products.service.${service}`)).join(', ') || none}</td>
              <td>
                {contract.coversWholeOrganization
                  ? t('customer.wholeOrganization')
                  : t('customer.scopeItems', {
                      projects: format.number(contract.projectIds.length),
                      products: format.number(contract.assetSerials.length),
                    })}
                {contract.assetSerials.length > 0 ? <div className="cd-muted">{contract.assetSerials.join(', ')}</div> : null}
              </td>
              {can('departments.read') ? (
                <td>
                  <ServicingDepartmentField
                    value={contract.defaultDepartmentId}
                    path={`/api/v1/contracts/${contract.id}`}
                    editable={contract.can.edit}
                    invalidate={contractsKey(organizationId)}
                    label={`${t('servicing.contractDefault')} ${contract.number}`}
                  />
                </td>
              ) : null}
              <td>
                {inForce ? <Tag color="cyan">{t('customer.inForce')}</Tag> : <Tag>{t('customer.notInForce')}</Tag>}
                {endsSoon ? <Tag color="orange">{t('contracts.expiring')}</Tag> : null}
                {contract.cancelledOn ? (
                  <>
                    <RetiredTag>{t('retire.contractTag', { date: format.date(contract.cancelledOn) })}</RetiredTag>
                    {contract.cancellationReason ? (
                      <div className="cd-muted">{t('retire.cancelledReason', { reason: contract.cancellationReason })}</div>
                    ) : null}
                  </>
                ) : null}
              </td>
              {manage ? (
                <td>
                  <Space size={4} wrap>
                    {contract.can.edit ? (
                      <Button
                        size="small"
                        onClick={() => setEditing({ mode: 'edit', contract })}
                        aria-label={t('contracts.editNamed', { number: contract.number })}
                      >
                        {t('common.edit')}
                      </Button>
                    ) : null}
                    {/* A renewal is a new contract: offered when this one may be renewed and the customer takes new ones. */}
                    {mayAdd && contract.can.renew ? (
                      <Button
                        size="small"
                        onClick={() => setEditing({ mode: 'renew', contract })}
                        aria-label={t('contracts.renewNamed', { number: contract.number })}
                      >
                        {t('contracts.renew')}
                      </Button>
                    ) : null}
                    {contract.can.reactivate ? (
                      <ConfirmedAction
                        label={t('retire.reactivate')}
                        ariaLabel={t('retire.reactivateContractNamed', { number: contract.number })}
                        question={t('retire.reactivateContractQuestion', { number: contract.number })}
                        description={t('retire.reactivateContractHelp', { date: format.date(contract.endsAt) })}
                        done={t('retire.contractReactivated', { number: contract.number })}
                        onConfirm={() => reactivate(contract)}
                      />
                    ) : null}
                    {contract.can.end ? (
                      <Button
                        size="small"
                        danger
                        onClick={() => setEnding(contract)}
                        aria-label={t('retire.endContractNamed', { number: contract.number })}
                      >
                        {t('retire.endContract')}
                      </Button>
                    ) : null}
                  </Space>
                </td>
              ) : null}
            </tr>
          );
        }}
      />
      {editing ? <ContractDialog organizationId={organizationId} editing={editing} onClose={() => setEditing(null)} /> : null}
      {ending ? <EndContractDialog contract={ending} onClose={() => setEnding(null)} /> : null}
    </>
  );
}

/** After a contract changed: its customer's list, the renewal list and the customer's entitlement are read again. */
async function refreshContracts(queryClient: QueryClient, organizationId: string): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: contractsKey(organizationId) });
  await queryClient.invalidateQueries({ queryKey: ['contracts'] });
  await queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'entitlement'] });
}

interface EndFields {
  endsOn: string;
  reason: string;
}

/** Ends a contract early or cancels it: from which day it no longer covers, and why (the server checks the day). */
function EndContractDialog({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EndFields>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: EndFields) =>
    save(async () => {
      const saved = await api.post<Contract>(`/api/v1/contracts/${contract.id}/cancel`, values);
      void message.success(t('retire.contractEnded', { number: saved.number, date: format.date(saved.cancelledOn) }));
      await refreshContracts(queryClient, contract.organizationId);
      onClose();
    });
  const required = useRequired();
  return (
    <FormDialog<EndFields>
      form={form}
      title={t('retire.endContractNamed', { number: contract.number })}
      okText={t('retire.end')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{ endsOn: todayLocal() }}
    >
      <p className="cd-muted">{t('retire.endContractHelp')}</p>
      <RequiredDateItem name="endsOn" label={t('retire.endsOn')} max={contract.endsAt} />
      <Form.Item name="reason" label={t('retire.reason')} rules={required(t('retire.reason'))}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
      </Form.Item>
    </FormDialog>
  );
}

/** Contracts of every customer that end in the next 60 days, soonest first, each one click from its renewal. */
export function ExpiringContractsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const [renewing, setRenewing] = useState<Contract | null>(null);
  const contracts = useQuery({
    queryKey: ['contracts', 'expiring'],
    // The server knows the company's today and the renewal window.
    queryFn: async () =>
      (await fetchAllPages<Contract>('/api/v1/contracts', { endingSoon: 'true' })).sort((a, b) => a.endsAt.localeCompare(b.endsAt)),
  });
  const organizations = useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => fetchAllPages<Organization>('/api/v1/organizations'),
    enabled: (contracts.data?.length ?? 0) > 0,
  });
  const manage = (contracts.data ?? []).some((contract) => contract.can.renew);
  return (
    <>
      <TableCard
        title={t('contracts.expiringTitle', { days: RENEWAL_WINDOW_DAYS })}
        error={contracts.error ?? organizations.error}
        // The rows wait for the customers' names, so no row ever shows a placeholder instead of who it belongs to.
        rows={contracts.data?.length === 0 || organizations.data ? contracts.data : undefined}
        empty={t('contracts.noneExpiring', { days: RENEWAL_WINDOW_DAYS })}
        columns={[t('customer.number'), t('contracts.customer'), t('contracts.endsAt'), ...(manage ? [t('common.actions')] : [])]}
        row={(contract) => (
          <tr key={contract.id}>
            <td>{contract.number}</td>
            <td>
              <Link to={`/organizations/${contract.organizationId}`}>
                {nameOf(organizations.data, contract.organizationId) ?? t('contracts.customer')}
              </Link>
            </td>
            <td>{format.date(contract.endsAt)}</td>
            {manage ? (
              <td>
                {/* A retired customer takes no new contract: reactivated first, then renewed. */}
                {contract.can.renew &&
                organizations.data?.find((organization) => organization.id === contract.organizationId)?.can.addContract ? (
                  <Button
                    size="small"
                    onClick={() => setRenewing(contract)}
                    aria-label={t('contracts.renewNamed', { number: contract.number })}
                  >
                    {t('contracts.renew')}
                  </Button>
                ) : null}
              </td>
            ) : null}
          </tr>
        )}
      />
      {renewing ? (
        <ContractDialog
          organizationId={renewing.organizationId}
          editing={{ mode: 'renew', contract: renewing }}
          onClose={() => setRenewing(null)}
        />
      ) : null}
    </>
  );
}

/**
 * A contract's period, services, what it covers (the whole organisation, or chosen projects and products), the
 * escalation policy its cases use and their default servicing department. The server checks the period and the
 * coverage; what it refuses is shown at the field.
 */
function ContractDialog({ organizationId, editing, onClose }: { organizationId: string; editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContractFields>();
  const { busy, general, save } = useFormSave(form);
  const scope = Form.useWatch('scope', form);
  const projects = useOrganizationProjects(organizationId, can('projects.read'));
  const assets = useQuery({
    queryKey: ['organization', organizationId, 'assets'],
    queryFn: () => fetchAllPages<Asset>('/api/v1/assets', { organizationId }),
    enabled: can('assets.read'),
  });
  const policies = useQuery({
    queryKey: ['escalation-policies'],
    queryFn: async () => (await api.get<Page<PolicyDetails>>('/api/v1/escalation-policies')).items,
    enabled: can('policies.read'),
  });
  const departments = useDepartments(can('departments.read'));

  const submit = (values: ContractFields) =>
    save(async () => {
      const whole = values.scope === 'whole';
      const body = {
        number: values.number,
        startsAt: values.startsAt,
        endsAt: values.endsAt,
        services: values.services,
        projectIds: whole ? [] : values.projectIds,
        assetSerials: whole ? [] : values.assetSerials,
        policyId: values.policyId ?? null,
        ...(can('departments.read') ? { defaultDepartmentId: values.defaultDepartmentId ?? null } : {}),
        notes: values.notes?.trim() || null,
      };
      const saved =
        editing.mode === 'edit'
          ? await api.patch<Contract>(`/api/v1/contracts/${editing.contract.id}`, body)
          : await api.post<Contract>('/api/v1/contracts', { ...body, organizationId });
      void message.success(editing.mode === 'edit' ? t('common.saved') : t('contracts.created', { number: saved.number }));
      await refreshContracts(queryClient, organizationId);
      onClose();
    });

  const title =
    editing.mode === 'new'
      ? t('contracts.add')
      : editing.mode === 'edit'
        ? t('contracts.editNamed', { number: editing.contract.number })
        : t('contracts.renewNamed', { number: editing.contract.number });
  const initialValues: Partial<ContractFields> =
    editing.mode === 'new'
      ? { services: [], scope: 'whole', projectIds: [], assetSerials: [], startsAt: todayLocal() }
      : editing.mode === 'edit'
        ? fieldsOf(editing.contract)
        : renewalOf(editing.contract);
  const required = useRequired();

  return (
    <FormDialog<ContractFields>
      form={form}
      title={title}
      okText={editing.mode === 'edit' ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={initialValues}
    >
      <Form.Item name="number" label={t('contracts.number')} rules={required(t('contracts.number'))}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
      <Space wrap size={12} align="start">
        <RequiredDateItem name="startsAt" label={t('contracts.startsAt')} />
        <RequiredDateItem name="endsAt" label={t('contracts.endsAt')} />
      </Space>
      <Form.Item name="services" label={t('customer.services')}>
        <Checkbox.Group options={CONTRACT_SERVICES.map((service) => ({ value: service, label: t(`products.service.${service}`) }))} />
      </Form.Item>
      <Form.Item name="scope" label={t('customer.scope')}>
        <Radio.Group
          options={[
            { value: 'whole', label: t('customer.wholeOrganization') },
            { value: 'selected', label: t('contracts.selected') },
          ]}
        />
      </Form.Item>
      {scope === 'selected' ? (
        <>
          <Form.Item name="assetSerials" label={t('contracts.products')} extra={t('contracts.selectedHelp')}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              loading={assets.isPending && can('assets.read')}
              // Products out of service are not offered for a new contract; one the contract names already stays.
              options={(assets.data ?? [])
                .filter((asset) => asset.status === 'in-service' || initialValues.assetSerials?.includes(asset.serialNumber))
                .map((asset) => ({
                  value: asset.serialNumber,
                  label: `${asset.serialNumber} · ${asset.model}${asset.site ? ` · ${asset.site}` : ''}`,
                }))}
            />
          </Form.Item>
          <Form.Item name="projectIds" label={t('contracts.projects')}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              options={(projects.data ?? [])
                .filter((project) => project.status === 'active' || initialValues.projectIds?.includes(project.id))
                .map((project) => ({ value: project.id, label: project.name }))}
            />
          </Form.Item>
        </>
      ) : null}
      {can('policies.read') ? (
        <Form.Item name="policyId" label={t('contracts.policy')} extra={t('contracts.policyHelp')}>
          <Select
            allowClear
            placeholder={t('contracts.defaultPolicy')}
            options={(policies.data ?? []).map((policy) => ({ value: policy.id, label: policy.name }))}
          />
        </Form.Item>
      ) : null}
      {can('departments.read') ? (
        <Form.Item name="defaultDepartmentId" label={t('servicing.contractDefault')}>
          <Select
            allowClear
            placeholder={t('servicing.inherited')}
            options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="notes" label={t('organizations.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={5000} />
      </Form.Item>
    </FormDialog>
  );
}
