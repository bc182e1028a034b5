import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Radio from 'antd/es/radio';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  enterSurveyAnswers,
  STAFF_ENTRY_CHANNELS,
  type StaffEntryChannel,
  type Survey,
  type SurveyAnswersInput,
  type SurveyQuestion,
} from '../../api/service-loop';
import { useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { useServiceLoopSaved } from '../../components/service-loop-saved';

type EntryValues = { channel: StaffEntryChannel; respondentName: string; comment: string } & Partial<Record<SurveyQuestion, number>>;

/** Staff type in the answers a customer gave by phone, mail, interview, fax or e-mail (the channel is recorded). */
export function SurveyEntryButton({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('service.surveys.enter')}
      </Button>
      {open ? (
        <Modal
          open
          title={`${t('service.surveys.enterTitle')} · ${survey.organizationName}${survey.caseNumber ? ` · ${survey.caseNumber}` : ''}`}
          onCancel={() => setOpen(false)}
          footer={null}
          destroyOnHidden
        >
          <SurveyAnswerForm
            survey={survey}
            staff
            submitText={t('service.surveys.save')}
            savedText={t('service.surveys.saved')}
            send={(input) => enterSurveyAnswers(survey.id, input)}
            onSaved={() => setOpen(false)}
          />
        </Modal>
      ) : null}
    </>
  );
}

/**
 * The survey's questions as 1–5 choices with a comment: staff entering answers pick the channel they came by and name
 * the respondent; the customer in the portal answers for themselves.
 */
export function SurveyAnswerForm({
  survey,
  staff,
  submitText,
  savedText,
  send,
  onSaved,
}: {
  survey: Survey;
  staff: boolean;
  submitText: string;
  savedText: string;
  send: (input: SurveyAnswersInput) => Promise<unknown>;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const saved = useServiceLoopSaved();
  const [form] = Form.useForm<EntryValues>();
  // A problem about one score names it as `scores.<question>`: shown next to that question.
  const { busy, general, save } = useFormSave(
    form,
    Object.fromEntries(survey.questions.map((question) => [`scores.${question}`, question])),
  );

  const submit = (values: EntryValues) => {
    const scores: Partial<Record<SurveyQuestion, number>> = {};
    for (const question of survey.questions) if (values[question] !== undefined) scores[question] = values[question];
    return save(async () => {
      await send({
        ...(staff ? { channel: values.channel } : {}),
        scores,
        comment: values.comment?.trim() || null,
        respondentName: values.respondentName?.trim() || null,
      });
      await saved(savedText);
      onSaved?.();
    });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ channel: 'phone', respondentName: '', comment: '' }}
      onFinish={(values) => void submit(values)}
    >
      <ProblemAlert message={general} />
      {staff ? (
        <Form.Item name="channel" label={t('service.surveys.channel')}>
          <Select options={STAFF_ENTRY_CHANNELS.map((channel) => ({ value: channel, label: t(`service.channel.${channel}`) }))} />
        </Form.Item>
      ) : null}
      {staff ? (
        <Form.Item name="respondentName" label={t('service.surveys.respondent')}>
          <Input />
        </Form.Item>
      ) : null}
      {survey.questions.map((question) => (
        <Form.Item
          key={question}
          name={question}
          label={t(`service.question.${question}`)}
          rules={[{ required: true, message: t('service.surveys.scoreRequired') }]}
        >
          <Radio.Group
            aria-label={t(`service.question.${question}`)}
            optionType="button"
            options={[1, 2, 3, 4, 5].map((score) => ({ value: score, label: String(score) }))}
          />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('service.surveys.comment')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}
