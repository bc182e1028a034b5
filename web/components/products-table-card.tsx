import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAllVendors } from '../api/products';
import { nameOf } from '../api/queries';
import { useSession } from '../api/session';
import type { Asset, Project } from '../api/types';
import { ProductStatusTag } from './product-status-tag';
import { TableCard } from './table-card';

export type ProductColumn = 'serial' | 'model' | 'vendor' | 'project' | 'site' | 'software' | 'status';

/**
 * A card of products for staff, one column per entry of `columns`, in that order: the serial number links to the
 * product's page, the vendor and the project are named from their lists (`projects`, where that column is shown).
 */
export function ProductsTableCard({
  title,
  extra,
  testId,
  error,
  rows,
  empty,
  columns,
  projects,
}: {
  title: string;
  extra?: ReactNode;
  testId?: string;
  error: unknown;
  rows: Asset[] | undefined;
  empty: string;
  columns: ProductColumn[];
  projects?: Project[] | undefined;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const vendors = useAllVendors(can('vendors.read'));
  const none = t('common.none');
  const titles: Record<ProductColumn, string> = {
    serial: t('products.serial'),
    model: t('products.model'),
    vendor: t('products.vendor'),
    project: t('customer.project'),
    site: t('products.site'),
    software: t('products.software'),
    status: t('case.status'),
  };
  const cell = (asset: Asset, column: ProductColumn): ReactNode => {
    switch (column) {
      case 'serial':
        return <Link to={`/products/${asset.id}`}>{asset.serialNumber}</Link>;
      case 'model':
        return asset.model;
      case 'vendor':
        return nameOf(vendors.data, asset.vendorId) ?? none;
      case 'project':
        return nameOf(projects, asset.projectId) ?? none;
      case 'site':
        return asset.site ?? none;
      case 'software':
        return asset.softwareVersion ?? none;
      case 'status':
        return <ProductStatusTag status={asset.status} />;
    }
  };
  return (
    <TableCard
      title={title}
      extra={extra}
      testId={testId}
      error={error}
      rows={rows}
      empty={empty}
      columns={columns.map((column) => titles[column])}
      row={(asset) => (
        <tr key={asset.id}>
          {columns.map((column) => (
            <td key={column}>{cell(asset, column)}</td>
          ))}
        </tr>
      )}
    />
  );
}
