import Button from 'antd/es/button';
import Tag from 'antd/es/tag';
import { useRef, useState, type ClipboardEvent, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CaseAttachment } from '../../api/types';
import { useAction } from '../../components/form-dialog';
import { problemText } from '../../components/problem';
import { useFormat } from '../../i18n/format';

/**
 * Files for a message being written on a case: each is uploaded as soon as it is chosen, dropped or pasted (the
 * server checks size and type then), and sent with the message by id. A refused file is named next to the field.
 * Without a case (one being logged) they are uploaded for the new case, which takes them when it is opened.
 */
export function useCaseFiles(caseId: string | null) {
  const [files, setFiles] = useState<CaseAttachment[]>([]);
  const { busy, error, run, reset } = useAction();
  const add = (chosen: readonly File[]) => {
    if (chosen.length === 0) return;
    void run(async () => {
      for (const file of chosen) {
        const stored = await api.upload<CaseAttachment>(
          caseId === null ? '/api/v1/cases/attachments' : `/api/v1/cases/${caseId}/attachments`,
          file,
        );
        setFiles((current) => [...current, stored]);
      }
    });
  };
  return {
    files,
    /** The ids to send with the message, when there are any. */
    ids: () => (files.length > 0 ? { attachmentIds: files.map((file) => file.id) } : {}),
    busy,
    error,
    add,
    remove: (id: string) => setFiles((current) => current.filter((file) => file.id !== id)),
    clear: () => {
      setFiles([]);
      reset();
    },
    /** A pasted image (a screenshot) is attached instead of being pasted as text. */
    onPaste: (event: ClipboardEvent) => {
      const images = [...event.clipboardData.files].filter((file) => file.type.startsWith('image/'));
      if (images.length === 0) return;
      event.preventDefault();
      add(images);
    },
  };
}

export type CaseFiles = ReturnType<typeof useCaseFiles>;

/** Where files can be dropped: the whole composer, with the button, the files to send and a refused file's reason. */
export function FileDropZone({ files, children, footer }: { files: CaseFiles; children: ReactNode; footer: ReactNode }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <div
      className="cd-drop-zone"
      data-dragging={dragging || undefined}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        files.add([...event.dataTransfer.files]);
      }}
    >
      {children}
      <div className="cd-file-picker">
        <input
          ref={input}
          type="file"
          multiple
          hidden
          // Inside an antd Form its stylesheet shows file inputs (`display: block` beats the hidden attribute).
          style={{ display: 'none' }}
          aria-label={t('files.chooseFiles')}
          onChange={(event) => {
            files.add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <Button size="small" loading={files.busy} onClick={() => input.current?.click()}>
          {files.busy ? t('files.uploading') : t('files.attach')}
        </Button>
        <span className="cd-muted cd-drop-hint">{dragging ? t('files.dropping') : t('files.dropHere')}</span>
      </div>
      {files.error ? (
        <div role="alert" className="cd-field-error">
          {problemText(files.error, t)}
        </div>
      ) : null}
      {files.files.length > 0 ? (
        <div className="cd-files-pending" aria-label={t('files.attached')}>
          {files.files.map((file) => (
            <Tag
              key={file.id}
              closable
              onClose={() => files.remove(file.id)}
              closeIcon={<span aria-label={t('files.remove', { name: file.fileName })}>×</span>}
            >
              {file.inline ? <img src={file.downloadUrl} alt="" className="cd-thumb-small" /> : null}
              {file.fileName}
            </Tag>
          ))}
        </div>
      ) : null}
      {footer}
    </div>
  );
}

/** The files of a timeline entry: images shown small (a click opens them), anything else a download link. */
export function AttachmentList({ attachments }: { attachments: readonly CaseAttachment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (attachments.length === 0) return null;
  return (
    <ul className="cd-files" aria-label={t('files.listTitle')}>
      {attachments.map((file) => (
        <li key={file.id} className="cd-file">
          {file.inline ? (
            <a href={file.downloadUrl} target="_blank" rel="noopener noreferrer" aria-label={t('files.open', { name: file.fileName })}>
              <img src={file.downloadUrl} alt={file.fileName} className="cd-thumb" loading="lazy" />
            </a>
          ) : null}
          <a href={file.downloadUrl} download={file.fileName}>
            {file.fileName}
          </a>
          <span className="cd-muted">{t('files.sizeKb', { size: format.number(Math.max(1, Math.round(file.sizeBytes / 1024))) })}</span>
        </li>
      ))}
    </ul>
  );
}
