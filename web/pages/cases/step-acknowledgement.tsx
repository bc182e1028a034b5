import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseKeys } from '../../api/cases';
import { api } from '../../api/client';
import type { LadderStep } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useFormat } from '../../i18n/format';
import { useRequired } from '../../components/form-fields';

/**
 * Who acknowledged a fired step and when (and why, when an admin did it for the people told), or the button the
 * server offers: a recipient acknowledges at once, an admin is asked for a reason first. A step that told nobody
 * offers none.
 */
export function StepAcknowledgement({ step, acknowledge, onBehalf }: { step: LadderStep; acknowledge: () => void; onBehalf: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (step.acknowledgedAt)
    return (
      <div className="cd-muted" data-testid="step-acknowledged">
        {step.acknowledgedByName
          ? t('notify.ladder.acknowledgedBy', { name: step.acknowledgedByName, time: format.dateTime(step.acknowledgedAt) })
          : t('ladder.acknowledged', { time: format.dateTime(step.acknowledgedAt) })}
        {step.acknowledgedReason ? <div>{t('notify.ladder.onBehalf', { reason: step.acknowledgedReason })}</div> : null}
      </div>
    );
  if (!step.can.acknowledge) return null;
  return step.can.acknowledgeNeedsReason ? (
    <Button size="small" onClick={onBehalf} style={{ marginTop: 4 }}>
      {t('notify.ladder.acknowledgeFor')}
    </Button>
  ) : (
    <Button size="small" onClick={acknowledge} style={{ marginTop: 4 }}>
      {t('ladder.acknowledge')}
    </Button>
  );
}

/** Named apart from the level-change dialog's `reason` on the same page, so each label finds its own field. */
interface ReasonFields {
  acknowledgeReason: string;
}

/** An admin acknowledges a step for the people it told; the reason is recorded on the ladder and the timeline. */
export function AcknowledgeOnBehalfDialog({ caseId, step, onClose }: { caseId: string; step: LadderStep; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReasonFields>();
  const { busy, general, save } = useFormSave(form, { reason: 'acknowledgeReason' });
  const submit = (values: ReasonFields) =>
    save(async () => {
      await api.post(`/api/v1/cases/${caseId}/escalations/${step.id}/acknowledgement`, { reason: values.acknowledgeReason });
      await queryClient.invalidateQueries({ queryKey: caseKeys.ladder(caseId) });
      await queryClient.invalidateQueries({ queryKey: caseKeys.timeline(caseId) });
      onClose();
    });
  return (
    <FormDialog<ReasonFields>
      form={form}
      title={t('notify.ladder.reasonTitle', { names: step.recipients.map((recipient) => recipient.name).join(', ') })}
      okText={t('ladder.acknowledge')}
      busy={busy}
      general={general}
      initialValues={{}}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item
        name="acknowledgeReason"
        label={t('notify.ladder.reason')}
        extra={t('notify.ladder.reasonHelp')}
        rules={required(t('notify.ladder.reason'))}
      >
        <Input.TextArea autoFocus rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
