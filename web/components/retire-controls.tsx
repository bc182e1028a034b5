import App from 'antd/es/app';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Popconfirm from 'antd/es/popconfirm';
import Tag from 'antd/es/tag';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from './form-dialog';
import { ProblemAlert } from './problem';

/**
 * Lists leave retired records out unless asked: `toggle` is the "show retired" checkbox (its label names what the
 * list calls them: retired vendors, closed projects, ended contracts), `visible` keeps what is to be shown.
 */
export function useRetiredFilter<T>(isRetired: (row: T) => boolean, label: string) {
  const [show, setShow] = useState(false);
  return {
    /** Whether retired rows are shown (an export asks for them too). */
    showing: show,
    toggle: (
      <Checkbox checked={show} onChange={(event) => setShow(event.target.checked)}>
        {label}
      </Checkbox>
    ),
    visible: (rows: T[] | undefined) => (rows === undefined || show ? rows : rows.filter((row) => !isRetired(row))),
  };
}

/** The mark of a retired record in a list or on its page. */
export function RetiredTag({ children }: { children: ReactNode }) {
  return <Tag color="default">{children}</Tag>;
}

/**
 * One confirmed change of a record's standing (retire, reactivate, cancel): a button that asks first, runs the
 * change, says it is done, and shows the server's refusal beside it.
 */
export function ConfirmedAction({
  label,
  question,
  description,
  done,
  danger = false,
  ariaLabel,
  onConfirm,
}: {
  label: string;
  question: string;
  description?: ReactNode;
  done: string;
  danger?: boolean;
  ariaLabel?: string;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const confirm = () =>
    action.run(async () => {
      await onConfirm();
      void message.success(done);
    });
  return (
    <>
      <Popconfirm
        title={question}
        description={description}
        okText={label}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger, loading: action.busy }}
        onConfirm={confirm}
      >
        <Button size="small" danger={danger} loading={action.busy} aria-label={ariaLabel}>
          {label}
        </Button>
      </Popconfirm>
      {action.error ? <ProblemAlert error={action.error} /> : null}
    </>
  );
}
