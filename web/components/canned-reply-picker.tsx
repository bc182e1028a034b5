import App from 'antd/es/app';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillCannedReply, useCannedReplies } from '../api/canned-replies';
import type { Language } from '../api/types';
import { problemText } from './problem';

/**
 * "Insert canned reply" on a case's reply or note: search as you type (the case department's replies first), pick
 * one, and the server's filled text for this case goes to `onInsert`. The language is the contact's unless the
 * writer (or `language`) names one; a placeholder the case has no value for is left visible and named in a warning.
 */
export function CannedReplyPicker({
  caseId,
  language,
  onInsert,
}: {
  caseId: string;
  language?: Language;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [chosenLanguage, setChosenLanguage] = useState<Language | 'contact'>(language ?? 'contact');
  const [busy, setBusy] = useState(false);
  // Nothing is read until the writer opens the picker: most replies are written without one.
  const replies = useCannedReplies({ caseId, q: search }, open || search !== '');

  const insert = async (replyId: string) => {
    setBusy(true);
    try {
      const filled = await fillCannedReply(caseId, replyId, chosenLanguage === 'contact' ? undefined : chosenLanguage);
      onInsert(filled.text);
      if (filled.missing.length > 0)
        void message.warning(t('cannedReplies.missing', { placeholders: filled.missing.map((name) => `{{${name}}}`).join(', ') }));
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
      setSearch('');
    }
  };

  return (
    // Wraps below the other pickers on a phone rather than widening the page.
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8, marginBottom: 8, marginInlineStart: 8, maxWidth: 'calc(100% - 8px)' }}>
      <Select
        showSearch
        aria-label={t('cannedReplies.insert')}
        placeholder={t('cannedReplies.insert')}
        filterOption={false}
        searchValue={search}
        onSearch={setSearch}
        onOpenChange={setOpen}
        onChange={(id: string) => void insert(id)}
        value={null}
        loading={busy || replies.isFetching}
        options={(replies.data?.items ?? []).map((reply) => ({
          value: reply.id,
          label: reply.title,
          title: reply.scope.kind === 'personal' ? t('cannedReplies.personalTag') : (reply.departmentName ?? ''),
        }))}
        optionRender={(option) => (
          <span>
            {option.data.label} <span style={{ color: 'var(--ant-color-text-secondary, #8c8c8c)', fontSize: 12 }}>{option.data.title}</span>
          </span>
        )}
        notFoundContent={t('cannedReplies.none')}
        style={{ width: 240, maxWidth: '100%' }}
      />
      <Select<Language | 'contact'>
        aria-label={t('cannedReplies.language')}
        value={chosenLanguage}
        onChange={setChosenLanguage}
        popupMatchSelectWidth={false}
        options={[
          { value: 'contact', label: t('cannedReplies.contactLanguage') },
          { value: 'en', label: t('language.en') },
          { value: 'zh-CN', label: t('language.zh-CN') },
        ]}
      />
    </span>
  );
}
