import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiProblem } from '../../api/client';
import { useProductEntitlement, useProductHistory, useProject, useVendor } from '../../api/products';
import { fetchAllPages, nameOf, useOrganization, useUsers } from '../../api/queries';
import { useSession } from '../../api/session';
import type { Asset, Contract, Page, ProductHistory, Site } from '../../api/types';
import { BillingTag, caseCells } from '../../components/case-bits';
import { FormDialog, useFormSave, useAction } from '../../components/form-dialog';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { TableCard } from '../../components/table-card';
import { useFormat } from '../../i18n/format';
import { CompensationDialog, ExchangeDialog, useMoney } from '../cases/exchanges-panel';
import { useCompensationsOfCases } from '../../api/delivered-work';
import { ProductDialog, refreshProduct } from '../customer-products';
import { siteQueryKey } from '../customer-sites';
import { contractCoversProduct } from '../../../src/domain/entitlement/coverage.js';
import { useRequired } from '../../components/form-fields';
import { ProductStatusTag } from '../../components/product-status-tag';

/** One product at /products/{id}: its configuration record, who pays for its service, and every case that named it. */
export default function ProductPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const history = useProductHistory(id);

  if (history.isPending) return <PageLoading />;
  if (history.error instanceof ApiProblem && (history.error.status === 404 || history.error.status === 403)) {
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={t('productPage.notFound', { id })}
        action={<Link to="/">{t('app.backHome')}</Link>}
      />
    );
  }
  if (!history.data) return <ProblemAlert error={history.error} />;
  return <ProductView history={history.data} />;
}

function ProductView({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const { asset } = history;
  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {t('productPage.title', { serial: asset.serialNumber })}
        </Typography.Title>
        <ProductStatusTag status={asset.status} />
      </Space>
      <ProductActions asset={asset} />
      <div className="cd-case-grid">
        <div>
          <ProductDetails history={history} />
        </div>
        <div>
          <Entitlement asset={asset} />
        </div>
      </div>
      <CaseHistory history={history} />
      <Exchanges history={history} />
      <ProductCompensations history={history} />
      <RecordHistory history={history} />
    </>
  );
}

/** What those who keep the records may do to the product: edit it, move it to another site, retire or reactivate it. */
function ProductActions({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'edit' | 'move' | null>(null);
  const action = useAction();
  const offered = asset.can;
  if (!offered.edit && !offered.move && !offered.retire && !offered.reactivate) return null;

  const setStatus = (status: 'in-service' | 'retired') =>
    action.run(async () => {
      await api.patch<Asset>(`/api/v1/assets/${asset.id}`, { status });
      void message.success(t(status === 'retired' ? 'productPage.retiredDone' : 'productPage.reactivated', { serial: asset.serialNumber }));
      await refreshProduct(queryClient, asset.organizationId, asset);
    });
  const retire = () =>
    modal.confirm({
      title: t('productPage.retireTitle', { serial: asset.serialNumber }),
      content: t('productPage.retireBody'),
      okText: t('productPage.retire'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => setStatus('retired'),
    });

  return (
    <>
      <ProblemAlert error={action.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        {offered.edit ? <Button onClick={() => setDialog('edit')}>{t('productPage.edit')}</Button> : null}
        {offered.move ? <Button onClick={() => setDialog('move')}>{t('productPage.move')}</Button> : null}
        {offered.retire ? (
          <Button danger onClick={retire}>
            {t('productPage.retire')}
          </Button>
        ) : null}
        {offered.reactivate ? <Button onClick={() => void setStatus('in-service')}>{t('productPage.reactivate')}</Button> : null}
      </Space>
      {dialog === 'edit' ? <ProductDialog organizationId={asset.organizationId} asset={asset} onClose={() => setDialog(null)} /> : null}
      {dialog === 'move' ? <MoveDialog asset={asset} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

/** Moves the product to another of the customer's sites; the server keeps the move in the product's history. */
function MoveDialog({ asset, onClose }: { asset: Asset; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ site: string }>();
  const { busy, general, save } = useFormSave(form);
  const sites = useQuery({
    queryKey: siteQueryKey(asset.organizationId),
    queryFn: async () => (await api.get<Page<Site>>(`/api/v1/organizations/${asset.organizationId}/sites`)).items,
  });
  // A retired site takes no product; the product's own site is where it is already.
  const others = (sites.data ?? []).filter((site) => site.name !== asset.site && !site.retired);

  const submit = (values: { site: string }) =>
    save(async () => {
      await api.patch<Asset>(`/api/v1/assets/${asset.id}`, { site: values.site });
      void message.success(t('productPage.moved', { serial: asset.serialNumber, site: values.site }));
      await refreshProduct(queryClient, asset.organizationId, asset);
      onClose();
    });

  return (
    <FormDialog<{ site: string }>
      form={form}
      title={t('productPage.moveTitle', { serial: asset.serialNumber })}
      okText={t('productPage.move')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{}}
    >
      <p className="cd-muted">
        {t('common.labelled', { label: t('products.site') })}
        {asset.site ?? t('common.none')}
      </p>
      {sites.data && others.length === 0 ? <p>{t('productPage.noOtherSite')}</p> : null}
      <Form.Item
        name="site"
        label={t('productPage.newSite')}
        extra={t('productPage.moveHelp')}
        rules={required(t('productPage.newSite'), { text: false })}
      >
        <Select options={others.map((site) => ({ value: site.name, label: site.name }))} />
      </Form.Item>
    </FormDialog>
  );
}

/** The product's own record over time: recorded, edited, moved, retired, reactivated, and by whom. */
function RecordHistory({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const users = useUsers(can('users.read'));
  const none = t('common.none');
  return (
    <TableCard
      title={t('productPage.changes')}
      error={null}
      rows={history.changes}
      empty={t('productPage.noChanges')}
      columns={[t('productPage.changedAt'), t('productPage.change'), t('productPage.changedBy')]}
      row={(change) => (
        <tr key={`${change.at}-${change.kind}`} data-change={change.kind}>
          <td>{format.dateTime(change.at)}</td>
          <td>{t(`productPage.changeKind.${change.kind}`, { from: change.fromSite ?? none, to: change.toSite ?? none })}</td>
          <td>{nameOf(users.data, change.actorUserId) ?? none}</td>
        </tr>
      )}
    />
  );
}

function ProductDetails({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const { asset, exchanges } = history;
  const organization = useOrganization(asset.organizationId);
  const vendor = useVendor(asset.vendorId, can('vendors.read'));
  const project = useProject(asset.projectId, can('projects.read'));
  const none = t('common.none');
  // The exchange that put this product in, or took it out, names the other product's serial number.
  const replaced = exchanges.find((exchange) => exchange.newAssetId === asset.id);
  const replacedBy = exchanges.find((exchange) => exchange.oldAssetId === asset.id);
  const supportCenter = vendor.data?.supportCenter;
  return (
    <Card title={t('productPage.details')} size="small" className="cd-card" data-testid="product-details">
      <ProblemAlert error={organization.error ?? vendor.error ?? project.error} />
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('products.serial')}>{asset.serialNumber}</Descriptions.Item>
        <Descriptions.Item label={t('products.model')}>{asset.model}</Descriptions.Item>
        <Descriptions.Item label={t('products.vendor')}>
          {vendor.data ? (
            // One inline element: the item's content box lays out its children as flex items, which drops spaces.
            <span>
              {vendor.data.name}
              {supportCenter?.name || supportCenter?.phone ? (
                <span className="cd-muted">
                  {' '}
                  · {[supportCenter.name, supportCenter.phone, supportCenter.email].filter(Boolean).join(' ')}
                </span>
              ) : null}
              {supportCenter?.contractNumber ? (
                <span className="cd-muted">
                  {' '}
                  · {t('common.labelled', { label: t('vendor.contractNumber') })}
                  {supportCenter.contractNumber}
                </span>
              ) : null}
            </span>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.customer')}>
          <Link to={`/organizations/${asset.organizationId}`}>{organization.data?.name ?? t('app.loading')}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.project')}>
          {project.data ? (
            <span>
              {project.data.name}{' '}
              <span className="cd-muted">{t('productPage.delivered', { date: format.date(project.data.deliveredAt) })}</span>
            </span>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('products.site')}>{asset.site ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('products.software')}>{asset.softwareVersion ?? none}</Descriptions.Item>
        {replaced ? (
          <Descriptions.Item label={t('productPage.replaces')}>
            <Link to={`/products/${replaced.oldAssetId}`}>{replaced.oldSerialNumber}</Link>
          </Descriptions.Item>
        ) : null}
        {replacedBy ? (
          <Descriptions.Item label={t('productPage.replacedBy')}>
            <Link to={`/products/${replacedBy.newAssetId}`}>{replacedBy.newSerialNumber}</Link>
          </Descriptions.Item>
        ) : null}
        {asset.notes ? (
          <Descriptions.Item label={t('organizations.notes')}>
            <span className="cd-text">{asset.notes}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** Who pays today (the API's decision and its reason), the guarantee of the delivered project, and the contracts covering it. */
function Entitlement({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const entitlement = useProductEntitlement(asset.serialNumber, can('entitlements.read'));
  const project = useProject(asset.projectId, can('projects.read'));
  // Same cache entry as the organisation page's contracts card.
  const contracts = useQuery({
    queryKey: ['organization', asset.organizationId, 'contracts'],
    queryFn: () => fetchAllPages<Contract>('/api/v1/contracts', { organizationId: asset.organizationId }),
    enabled: can('contracts.read'),
  });
  const covering = (contracts.data ?? []).filter((contract) => contractCoversProduct(contract, asset));
  const decided = entitlement.data;
  const guaranteeEndsAt = project.data?.guaranteeEndsAt ?? decided?.guaranteeEndsAt ?? null;
  // Whether the guarantee holds today is the server's word: the project's, else the entitlement decided for today
  // (a guarantee in force always decides it).
  const inGuarantee = project.data ? project.data.guaranteeActive : decided?.reasonCode === 'in-guarantee';
  const none = t('common.none');
  return (
    <Card title={t('productPage.entitlement')} size="small" className="cd-card" data-testid="product-entitlement">
      <ProblemAlert error={entitlement.error ?? contracts.error} />
      <Descriptions size="small" column={1}>
        {can('entitlements.read') ? (
          <Descriptions.Item label={t('productPage.billingToday')}>
            {decided ? (
              <span>
                <BillingTag billing={decided.billing} />{' '}
                {t(`entitlementReason.${decided.reasonCode}`, {
                  date: format.date(decided.guaranteeEndsAt),
                  contract: decided.contract?.number ?? '',
                })}{' '}
                <span className="cd-muted">{t('products.decidedOn', { date: format.date(decided.decidedOn) })}</span>
              </span>
            ) : (
              t('app.loading')
            )}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('productPage.guarantee')}>
          {guaranteeEndsAt ? (
            <span>
              {t('productPage.guaranteeUntil', { date: format.date(guaranteeEndsAt) })}{' '}
              {inGuarantee ? <Tag color="green">{t('customer.inGuarantee')}</Tag> : <Tag>{t('customer.guaranteeEnded')}</Tag>}
            </span>
          ) : (
            t('productPage.noGuarantee')
          )}
        </Descriptions.Item>
        {decided?.contract && decided.billing === 'contract' ? (
          <Descriptions.Item label={t('productPage.decidingContract')}>
            {t('productPage.contractLine', {
              number: decided.contract.number,
              start: format.date(decided.contract.startsAt),
              end: format.date(decided.contract.endsAt),
              services: decided.contract.services.map((service) => t(`products.service.${service}`)).join(', ') || none,
            })}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {can('contracts.read') ? (
        <>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 8 }}>
            {t('productPage.coveringContracts')}
          </Typography.Title>
          {contracts.data && covering.length === 0 ? <p className="cd-muted">{t('productPage.noContracts')}</p> : null}
          <ul>
            {covering.map((contract) => {
              const { inForce } = contract.coverage;
              return (
                <li key={contract.id}>
                  {t('productPage.contractLine', {
                    number: contract.number,
                    start: format.date(contract.startsAt),
                    end: format.date(contract.endsAt),
                    services: contract.services.map((service) => t(`products.service.${service}`)).join(', ') || none,
                  })}{' '}
                  {inForce ? <Tag color="cyan">{t('customer.inForce')}</Tag> : <Tag>{t('customer.notInForce')}</Tag>}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

function CaseHistory({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <TableCard
      title={t('productPage.cases')}
      error={null}
      rows={history.cases}
      empty={t('productPage.noCases')}
      columns={[
        t('case.number'),
        t('case.level'),
        t('case.title'),
        t('case.status'),
        t('case.receivedAt'),
        t('productPage.resolvedAt'),
        t('case.billing'),
      ]}
      row={(row) => (
        <tr key={row.id} data-case={row.number}>
          {caseCells(row, format)}
          <td>{format.dateTime(row.resolvedAt)}</td>
          <td>
            <BillingTag billing={row.billing} />
          </td>
        </tr>
      )}
    />
  );
}

function Exchanges({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const users = useUsers(can('users.read'));
  // A product still in service can be exchanged, on one of the cases that named it.
  const mayRecord = history.asset.can.recordExchange && history.cases.length > 0;
  const { asset } = history;
  const serialLink = (id: string, serial: string) =>
    id === asset.id ? <strong>{serial}</strong> : <Link to={`/products/${id}`}>{serial}</Link>;
  return (
    <TableCard
      title={t('productPage.exchanges')}
      extra={
        mayRecord ? (
          <RecordOnACase
            label={t('exchanges.recordExchange')}
            history={history}
            dialog={(cases, onClose) => <ExchangeDialog cases={cases} serials={[asset.serialNumber]} onClose={onClose} />}
          />
        ) : null
      }
      error={null}
      rows={history.exchanges}
      empty={t('productPage.noExchanges')}
      columns={[
        t('productPage.recordedAt'),
        t('productPage.case'),
        t('productPage.takenOut'),
        t('productPage.putIn'),
        t('productPage.reason'),
        t('productPage.approvedBy'),
      ]}
      row={(exchange) => (
        <tr key={exchange.id}>
          <td>{format.dateTime(exchange.recordedAt)}</td>
          <td>
            <CaseOfProduct caseId={exchange.caseId} history={history} />
          </td>
          <td>{serialLink(exchange.oldAssetId, exchange.oldSerialNumber)}</td>
          <td>{serialLink(exchange.newAssetId, exchange.newSerialNumber)}</td>
          <td className="cd-text">{exchange.reason}</td>
          <td>{nameOf(users.data, exchange.approvedByUserId) ?? t('common.none')}</td>
        </tr>
      )}
    />
  );
}

/** Compensations recorded on the cases that named this product, with who approved them. */
function ProductCompensations({ history }: { history: ProductHistory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const users = useUsers(can('users.read'));
  const compensations = useCompensationsOfCases(history.cases.map((row) => row.id));
  // Compensation is recorded on one of the cases that named this product.
  const mayRecord = history.asset.can.recordCompensation && history.cases.length > 0;
  return (
    <TableCard
      title={t('exchanges.productCompensations')}
      extra={
        mayRecord ? (
          <RecordOnACase
            label={t('exchanges.recordCompensation')}
            history={history}
            dialog={(cases, onClose) => <CompensationDialog cases={cases} onClose={onClose} />}
          />
        ) : null
      }
      error={compensations.error}
      rows={compensations.data}
      empty={t('exchanges.noProductCompensations')}
      columns={[
        t('productPage.recordedAt'),
        t('productPage.case'),
        t('exchanges.description'),
        t('exchanges.amount'),
        t('productPage.approvedBy'),
      ]}
      row={(compensation) => (
        <tr key={compensation.id}>
          <td>{format.dateTime(compensation.recordedAt)}</td>
          <td>
            <CaseOfProduct caseId={compensation.caseId} history={history} />
          </td>
          <td className="cd-text">{compensation.description}</td>
          <td>{money(compensation) ?? t('exchanges.notMoney')}</td>
          <td>{nameOf(users.data, compensation.approvedByUserId) ?? t('common.none')}</td>
        </tr>
      )}
    />
  );
}

/**
 * The button that records an exchange or a compensation from the product page, and its dialog: the record goes on one
 * of the cases that named the product, chosen in the dialog.
 */
function RecordOnACase({
  label,
  history,
  dialog,
}: {
  label: string;
  history: ProductHistory;
  dialog: (cases: { id: string; number: string }[], onClose: () => void) => ReactNode;
}) {
  const [recording, setRecording] = useState(false);
  const cases = history.cases.map((row) => ({ id: row.id, number: `${row.number} · ${row.title}` }));
  return (
    <>
      <Button size="small" onClick={() => setRecording(true)}>
        {label}
      </Button>
      {recording ? dialog(cases, () => setRecording(false)) : null}
    </>
  );
}

/** The link to a case that named this product, by its number. */
function CaseOfProduct({ caseId, history }: { caseId: string; history: ProductHistory }) {
  const { t } = useTranslation();
  return <Link to={`/cases/${caseId}`}>{history.cases.find((row) => row.id === caseId)?.number ?? t('productPage.openCase')}</Link>;
}
