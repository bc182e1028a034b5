import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form, { type FormInstance } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { caseKeys } from '../../api/cases';
import { api } from '../../api/client';
import { useSimilarToDraft, type SimilarCase } from '../../api/similar-cases';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { SimilarCaseList } from '../../components/similar-cases';

interface IntakeDraftFields {
  contactId?: string | null;
  title: string;
  description: string;
  serialNumbers: string[];
}

/**
 * Hotline intake: similar cases of the customer's product, model, site and words while the secretary types, before
 * the case is saved, open ones first. A call about a case still open becomes a note on that case (through the notes
 * API, internal when the secretary may write internal notes) and the intake form is left for that case (`onSaved`
 * first, so the form's unsaved-changes guard lets it go).
 */
export function IntakeSimilarCases<T extends IntakeDraftFields>({
  organizationId,
  form,
  contacts,
  onSaved,
}: {
  organizationId: string | null;
  form: FormInstance<T>;
  contacts: readonly { id: string; name: string }[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { busy, error, run } = useAction();
  const title = Form.useWatch<string | undefined>('title', form) ?? '';
  const description = Form.useWatch<string | undefined>('description', form) ?? '';
  const serials = Form.useWatch<string[] | undefined>('serialNumbers', form) ?? [];
  const contactId = Form.useWatch<string | null | undefined>('contactId', form) ?? null;
  const similar = useSimilarToDraft(
    {
      organizationId: organizationId ?? undefined,
      serialNumbers: serials,
      title,
      description,
    },
    organizationId !== null,
  );
  if (organizationId === null || !similar.data) return null;
  const items = similar.data.items;

  const addAsNote = (item: SimilarCase) =>
    run(async () => {
      const caller = contacts.find((contact) => contact.id === contactId)?.name;
      const body = [
        t('similar.callNote', { title: title.trim() || item.title }),
        caller ? t('similar.callNoteCaller', { name: caller }) : null,
        description.trim() || null,
      ]
        .filter(Boolean)
        .join('\n');
      await api.post(`/api/v1/cases/${item.id}/notes`, { body, visibility: item.can.noteInternal ? 'internal' : 'public' });
      void message.success(t('similar.noteAdded', { number: item.number }));
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      onSaved();
      navigate(`/cases/${item.id}`);
    });

  return (
    <Card size="small" className="cd-card" title={t('similar.intakeTitle')} data-testid="intake-similar" loading={similar.isPending}>
      <p className="cd-muted">{t('similar.intakeHelp')}</p>
      <ProblemAlert error={error} />
      {items.length === 0 ? <p className="cd-muted">{t('similar.none')}</p> : null}
      <SimilarCaseList
        items={items}
        action={(item) =>
          item.open && (item.can.noteInternal || item.can.replyPublic) ? (
            <Button size="small" loading={busy} onClick={() => void addAsNote(item)}>
              {t('similar.addAsNote')}
            </Button>
          ) : null
        }
      />
    </Card>
  );
}
