import Result from 'antd/es/result';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, apiRequest } from '../api/client';
import { useDashboard, useDashboardSignal } from '../api/dashboard';
import { useNow } from '../components/case-bits';
import { LiveTag, OperationCenterBoard } from '../components/operation-center-board';
import { PageLoading } from '../components/page-loading';
import { problemText } from '../components/problem';

type SignIn = 'signing-in' | 'ready' | 'refused';

/**
 * The wallboard: the Operation Center in large type for a screen on the wall, with no navigation. Opened once as
 * `/wallboard?token=…` (a token an admin made), it trades the token for a cookie that only the dashboard's routes
 * receive and takes the token out of the address; from then on it stays signed in until the token is revoked.
 * A signed-in staff user's own session works too. `?department=` narrows it, `?lang=zh-CN` or `?lang=en` picks the language.
 */
export default function WallboardPage() {
  const { t, i18n } = useTranslation();
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const token = params.get('token');
  const departmentId = params.get('department') ?? undefined;
  const [signIn, setSignIn] = useState<SignIn>(token ? 'signing-in' : 'ready');
  useEffect(() => {
    const language = params.get('lang');
    if (language === 'en' || language === 'zh-CN') void i18n.changeLanguage(language);
  }, [params, i18n]);
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    apiRequest('POST', '/api/v1/wallboard-sessions', { token }, { endsSessionOn401: false })
      .then(() => {
        if (cancelled) return;
        const kept = new URLSearchParams(params);
        kept.delete('token');
        const query = kept.toString();
        window.history.replaceState(null, '', `/wallboard${query ? `?${query}` : ''}`);
        setSignIn('ready');
      })
      .catch(() => {
        if (!cancelled) setSignIn('refused');
      });
    return () => {
      cancelled = true;
    };
  }, [token, params]);
  const ready = signIn === 'ready';
  const dashboard = useDashboard(departmentId, { enabled: ready, wallboard: true });
  const refused = signIn === 'refused' || (dashboard.error instanceof ApiProblem && [401, 403].includes(dashboard.error.status));
  const connected = useDashboardSignal(ready && !refused);
  const ticking = useNow(1000);
  const now = ticking + (dashboard.data?.clockOffsetMs ?? 0);
  useEffect(() => {
    document.title = t('operationCenter.wallboardTitle');
  }, [t]);

  if (refused) {
    return (
      <div className="cd-wallboard">
        <Result status="403" title={<span style={{ color: '#fff' }}>{t('operationCenter.wallboardRefused')}</span>} />
      </div>
    );
  }
  return (
    <main className="cd-wallboard" data-testid="wallboard">
      <header className="cd-wallboard-head">
        <h1 className="cd-wallboard-title">{t('operationCenter.title')}</h1>
        <span>
          <LiveTag connected={connected} />{' '}
          <time className="cd-wallboard-clock">
            {new Date(now).toLocaleTimeString(i18n.language === 'zh-CN' ? 'zh-CN' : 'en-GB', {
              hour: '2-digit',
              minute: '2-digit',
              second: '2-digit',
            })}
          </time>
        </span>
      </header>
      {dashboard.data ? (
        <OperationCenterBoard dashboard={dashboard.data.data} now={now} wallboard />
      ) : dashboard.error ? (
        <p>{problemText(dashboard.error, t)}</p>
      ) : (
        <PageLoading />
      )}
    </main>
  );
}
