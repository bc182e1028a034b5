import Card from 'antd/es/card';
import { useTranslation } from 'react-i18next';
import { useSimilarToCase } from '../../api/similar-cases';
import { ProblemAlert } from '../../components/problem';
import { SimilarCaseList } from '../../components/similar-cases';

/** The case page's "Similar cases": earlier cases of the same product, model, site or words, and how they ended. */
export function SimilarCasesCard({ caseId, customer }: { caseId: string; customer: boolean }) {
  const { t } = useTranslation();
  const similar = useSimilarToCase(caseId);
  const items = similar.data?.items ?? [];
  return (
    <Card size="small" className="cd-card" title={t('similar.title')} loading={similar.isPending} data-testid="case-similar">
      <ProblemAlert error={similar.error} />
      {similar.isSuccess && items.length === 0 ? <p className="cd-muted">{t('similar.none')}</p> : null}
      <SimilarCaseList items={items} showCustomer={!customer} />
    </Card>
  );
}
