import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { linkCase, refreshProblems, useProblems } from '../../api/problems';
import { useSession } from '../../api/session';
import type { CaseDetail } from '../../api/types';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { ProblemDialog } from '../problems/problem-dialog';
import { ProblemStatusTag } from '../problems/problem-status-tag';

/**
 * The case's problem records: each with its status and, one click away, its workaround for the engineer; linking the
 * case to an existing problem, or opening a new problem from the case, for those who change problems.
 */
export function CaseProblemsCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mayChange = can('problems.manage');
  const [shown, setShown] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const problems = useProblems({}, mayChange);
  const { busy, error, run } = useAction();
  if (!can('problems.read')) return null;
  const linkedIds = new Set(detail.problems.map((problem) => problem.id));
  const link = () =>
    run(async () => {
      if (!chosen) return;
      const linked = await linkCase(chosen, detail.id);
      setChosen(null);
      void message.success(t('problemRecords.caseCard.linked', { title: linked.title }));
      await refreshProblems(queryClient);
    });
  return (
    <Card size="small" className="cd-card" title={t('problemRecords.caseCard.title')} data-testid="case-problems">
      <ProblemAlert error={error} />
      {detail.problems.length === 0 ? <p className="cd-muted">{t('problemRecords.caseCard.none')}</p> : null}
      {detail.problems.map((problem) => (
        <div key={problem.id} style={{ marginBottom: 8 }}>
          <Space wrap>
            <Link to={`/problems/${problem.id}`}>{problem.title}</Link>
            <ProblemStatusTag status={problem.status} />
            <Button size="small" onClick={() => setShown(shown === problem.id ? null : problem.id)}>
              {shown === problem.id ? t('problemRecords.caseCard.hideWorkaround') : t('problemRecords.caseCard.showWorkaround')}
            </Button>
          </Space>
          {shown === problem.id ? (
            <p style={{ whiteSpace: 'pre-wrap', marginTop: 6 }} data-testid="case-problem-workaround">
              {problem.workaround ?? t('problemRecords.noWorkaround')}
            </p>
          ) : null}
        </div>
      ))}
      {mayChange ? (
        <>
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ flex: 1 }}
              aria-label={t('problemRecords.caseCard.choose')}
              placeholder={t('problemRecords.caseCard.choose')}
              value={chosen ?? undefined}
              onChange={(next: string) => setChosen(next)}
              loading={problems.isPending}
              options={(problems.data ?? [])
                .filter((problem) => !linkedIds.has(problem.id) && problem.status !== 'closed')
                .map((problem) => ({ value: problem.id, label: problem.title }))}
            />
            <Button onClick={() => void link()} loading={busy} disabled={!chosen}>
              {t('problemRecords.caseCard.link')}
            </Button>
          </Space.Compact>
          <Button style={{ marginTop: 8 }} onClick={() => setOpening(true)}>
            {t('problemRecords.caseCard.openNew')}
          </Button>
          {opening ? (
            <ProblemDialog
              fromCase={{ id: detail.id, title: detail.title, description: detail.description }}
              onClose={() => setOpening(false)}
            />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
