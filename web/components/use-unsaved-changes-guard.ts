import App from 'antd/es/app';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker, type Blocker, type BlockerFunction } from 'react-router-dom';

/**
 * Keeps what was typed on a page from being lost by a misclick. While `dirty`, leaving for another page of the app (a
 * link, Back, a keyboard shortcut) asks first, and staying keeps the text; closing or reloading the tab asks the
 * browser's own question. Call `saved()` once the text is stored and before moving on, so a successful submit leaves
 * without asking; the guard is armed again when `dirty` next turns true.
 *
 * One guarded form per page: the router holds one navigation blocker at a time.
 */
export function useUnsavedChangesGuard(dirty: boolean): { saved: () => void } {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  // Read when a navigation starts, which may be in the same click handler that saved, before any re-render.
  const guarding = useRef(dirty);
  useEffect(() => {
    guarding.current = dirty;
  }, [dirty]);

  // Another address on the same page (a filter, a tab in the query string) loses nothing.
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => guarding.current && currentLocation.pathname !== nextLocation.pathname,
    [],
  );
  const blocker = useBlocker(shouldBlock);
  const latest = useRef<Blocker>(blocker);
  useEffect(() => {
    latest.current = blocker;
  });

  // Keyed by the navigation held, not only the state: "Keep editing" then Back at once can block the second navigation
  // before the reset of the first re-renders, so the state stays "blocked" throughout and the new question, asked
  // only when the state changed, never showed (the page sat blocked with no question on screen).
  const blockedNavigation = blocker.state === 'blocked' ? blocker.location.key : null;
  useEffect(() => {
    if (blockedNavigation === null) return undefined;
    const question = modal.confirm({
      title: t('form.leaveTitle'),
      content: t('form.leaveBody'),
      okText: t('form.leave'),
      cancelText: t('form.keepEditing'),
      okButtonProps: { danger: true },
      onOk: () => latest.current.proceed?.(),
      onCancel: () => latest.current.reset?.(),
    });
    return () => question.destroy();
  }, [blockedNavigation, modal, t]);

  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (event: BeforeUnloadEvent) => {
      if (guarding.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  const saved = useCallback(() => {
    guarding.current = false;
  }, []);
  return { saved };
}
