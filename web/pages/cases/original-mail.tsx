import { useQuery } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Modal from 'antd/es/modal';
import Segmented from 'antd/es/segmented';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CaseMail } from '../../api/types';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';

/** "Show original mail" on a message that came by mail; offered only when the server sent the mail's id for this reader. */
export function OriginalMailButton({ caseId, mailId }: { caseId: string; mailId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" className="cd-original-mail" onClick={() => setOpen(true)}>
        {t('originalMail.show')}
      </Button>
      {open ? <OriginalMailDialog caseId={caseId} mailId={mailId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/**
 * The mail as it came: its headers, the whole text (quoted history and signature included, which the conversation
 * trims), the HTML as the server sanitised it, and the files it carried.
 */
function OriginalMailDialog({ caseId, mailId, onClose }: { caseId: string; mailId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [view, setView] = useState<'text' | 'html'>('text');
  const mail = useQuery({
    queryKey: ['case', caseId, 'mail', mailId],
    queryFn: () => api.get<CaseMail>(`/api/v1/cases/${caseId}/mails/${mailId}`),
  });
  const data = mail.data;
  const size = (bytes: number) =>
    bytes >= 1024 * 1024
      ? t('files.sizeMb', { size: Math.round((bytes / 1024 / 1024) * 10) / 10 })
      : t('files.sizeKb', { size: Math.max(1, Math.round(bytes / 1024)) });
  return (
    <Modal
      open
      title={t('originalMail.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      width={760}
      destroyOnHidden
    >
      <ProblemAlert error={mail.error} />
      {mail.isPending ? <PageLoading /> : null}
      {data ? (
        <div data-testid="original-mail">
          {data.erasedAt ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="original-mail-erased"
              title={t('originalMail.erased', { time: format.dateTime(data.erasedAt) })}
            />
          ) : null}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('originalMail.from')}>
              {data.fromName ? `${data.fromName} <${data.from}>` : data.from}
            </Descriptions.Item>
            <Descriptions.Item label={t('originalMail.to')}>{data.to ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('originalMail.date')}>
              {data.date ?? format.dateTime(data.receivedAt)}
              <span className="cd-muted"> · {t('originalMail.received', { time: format.dateTime(data.receivedAt) })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('originalMail.subject')}>{data.subject || t('inboundMail.noSubject')}</Descriptions.Item>
          </Descriptions>
          {data.html ? (
            <Segmented
              style={{ marginTop: 12 }}
              value={view}
              onChange={(value) => setView(value === 'html' ? 'html' : 'text')}
              options={[
                { value: 'text', label: t('originalMail.asText') },
                { value: 'html', label: t('originalMail.asHtml') },
              ]}
            />
          ) : null}
          {view === 'html' && data.html ? (
            // Sanitised on the server when it came in; the empty sandbox keeps it from running or reaching anything anyway.
            <iframe
              title={t('originalMail.asHtml')}
              sandbox=""
              srcDoc={data.html}
              className="cd-original-mail-html"
              data-testid="original-mail-html"
            />
          ) : (
            // Plain text, never HTML: whatever the sender typed is shown exactly as typed.
            <div className="cd-text cd-original-mail-text" data-testid="original-mail-text">
              {data.text}
            </div>
          )}
          <h4 style={{ marginTop: 12 }}>{t('originalMail.attachments')}</h4>
          {data.attachments.length === 0 ? (
            <p className="cd-muted">{t('common.none')}</p>
          ) : (
            <ul data-testid="original-mail-files">
              {data.attachments.map((file, index) => (
                <li key={`${index}-${file.fileName}`}>
                  {file.fileName} <span className="cd-muted">({size(file.sizeBytes)})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </Modal>
  );
}
