import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import InputNumber from 'antd/es/input-number';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import { useTranslation } from 'react-i18next';
import { RECURRENCE_LIMITS, saveRecurrenceRules, useRecurrenceRules, type RecurrenceRule } from '../../api/problem-proposals';
import { useSession } from '../../api/session';
import { useFormSave } from '../../components/form-dialog';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { useRequired } from '../../components/form-fields';

type RuleFields = Record<string, boolean | number>;

const field = (rule: Pick<RecurrenceRule, 'id'>, part: 'enabled' | 'threshold' | 'windowDays') => `${rule.id}-${part}`;

/**
 * The rules of the recurrence detection: per rule on or off, how many fault cases and within how many days. Admins
 * change them (the detection's next run applies them); other staff read them.
 */
export default function RecurrenceRulesPage() {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const rules = useRecurrenceRules();
  const [form] = Form.useForm<RuleFields>();
  const current = rules.data?.rules ?? [];
  // The API names a field by its place in the list sent (`rules.0.threshold`); the form by rule and part.
  const aliases = Object.fromEntries(
    current.flatMap((rule, index) =>
      (['enabled', 'threshold', 'windowDays'] as const).map((part) => [`rules.${index}.${part}`, field(rule, part)]),
    ),
  );
  const { busy, general, save } = useFormSave(form, aliases);
  const editable = can('settings.manage');
  if (rules.isPending) return <PageLoading />;
  if (!rules.data) return <ProblemAlert error={rules.error} />;
  const finish = (values: RuleFields) =>
    save(async () => {
      await saveRecurrenceRules(
        queryClient,
        current.map((rule) => ({
          id: rule.id,
          enabled: Boolean(values[field(rule, 'enabled')]),
          threshold: Number(values[field(rule, 'threshold')]),
          windowDays: Number(values[field(rule, 'windowDays')]),
        })),
      );
      void message.success(t('problemProposals.rules.saved'));
    });
  const initialValues = Object.fromEntries(
    current.flatMap((rule) => [
      [field(rule, 'enabled'), rule.enabled],
      [field(rule, 'threshold'), rule.threshold],
      [field(rule, 'windowDays'), rule.windowDays],
    ]),
  );
  return (
    <Card size="small" className="cd-card" title={t('problemProposals.rules.title')}>
      <p style={{ marginTop: 0 }}>{t('problemProposals.rules.help')}</p>
      <ProblemAlert message={general} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues}
        disabled={!editable}
        onFinish={(values) => void finish(values)}
      >
        {current.map((rule) => (
          <fieldset key={rule.id} data-testid={`recurrence-rule-${rule.id}`} style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
            <legend style={{ fontWeight: 600, fontSize: 14, marginBottom: 4 }}>{t(`problemProposals.ruleNames.${rule.id}`)}</legend>
            <Space wrap align="end">
              <Form.Item name={field(rule, 'enabled')} label={t('problemProposals.rules.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item
                name={field(rule, 'threshold')}
                label={t('problemProposals.rules.threshold')}
                rules={required(t('problemProposals.rules.threshold'), { text: false })}
              >
                <InputNumber min={RECURRENCE_LIMITS.threshold.min} max={RECURRENCE_LIMITS.threshold.max} precision={0} />
              </Form.Item>
              <Form.Item
                name={field(rule, 'windowDays')}
                label={t('problemProposals.rules.windowDays')}
                rules={required(t('problemProposals.rules.windowDays'), { text: false })}
              >
                <InputNumber min={RECURRENCE_LIMITS.windowDays.min} max={RECURRENCE_LIMITS.windowDays.max} precision={0} />
              </Form.Item>
            </Space>
          </fieldset>
        ))}
        {editable ? (
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        ) : (
          <p className="cd-muted">{t('problemProposals.rules.adminOnly')}</p>
        )}
      </Form>
    </Card>
  );
}
