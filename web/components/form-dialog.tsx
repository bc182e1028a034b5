import { useMutation } from '@tanstack/react-query';
import App from 'antd/es/app';
import Form, { type FormInstance } from 'antd/es/form';
import Modal from 'antd/es/modal';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, showProblemOnForm } from './problem';

/** The server's word on a field stands until the field is changed: a corrected value shows no stale error. */
export function clearServerErrors<T extends object>(form: FormInstance<T>, changed: Partial<T>): void {
  form.setFields(Object.keys(changed).map((name) => ({ name: name as never, errors: [] })));
}

/**
 * One change against the API, the web app's one mutation pattern: `busy` while it runs, the failure kept as `error`
 * (for a `ProblemAlert`, or handed to `onError`) until the next run. `run` never throws, so a click handler needs no try/catch of its own;
 * it resolves to whether the change succeeded.
 */
export function useAction(options: { onError?: (error: unknown) => void } = {}) {
  const mutation = useMutation<unknown, unknown, () => Promise<unknown>>({
    mutationFn: (action) => action(),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await mutation.mutateAsync(action);
      return true;
    } catch {
      return false;
    }
  };
  return { busy: mutation.isPending, error: mutation.error, run, reset: mutation.reset };
}

/**
 * Saving a form against the API (`useAction`): `busy` while it runs, and a problem put at the fields it names
 * (`aliases` maps an API field such as `supportCenter.phone` to the form's field), the rest shown above the form as
 * `general`.
 */
export function useFormSave<T extends object>(form: FormInstance<T>, aliases: Record<string, string> = {}) {
  const { t } = useTranslation();
  const [general, setGeneral] = useState<string | null>(null);
  const mutation = useMutation<void, unknown, () => Promise<void>>({
    mutationFn: (action) => action(),
    onMutate: () => setGeneral(null),
    onError: (error) => setGeneral(showProblemOnForm(form, error, t, aliases)),
  });
  const save = async (action: () => Promise<void>): Promise<void> => {
    await mutation.mutateAsync(action).catch(() => undefined);
  };
  return { busy: mutation.isPending, general, save };
}

interface FormModalProps<T extends object> {
  form: FormInstance<T>;
  title: string;
  okText: string;
  busy: boolean;
  general: string | null;
  initialValues: Partial<T>;
  onFinish: (values: T) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A form in a dialog: its problem above the fields, OK submits it (so does Enter), Cancel, Esc or a click beside it
 * close it at once. `FormDialog` is the same dialog that asks before throwing typed changes away.
 */
export function FormModal<T extends object>({
  form,
  title,
  okText,
  busy,
  general,
  initialValues,
  onFinish,
  onClose,
  onValuesChange,
  children,
}: FormModalProps<T> & { onValuesChange?: (changed: Partial<T>) => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert message={general} />
      <Form<T>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={onValuesChange}
        initialValues={initialValues}
      >
        {children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/**
 * A form in a dialog that does not lose what was typed by a misclick: closing it (Cancel, Esc, a click beside it)
 * with changes asks first, and leaving the page or closing the tab asks the browser's question.
 */
export function FormDialog<T extends object>(props: FormModalProps<T>) {
  const { form, onClose } = props;
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (!dirty) return undefined;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  const close = () => {
    if (!dirty) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('form.unsavedTitle'),
      content: t('form.unsavedBody'),
      okText: t('form.discard'),
      cancelText: t('form.keepEditing'),
      okButtonProps: { danger: true },
      onOk: onClose,
    });
  };

  return (
    <FormModal
      {...props}
      onClose={close}
      onValuesChange={(changed) => {
        setDirty(true);
        clearServerErrors(form, changed);
      }}
    />
  );
}
