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
 * Saving a form against the API: `busy` while it runs, and a problem put at the fields it names (`aliases` maps an
 * API field such as `supportCenter.phone` to the form's field), the rest shown above the form as `general`.
 */
export function useFormSave<T extends object>(form: FormInstance<T>, aliases: Record<string, string> = {}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const save = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setGeneral(null);
    try {
      await action();
    } catch (error) {
      setGeneral(showProblemOnForm(form, error, t, aliases));
    } finally {
      setBusy(false);
    }
  };
  return { busy, general, save };
}

/**
 * A form in a dialog that does not lose what was typed by a misclick: closing it (Cancel, Esc, a click beside it)
 * with changes asks first, and leaving the page or closing the tab asks the browser's question.
 */
export function FormDialog<T extends object>({
  form,
  title,
  okText,
  busy,
  general,
  initialValues,
  onFinish,
  onClose,
  children,
}: {
  form: FormInstance<T>;
  title: string;
  okText: string;
  busy: boolean;
  general: string | null;
  initialValues: Partial<T>;
  onFinish: (values: T) => void;
  onClose: () => void;
  children: ReactNode;
}) {
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
    <Modal
      open
      title={title}
      onCancel={close}
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
        onValuesChange={(changed: Partial<T>) => {
          setDirty(true);
          clearServerErrors(form, changed);
        }}
        initialValues={initialValues}
      >
        {children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
