import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import type { ProblemStatus } from '../../api/problems';

// Apart from the problems page, which the case page (showing a case's problems) does not load.
export const PROBLEM_STATUS_COLOURS: Record<ProblemStatus, string> = {
  open: 'blue',
  analysing: 'orange',
  known_error: 'red',
  resolved: 'green',
  closed: 'default',
};

export function ProblemStatusTag({ status }: { status: ProblemStatus }) {
  const { t } = useTranslation();
  return <Tag color={PROBLEM_STATUS_COLOURS[status]}>{t(`problemRecords.statuses.${status}`)}</Tag>;
}
