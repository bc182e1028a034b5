import Form from 'antd/es/form';
import type { Rule } from 'antd/es/form';
import Input from 'antd/es/input';
import { useTranslation } from 'react-i18next';

/**
 * The rule "this field must be filled", its message naming the field. A text field also refuses only spaces; pass
 * `{ text: false }` where spaces are a real value (a password) or the value is no text (a select).
 */
export function useRequired() {
  const { t } = useTranslation();
  return (field: string, { text = true }: { text?: boolean } = {}): Rule[] => {
    const message = t('form.required', { field });
    return [text ? { required: true, whitespace: true, message } : { required: true, message }];
  };
}

/** A required e-mail address, checked as one; the browser may fill it in as the account's user name. */
export function EmailItem({ name = 'email', label, autoFocus = false }: { name?: string; label: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const required = useRequired();
  return (
    <Form.Item name={name} label={label} rules={[...required(label, { text: false }), { type: 'email', message: t('form.invalidEmail') }]}>
      <Input type="email" autoComplete="username" autoFocus={autoFocus} />
    </Form.Item>
  );
}

/** A required password; `minLength` repeats the server's rule so a short one is refused before sending. */
export function PasswordItem({
  name,
  label,
  autoComplete,
  autoFocus = false,
  minLength,
}: {
  name: string;
  label: string;
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
  minLength?: number;
}) {
  const { t } = useTranslation();
  const required = useRequired();
  const rules: Rule[] = [
    ...required(label, { text: false }),
    ...(minLength === undefined ? [] : [{ min: minLength, message: t('form.passwordTooShort', { min: minLength }) }]),
  ];
  return (
    <Form.Item name={name} label={label} rules={rules}>
      <Input.Password autoComplete={autoComplete} autoFocus={autoFocus} />
    </Form.Item>
  );
}

/** The new password typed again (`confirmPassword`), refused unless it equals the field named by `of`. */
export function ConfirmPasswordItem({ label, of }: { label: string; of: string }) {
  const { t } = useTranslation();
  const required = useRequired();
  return (
    <Form.Item
      name="confirmPassword"
      label={label}
      dependencies={[of]}
      rules={[
        ...required(label, { text: false }),
        ({ getFieldValue }) => ({
          validator: (_rule, value: string | undefined) =>
            !value || getFieldValue(of) === value ? Promise.resolve() : Promise.reject(new Error(t('form.passwordsDiffer'))),
        }),
      ]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}

/** A local date and time (`datetime-local`); `fromLocalInput` turns its value into the API's instant. */
export function DateTimeItem({ name, label, extra, rules }: { name: string; label: string; extra?: string; rules?: Rule[] }) {
  return (
    <Form.Item name={name} label={label} extra={extra} rules={rules}>
      <Input type="datetime-local" />
    </Form.Item>
  );
}

/** A required calendar day (`date`, sent as YYYY-MM-DD); `max` is the last day the field accepts. */
export function RequiredDateItem({ name, label, max }: { name: string; label: string; max?: string }) {
  const required = useRequired();
  return (
    <Form.Item name={name} label={label} rules={required(label)}>
      <Input type="date" max={max} />
    </Form.Item>
  );
}
