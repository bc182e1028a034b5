import Card from 'antd/es/card';
import Form, { type FormInstance } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { serialsOf, useSimilarToDraft } from '../../api/similar-cases';
import { SimilarCaseList } from '../../components/similar-cases';

/**
 * The portal's new-case form: the customer's own cases like the one being typed (the server answers only their
 * organisation's), so that a case already open gets a reply instead of a twin. Shown once something is found.
 */
export function PortalSimilarCases<T extends { title: string; description: string; serial: string }>({ form }: { form: FormInstance<T> }) {
  const { t } = useTranslation();
  const title = Form.useWatch<string | undefined>('title', form) ?? '';
  const description = Form.useWatch<string | undefined>('description', form) ?? '';
  const serial = Form.useWatch<string | undefined>('serial', form) ?? '';
  const similar = useSimilarToDraft(
    {
      serialNumbers: serialsOf(serial),
      title,
      description,
    },
    true,
  );
  const items = similar.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" className="cd-card" title={t('similar.portalTitle')} data-testid="portal-similar">
      <p className="cd-muted">{t('similar.portalHelp')}</p>
      <SimilarCaseList items={items} showCustomer={false} />
    </Card>
  );
}
