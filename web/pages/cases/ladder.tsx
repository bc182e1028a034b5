import App from 'antd/es/app';
import Card from 'antd/es/card';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AcknowledgeOnBehalfDialog, StepAcknowledgement } from './step-acknowledgement';
import { caseKeys, useLadder } from '../../api/cases';
import { api } from '../../api/client';
import type { CaseDetail, LadderStep } from '../../api/types';
import { useNow } from '../../components/case-bits';
import { useAction } from '../../components/form-dialog';
import { problemText, ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';

function clock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The upgrading-report ladder of the case's level: fired steps and who was told, the next with a live countdown, later ones. */
export function EscalationLadder({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const queryClient = useQueryClient();
  const ladder = useLadder(detail.id, true);
  const [onBehalf, setOnBehalf] = useState<LadderStep | null>(null);
  const now = useNow(1000);
  const steps = [...(ladder.data ?? [])].sort((a, b) => a.afterHours - b.afterHours || a.position.localeCompare(b.position));
  const stopped = detail.resolvedAt !== null;
  const nextStep = stopped ? undefined : steps.find((step) => step.status === 'pending');

  const acknowledge = (step: LadderStep) =>
    run(async () => {
      await api.post(`/api/v1/cases/${detail.id}/escalations/${step.id}/acknowledgement`);
      await queryClient.invalidateQueries({ queryKey: caseKeys.ladder(detail.id) });
      await queryClient.invalidateQueries({ queryKey: caseKeys.timeline(detail.id) });
    });

  const stateOf = (step: LadderStep) => (step.status === 'fired' ? 'fired' : step === nextStep ? 'next' : 'later');

  return (
    <Card title={t('ladder.title')} size="small" className="cd-card">
      <ProblemAlert error={ladder.error} />
      {nextStep?.dueAt ? (
        <div className="cd-countdown" role="timer" aria-live="off">
          <span>{Date.parse(nextStep.dueAt) >= now ? t('ladder.countdown') : t('ladder.overdueCountdown')}</span>
          <strong>{clock(Date.parse(nextStep.dueAt) - now)}</strong>
        </div>
      ) : null}
      {stopped ? <p className="cd-muted">{t('ladder.stopped')}</p> : null}
      {steps.length === 0 && !ladder.isPending ? <p className="cd-muted">{t('ladder.empty')}</p> : null}
      <ol className="cd-ladder">
        {steps.map((step) => {
          const state = stateOf(step);
          const names = step.recipients.map((recipient) => recipient.name).join(', ');
          return (
            <li key={step.id} data-state={state} data-position={step.position}>
              <div className="cd-ladder-head">
                <strong>{t(`escalationPosition.${step.position}`)}</strong>
                {step.vendorReport ? <span className="cd-muted"> {t('ladder.vendorReport')}</span> : null}
                <span className="cd-muted"> · {t('ladder.afterHours', { hours: format.number(step.afterHours) })}</span>
                {state === 'next' ? <span className="cd-ladder-next">{t('ladder.next')}</span> : null}
              </div>
              {step.firedAt ? (
                <div>{t('ladder.fired', { time: format.dateTime(step.firedAt) })}</div>
              ) : step.dueAt ? (
                <div>{t('ladder.due', { time: format.dateTime(step.dueAt) })}</div>
              ) : null}
              {step.unfilled ? (
                <div className="cd-danger">{t('ladder.nobody')}</div>
              ) : step.status === 'fired' ? (
                <div>{t('ladder.toldWho', { names })}</div>
              ) : null}
              <StepAcknowledgement step={step} acknowledge={() => void acknowledge(step)} onBehalf={() => setOnBehalf(step)} />
            </li>
          );
        })}
      </ol>
      {onBehalf ? <AcknowledgeOnBehalfDialog caseId={detail.id} step={onBehalf} onClose={() => setOnBehalf(null)} /> : null}
    </Card>
  );
}
