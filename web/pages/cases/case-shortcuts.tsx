import App from 'antd/es/app';
import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import type { CaseDetail, CaseSummary } from '../../api/types';
import {
  focusShortcutTarget,
  ShortcutHelp,
  useShortcutHelp,
  useShortcuts,
  type ShortcutHelpGroup,
  type ShortcutHelpRow,
} from '../../components/keyboard-shortcuts';
import { problemText } from '../../components/problem';
import { useRefreshCase } from '../../api/cases';
import { neighbourInQueue, rememberQueue } from './queue-memory';

/** What the case page offers; the queue page's help lists it too, below its own. */
function caseGroup(t: TFunction): ShortcutHelpGroup {
  const rows: ShortcutHelpRow[] = [
    { keys: ['r'], label: t('shortcuts.reply') },
    { keys: ['n'], label: t('shortcuts.note') },
    { keys: ['a'], label: t('shortcuts.assignToMe') },
    { keys: ['s'], label: t('shortcuts.status') },
    { keys: ['j', ']'], label: t('shortcuts.next') },
    { keys: ['k', '['], label: t('shortcuts.previous') },
    { keys: ['/'], label: t('shortcuts.search') },
    { keys: ['?'], label: t('shortcuts.help') },
  ];
  return { title: t('shortcuts.onCase'), rows };
}

/**
 * The staff case page's keyboard: reply, note, assign to me, status, next/previous case of the last queue, and `?`.
 * Renders only the help dialog; the page marks its controls with `data-shortcut` / `data-shortcut-open`.
 */
export function CaseShortcuts({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshCase();
  const help = useShortcutHelp();
  const assigning = useRef(false);

  const focus = (name: 'reply' | 'note' | 'status', missing: string) => () =>
    void focusShortcutTarget(name).then((found) => {
      if (!found) void message.info(missing);
    });

  const assignToMe = async () => {
    if (!user || assigning.current) return;
    // The same rule as the assignment form: only who may route the case may take it.
    if (!detail.can.assign) {
      void message.info(t('shortcuts.mayNotAssign'));
      return;
    }
    if (detail.assigneeId === user.id) {
      void message.info(t('shortcuts.alreadyYours'));
      return;
    }
    assigning.current = true;
    try {
      await api.patch(`/api/v1/cases/${detail.id}`, { assigneeId: user.id });
      void message.success(t('shortcuts.assignedToYou'));
      await refresh(detail.id);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      assigning.current = false;
    }
  };

  const go = (step: 1 | -1) => () => {
    const found = neighbourInQueue(detail.id, step);
    if ('caseId' in found) void navigate(`/cases/${found.caseId}`);
    else void message.info(t(`shortcuts.queue.${found.missing}`));
  };

  useShortcuts({
    r: focus('reply', t('shortcuts.noReply')),
    n: focus('note', t('shortcuts.noNote')),
    s: focus('status', t('shortcuts.noStatus')),
    a: () => void assignToMe(),
    j: go(1),
    ']': go(1),
    k: go(-1),
    '[': go(-1),
    '?': help.show,
  });
  return <ShortcutHelp open={help.open} onClose={help.hide} groups={[caseGroup(t)]} />;
}

/**
 * The queue page's part: remembers the listed cases for the case page's next/previous, `j` opens the first case, and
 * `?` shows the case page's shortcuts.
 */
export function QueueShortcuts({ rows, loading }: { rows: CaseSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const help = useShortcutHelp();
  const path = `${location.pathname}${location.search}`;
  // One string: the effect runs when the listed cases change, not on every render of the same list.
  const caseIds = JSON.stringify(rows.map((row) => row.id));
  useEffect(() => {
    // While the first page loads, the list is not known yet: the queue remembered before is kept until it is.
    if (!loading) rememberQueue({ path, caseIds: JSON.parse(caseIds) as string[] });
  }, [loading, path, caseIds]);
  const first = rows[0];
  useShortcuts({
    j: () => {
      if (first) void navigate(`/cases/${first.id}`);
    },
    '?': help.show,
  });
  return (
    <ShortcutHelp
      open={help.open}
      onClose={help.hide}
      groups={[
        {
          title: t('shortcuts.inQueue'),
          rows: [
            { keys: ['j'], label: t('shortcuts.openFirst') },
            { keys: ['?'], label: t('shortcuts.help') },
          ],
        },
        caseGroup(t),
      ]}
    />
  );
}
