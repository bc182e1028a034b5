import type { Language } from '../../domain/access/roles.js';
import { localMinute } from '../../domain/calendar/local-time.js';
import { CORE_QUESTIONS, MAX_SCORE, MIN_SCORE, type SurveyQuestion } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import { escapeHtml } from '../../mail/templates/render-mail.js';
import type { ServiceRecord } from '../../services/service-records/view-service-record.js';
import { itemBillingText } from '../../services/service-records/item-billing-text.js';

/**
 * The two pages a customer reaches from an e-mail without signing in — the survey form and the service-record
 * confirmation — as small server-rendered HTML in English or Simplified Chinese, in CaseDesk's look (the web app's
 * header, card and fonts, from a small inline stylesheet). Every value is escaped; the pages work on a phone and
 * without JavaScript. Each says what was done and what happens next, with the hotline for anything else.
 */
const t = (language: Language, key: string, params: Record<string, unknown> = {}) =>
  translate(language, `serviceLoop.pages.${key}`, params);

/** What every page tells besides its own content: the number to call (the admin's hotline setting, if any). */
export interface PageFacts {
  hotline: string | null;
}

/** The pages' one script, fixed text: the Content-Security-Policy allows it by its hash. */
export const PUBLIC_PAGE_SCRIPT =
  'document.querySelectorAll("form[data-link-form]").forEach(function(f){f.addEventListener("submit",function(e){' +
  'e.preventDefault();fetch(f.action,{method:"POST",credentials:"omit",headers:{"content-type":"application/x-www-form-urlencoded"},' +
  'body:new URLSearchParams(new FormData(f))}).then(function(r){return r.text()}).then(function(h){document.open();document.write(h);' +
  'document.close()}).catch(function(){f.submit()})})})';

// The web app's colours and font stack (web/styles.css, the antd theme in web/app.tsx), kept small.
const STYLE = [
  '*{box-sizing:border-box}',
  'body{margin:0;background:#f3f5f8;color:rgba(0,0,0,.88);font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}',
  '.cd-bar{background:#001529;display:flex;align-items:center;justify-content:space-between;gap:12px;padding:0 16px;height:56px}',
  '.cd-brand{color:#fff;font-weight:600;font-size:18px;display:flex;align-items:center;gap:8px}',
  '.cd-bar a{color:rgba(255,255,255,.85);text-decoration:none;border:1px solid rgba(255,255,255,.35);border-radius:4px;padding:2px 10px}',
  'main{max-width:42rem;margin:16px auto;padding:16px 20px 20px;background:#fff;border:1px solid #e5e8ee;border-radius:8px}',
  '@media (max-width:44rem){main{margin:0;border-radius:0;border-width:0 0 1px}}',
  'h1{font-size:22px;line-height:1.3;margin:4px 0 12px}h2{font-size:16px;margin:20px 0 6px}',
  'a{color:#1d5fbf}p{margin:0 0 10px}.cd-muted{color:rgba(0,0,0,.55);font-size:13px}',
  'ol.cd-work{margin:0 0 10px;padding-left:1.3rem}ol.cd-work li{margin-bottom:8px;overflow-wrap:anywhere}',
  'fieldset{border:1px solid #e5e8ee;border-radius:8px;margin:0 0 12px;padding:8px 12px}legend{font-weight:600;padding:0 4px}',
  'fieldset label{display:inline-flex;align-items:center;gap:4px;border:1px solid #d9d9d9;border-radius:4px;padding:4px 10px;margin:0 6px 6px 0;cursor:pointer}',
  'fieldset label:has(input:checked){border-color:#1d5fbf;background:#e6f0ff}',
  'textarea,input[type=text]{width:100%;font:inherit;padding:6px 8px;border:1px solid #d9d9d9;border-radius:4px}',
  'button{font:inherit;font-size:16px;background:#1d5fbf;color:#fff;border:0;border-radius:4px;padding:8px 20px;cursor:pointer}',
  '.problem,.ok,.next{border-radius:8px;padding:8px 12px;margin:0 0 12px}',
  '.problem{background:#fff2f0;border:1px solid #ffccc7}.ok{background:#f6ffed;border:1px solid #b7eb8f}',
  '.next{background:#f0f5ff;border:1px solid #adc6ff}.next h2{margin-top:0}',
].join('');

// A plain mark beside the name, drawn inline so the page needs no file of its own.
const LOGO =
  '<svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true"><rect width="22" height="22" rx="5" fill="#1d5fbf"/>' +
  '<path d="M15 7.5a5 5 0 1 0 0 7" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round"/></svg>';

export function page(language: Language, title: string, body: string, selfPath: string): string {
  const other: Language = language === 'en' ? 'zh-CN' : 'en';
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} — CaseDesk</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<header class="cd-bar"><span class="cd-brand">${LOGO}CaseDesk</span>`,
    `<a href="${escapeHtml(selfPath)}?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(translate(other, 'serviceLoop.pages.languageName'))}</a></header>`,
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    body,
    '</main>',
    // A customer signed in to the portal in this browser would send the session cookie with a plain form post and be
    // refused for want of a CSRF header; the link itself is the credential here, so the form posts without cookies.
    `<script>${PUBLIC_PAGE_SCRIPT}</script>`,
    '</body></html>',
  ].join('\n');
}

/** "What happens next": the given sentences, then whom to call. */
function nextBlock(language: Language, sentences: string[], facts: PageFacts): string {
  // The number is a tap-to-call link kept on one line; the sentence around it is escaped text with a marker for it.
  const marker = '\u0000';
  const call = facts.hotline
    ? escapeHtml(t(language, 'callUs', { number: marker })).replace(
        marker,
        `<a href="tel:${escapeHtml(facts.hotline.replace(/[^\d+]/g, ''))}" style="white-space:nowrap">${escapeHtml(facts.hotline)}</a>`,
      )
    : escapeHtml(t(language, 'callUsByMail'));
  return [
    `<section class="next" data-testid="next"><h2>${escapeHtml(t(language, 'whatNext'))}</h2>`,
    ...sentences.map((sentence) => `<p>${escapeHtml(sentence)}</p>`),
    `<p>${call}</p></section>`,
  ].join('');
}

/** What was done on the case: the request, and each service item with its times in the case's time zone. */
export function workDone(language: Language, record: ServiceRecord): string {
  const when = (instant: string | null) => localMinute(instant, record.timeZone);
  const p = (key: string) => escapeHtml(translate(language, `serviceLoop.pdf.${key}`));
  const items = record.items.map((item) => {
    const start = item.arrivedAt ?? item.startedAt;
    const end = item.departedAt ?? item.endedAt;
    // A phone call logged without its times has nothing to show there, rather than a row of dashes.
    const times = start || end ? `<br><span class="cd-muted">${escapeHtml(when(start))} – ${escapeHtml(when(end))}</span>` : '';
    return (
      `<li><strong>${escapeHtml(translate(language, `serviceLoop.pdf.actionTypes.${item.type}`))}</strong> — ${escapeHtml(item.engineerName ?? item.performedByName ?? '')}` +
      `${item.site ? `, ${escapeHtml(item.site)}` : ''}${times}` +
      `<br>${escapeHtml([item.summary, item.outcome].filter(Boolean).join(' — '))}` +
      `<br><span class="cd-muted">${p('billing')}: ${escapeHtml(itemBillingText(language, item.billing))}</span></li>`
    );
  });
  return [
    `<h2>${p('request')}</h2><p><strong>${escapeHtml(record.request.number)}</strong> ${escapeHtml(record.request.title)}<br>`,
    `<span class="cd-muted">${p('receivedAt')}: <time data-testid="received-at">${escapeHtml(when(record.request.receivedAt))}</time><br>`,
    `${p('resolvedAt')}: <time data-testid="resolved-at">${escapeHtml(when(record.request.resolvedAt))}</time></span></p>`,
    `<h2>${escapeHtml(t(language, 'workDone'))}</h2>`,
    items.length > 0 ? `<ol class="cd-work">${items.join('')}</ol>` : `<p>${p('noItems')}</p>`,
    `<p class="cd-muted" data-testid="time-zone">${escapeHtml(t(language, 'timesIn', { zone: record.timeZone }))}</p>`,
  ].join('');
}

/**
 * A used, expired or forged link, or something done: one clear sentence, nothing to submit; after something done,
 * what happens next.
 */
export function messagePage(
  language: Language,
  state: string,
  selfPath: string,
  params: Record<string, unknown> = {},
  done: { next: string[]; facts: PageFacts } | null = null,
  /** The contact can sign in to the portal: the state's `bodyPortal` text, which points there (only states with one). */
  portal = false,
): string {
  const body = portal ? 'bodyPortal' : 'body';
  return page(
    language,
    t(language, `states.${state}.title`),
    `<p class="${done ? 'ok' : 'problem'}" role="status">${escapeHtml(t(language, `states.${state}.${body}`, params))}</p>` +
      (done ? nextBlock(language, done.next, done.facts) : ''),
    selfPath,
  );
}

/**
 * The survey form; for a case's survey it first says what was done (the service record, times in the case's zone),
 * and it ends with what happens to the answers.
 */
export function surveyFormPage(
  language: Language,
  selfPath: string,
  survey: { questions: SurveyQuestion[]; about: string; record: ServiceRecord | null; facts: PageFacts },
  previous: { values: Record<string, string>; problem: string | null } = { values: {}, problem: null },
): string {
  const fields = survey.questions.map((question) => {
    const required = (CORE_QUESTIONS as readonly string[]).includes(question);
    const options = [];
    for (let score = MIN_SCORE; score <= MAX_SCORE; score++) {
      const checked = previous.values[question] === String(score) ? ' checked' : '';
      options.push(
        `<label><input type="radio" name="${question}" value="${score}"${required ? ' required' : ''}${checked}> ${score}</label>`,
      );
    }
    if (!required) {
      const checked = !previous.values[question] ? ' checked' : '';
      options.push(`<label><input type="radio" name="${question}" value=""${checked}> ${escapeHtml(t(language, 'notApplicable'))}</label>`);
    }
    return `<fieldset><legend>${escapeHtml(translate(language, `serviceLoop.questions.${question}`))}</legend>${options.join('')}</fieldset>`;
  });
  const body = [
    `<p>${escapeHtml(t(language, 'surveyIntro', { about: survey.about }))}</p>`,
    survey.record ? workDone(language, survey.record) : '',
    `<h2>${escapeHtml(t(language, 'yourAnswers'))}</h2>`,
    `<p>${escapeHtml(t(language, 'scale'))}</p>`,
    previous.problem ? `<p class="problem" role="alert">${escapeHtml(previous.problem)}</p>` : '',
    `<form method="post" data-link-form action="${escapeHtml(selfPath)}?lang=${language}">`,
    ...fields,
    `<p><label for="comment">${escapeHtml(t(language, 'comment'))}</label><textarea id="comment" name="comment" rows="4" maxlength="5000">${escapeHtml(previous.values.comment ?? '')}</textarea></p>`,
    `<p><label for="respondentName">${escapeHtml(t(language, 'yourName'))}</label><input type="text" id="respondentName" name="respondentName" maxlength="200" value="${escapeHtml(previous.values.respondentName ?? '')}"></p>`,
    `<p><button type="submit">${escapeHtml(t(language, 'send'))}</button></p>`,
    '</form>',
    nextBlock(language, [t(language, 'surveyNext')], survey.facts),
  ];
  return page(language, t(language, 'surveyTitle'), body.join('\n'), selfPath);
}

/** What follows answering: thanks, what a low score sets going, and whom to call. */
export const surveyRecordedNext = (language: Language) => [t(language, 'surveyRecordedNext')];

/** What follows confirming: the desk closes the case; the survey mailed at resolution can still be answered. */
export const confirmedNext = (language: Language, portal: boolean) => [t(language, portal ? 'confirmedNextPortal' : 'confirmedNext')];

export function confirmationFormPage(language: Language, selfPath: string, record: ServiceRecord, facts: PageFacts): string {
  const p = (key: string) => escapeHtml(translate(language, `serviceLoop.pdf.${key}`));
  const body = [
    `<p>${escapeHtml(t(language, 'confirmIntro'))}</p>`,
    `<h2>${p('customer')}</h2><p>${escapeHtml(record.customer.organizationName)}${record.customer.contactName ? ` — ${escapeHtml(record.customer.contactName)}` : ''}</p>`,
    workDone(language, record),
    // What confirming does, read before the button rather than after it.
    nextBlock(language, [t(language, 'confirmNext', { number: record.request.number })], facts),
    `<form method="post" data-link-form action="${escapeHtml(selfPath)}?lang=${language}">`,
    `<p><label for="note">${escapeHtml(t(language, 'note'))}</label><textarea id="note" name="note" rows="3" maxlength="2000"></textarea></p>`,
    `<p><button type="submit">${escapeHtml(t(language, 'confirm'))}</button></p>`,
    '</form>',
  ];
  return page(language, t(language, 'confirmTitle', { number: record.request.number }), body.join('\n'), selfPath);
}

/** Picks the page language: an explicit `?lang=`, else the recipient's, else the browser's. */
export function pageLanguage(requested: unknown, recipient: string | null | undefined, browser: Language): Language {
  if (requested === 'en' || requested === 'zh-CN') return requested;
  if (recipient === 'en' || recipient === 'zh-CN') return recipient;
  return browser;
}

/** HTTP status for a link that cannot be used: forged → 404, expired → 410, used or done already → 409. */
export function linkStateStatus(state: string): number {
  if (state === 'forged') return 404;
  if (state === 'expired') return 410;
  return 409;
}
