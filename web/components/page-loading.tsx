import Spin from 'antd/es/spin';
import { useTranslation } from 'react-i18next';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 48 }} aria-busy="true">
      <Spin description={t('app.loading')} />
    </div>
  );
}
