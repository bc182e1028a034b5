import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../api/types';

/** A product's status (in service, retired…) as a tag, green while the product is in service. */
export function ProductStatusTag({ status }: { status: Asset['status'] }) {
  const { t } = useTranslation();
  return <Tag color={status === 'in-service' ? 'green' : 'default'}>{t(`products.${status}`)}</Tag>;
}
