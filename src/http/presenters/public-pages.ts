import type { Language } from '../../domain/access/roles.js';
import { localMinute } from '../../domain/calendar/local-time.js';
import { CORE_QUESTIONS, MAX_SCORE, MIN_SCORE, type SurveyQuestion } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import { escapeHtml } from '../../mail/templates/render-mail.js';
import type { ServiceRecord } from '../../services/service-records/view-service-record.js';
import { itemBillingText } from '../../services/service-records/item-billing-text.js';

/**
 * The two pages a customer reaches from an e-mail without signing in — the survey form and the service-record
 * confirmation — as small server-rendered HTML in English or Simplified Chinese. Every value is escaped; the pages
 * work on a phone and without JavaScript.
 */
const t = (language: Language, key: string, params: Record<string, unknown> = {}) =>
  translate(language, `serviceLoop.pages.${key}`, params);

/** The pages' one script, fixed text: the Content-Security-Policy allows it by its hash. */
export const PUBLIC_PAGE_SCRIPT =
  'document.querySelectorAll("form[data-link-form]").forEach(function(f){f.addEventListener("submit",function(e){' +
  'e.preventDefault();fetch(f.action,{method:"POST",credentials:"omit",headers:{"content-type":"application/x-www-form-urlencoded"},' +
  'body:new URLSearchParams(new FormData(f))}).then(function(r){return r.text()}).then(function(h){document.open();document.write(h);' +
  'document.close()}).catch(function(){f.submit()})})})';

export function page(language: Language, title: string, body: string, selfPath: string): string {
  const other: Language = language === 'en' ? 'zh-CN' : 'en';
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} — CaseDesk</title>`,
    '<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5}',
    'fieldset{border:1px solid #ccc;margin:0 0 1rem;padding:.5rem 1rem}legend{font-weight:600}label{margin-right:.8rem;display:inline-block}',
    'textarea,input[type=text]{width:100%;box-sizing:border-box}button{font-size:1.1rem;padding:.5rem 1.5rem}',
    '.problem{background:#fdecea;border:1px solid #e57373;padding:.5rem 1rem}.ok{background:#e8f5e9;border:1px solid #81c784;padding:.5rem 1rem}</style>',
    '</head><body>',
    `<p style="text-align:right"><a href="${escapeHtml(selfPath)}?lang=${other}">${escapeHtml(translate(other, 'serviceLoop.pages.languageName'))}</a></p>`,
    `<h1>${escapeHtml(title)}</h1>`,
    body,
    // A customer signed in to the portal in this browser would send the session cookie with a plain form post and be
    // refused for want of a CSRF header; the link itself is the credential here, so the form posts without cookies.
    `<script>${PUBLIC_PAGE_SCRIPT}</script>`,
    '</body></html>',
  ].join('\n');
}

/** A used, expired or forged link, or something already done: one clear sentence, nothing to submit. */
export function messagePage(language: Language, state: string, selfPath: string, params: Record<string, unknown> = {}, ok = false): string {
  return page(
    language,
    t(language, `states.${state}.title`),
    `<p class="${ok ? 'ok' : 'problem'}">${escapeHtml(t(language, `states.${state}.body`, params))}</p>`,
    selfPath,
  );
}

export function surveyFormPage(
  language: Language,
  selfPath: string,
  survey: { questions: SurveyQuestion[]; about: string },
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
    `<p>${escapeHtml(t(language, 'scale'))}</p>`,
    previous.problem ? `<p class="problem" role="alert">${escapeHtml(previous.problem)}</p>` : '',
    `<form method="post" data-link-form action="${escapeHtml(selfPath)}?lang=${language}">`,
    ...fields,
    `<p><label for="comment">${escapeHtml(t(language, 'comment'))}</label><textarea id="comment" name="comment" rows="4" maxlength="5000">${escapeHtml(previous.values.comment ?? '')}</textarea></p>`,
    `<p><label for="respondentName">${escapeHtml(t(language, 'yourName'))}</label><input type="text" id="respondentName" name="respondentName" maxlength="200" value="${escapeHtml(previous.values.respondentName ?? '')}"></p>`,
    `<p><button type="submit">${escapeHtml(t(language, 'send'))}</button></p>`,
    '</form>',
  ];
  return page(language, t(language, 'surveyTitle'), body.join('\n'), selfPath);
}

export function confirmationFormPage(language: Language, selfPath: string, record: ServiceRecord): string {
  const when = (instant: string | null) => localMinute(instant, record.timeZone);
  const p = (key: string) => escapeHtml(translate(language, `serviceLoop.pdf.${key}`));
  const items = record.items.map(
    (item) =>
      `<li><strong>${escapeHtml(translate(language, `serviceLoop.pdf.actionTypes.${item.type}`))}</strong> — ${escapeHtml(item.engineerName ?? item.performedByName ?? '')}` +
      `${item.site ? `, ${escapeHtml(item.site)}` : ''}<br>${escapeHtml(when(item.arrivedAt ?? item.startedAt))} – ${escapeHtml(when(item.departedAt ?? item.endedAt))}<br>${escapeHtml(item.summary)}` +
      `<br>${p('billing')}: ${escapeHtml(itemBillingText(language, item.billing))}</li>`,
  );
  const body = [
    `<p>${escapeHtml(t(language, 'confirmIntro'))}</p>`,
    `<h2>${p('customer')}</h2><p>${escapeHtml(record.customer.organizationName)}${record.customer.contactName ? ` — ${escapeHtml(record.customer.contactName)}` : ''}</p>`,
    `<h2>${p('request')}</h2><p><strong>${escapeHtml(record.request.number)}</strong> ${escapeHtml(record.request.title)}<br>${p('receivedAt')}: ${escapeHtml(when(record.request.receivedAt))}<br>${p('resolvedAt')}: ${escapeHtml(when(record.request.resolvedAt))}</p>`,
    `<h2>${p('items')}</h2>`,
    items.length > 0 ? `<ol>${items.join('')}</ol>` : `<p>${p('noItems')}</p>`,
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
