/**
 * The case page's own calls, asked by the boot script (web/boot.ts) while the application's scripts still load and
 * compile, instead of by each card once the page has rendered around the case: the timeline, the ladder, similar
 * cases, the service record and the rest come back in parallel with the scripts, and the page renders complete. The
 * application takes these answers through `api.get` as if it had asked itself (web/api/client.ts).
 *
 * Only what the reader's page will ask is asked: it waits for the session (the reader's abilities and language) and
 * the case (staff or customer view, its customer, its serial numbers), both already asked for by the boot script and
 * answered long before the scripts are in. Each path is built by the same function as the card's own call
 * (web/api/case-page-paths.ts); an answer nobody takes is dropped after a few seconds.
 */
import { casePath } from '../api/case-list-path';
import { casePagePaths } from '../api/case-page-paths';
import { CURRENT_SESSION_PATH, prefetch, setApiLanguage } from '../api/client';
import { prefetchedAnswer } from './prefetched-answer';
import { initialLanguage, type WebLanguage } from '../i18n/initial-language';

/** What is read of the two answers; anything else in them is left to the application. */
interface SessionAnswer {
  user: { language: string };
  abilities: string[];
}
interface CaseAnswer {
  id: string;
  organizationId: string;
  serialNumbers: string[];
  can: { seeInternal: boolean; assign: boolean; noteInternal: boolean; replyPublic: boolean };
}

/** Asks for the calls the page of case `caseId` makes as it opens, once the session and the case have come. */
export async function prefetchCasePage(caseId: string): Promise<void> {
  const [session, detail] = await Promise.all([
    prefetchedAnswer<SessionAnswer>(CURRENT_SESSION_PATH),
    prefetchedAnswer<CaseAnswer>(casePath(caseId)),
  ]);
  // Signed out, not allowed, or no such case: the page shows that without asking anything else.
  if (!session || !detail || detail.id !== caseId) return;
  // The language the application will ask in (web/i18n/index.ts): the user's own, else this browser's.
  const language: WebLanguage =
    session.user.language === 'en' || session.user.language === 'zh-CN' ? session.user.language : initialLanguage();
  setApiLanguage(language);
  const can = (ability: string) => session.abilities.includes(ability);
  const paths = casePagePaths;
  const asked = [
    paths.timeline(caseId),
    paths.similar(caseId),
    paths.linkedArticles(caseId),
    paths.serviceRecord(caseId, language),
    paths.contacts(detail.organizationId),
    ...(can('notifications.own') ? [paths.unreadNotifications()] : []),
  ];
  if (detail.can.seeInternal) {
    // The staff page's cards (web/pages/cases/case-view.tsx, `StaffCaseView`).
    asked.push(paths.ladder(caseId), paths.exchanges(caseId), paths.compensations(caseId));
    if (can('users.read') || detail.can.assign) asked.push(paths.users());
    if (detail.can.assign) asked.push(paths.departments());
    if (can('problems.manage')) asked.push(paths.problems());
    if (can('visits.read')) asked.push(paths.visits(caseId));
    if (can('follow-ups.read')) asked.push(paths.followUps(caseId));
    if (can('follow-ups.read') && can('surveys.read')) asked.push(paths.surveys(caseId));
    if (can('assets.read')) asked.push(...detail.serialNumbers.map((serial) => paths.assetBySerial(serial)));
    // The composer's article picker, which starts with an internal note's choice (every article).
    if (detail.can.noteInternal || detail.can.replyPublic) asked.push(paths.articles());
  } else {
    // The customer's page (`CustomerCaseView`): its survey card asks for the case's surveys.
    asked.push(paths.surveys(caseId));
  }
  for (const path of asked) prefetch(path);
}
