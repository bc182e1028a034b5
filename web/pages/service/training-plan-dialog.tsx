import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { changeTraining, planTraining, refreshServiceLoop, type Training } from '../../api/service-loop';
import type { Contact, Page } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRequired, RequiredDateItem } from '../../components/form-fields';
import { OrganizationSelect } from '../../components/organization-select';
import { StaffSelect } from '../../components/staff-select';

interface PlanFields {
  organizationId: string;
  kind: 'class' | 'display';
  topic: string;
  trainerUserId: string;
  date: string;
  startTime?: string;
  endTime?: string;
  place: string;
  invitedContactIds?: string[];
}

function useContacts(organizationId: string | undefined) {
  return useQuery({
    queryKey: ['organization', organizationId, 'contacts'],
    queryFn: async () => (await api.get<Page<Contact>>(`/api/v1/organizations/${organizationId}/contacts?limit=200`)).items,
    enabled: Boolean(organizationId),
  });
}

/** A planned training's fields as the form shows them; invitees who are contacts are chosen from the customer's. */
function fieldsOf(training: Training): PlanFields {
  return {
    organizationId: training.organizationId,
    kind: training.kind,
    topic: training.topic,
    trainerUserId: training.trainerUserId,
    date: training.date,
    startTime: training.startTime ?? '',
    endTime: training.endTime ?? '',
    place: training.place,
    invitedContactIds: training.attendees.flatMap((attendee) => (attendee.contactId ? [attendee.contactId] : [])),
  };
}

/**
 * Plans a training for a customer: topic, trainer, when, where, and which of the customer's contacts are invited.
 * The invited get the invitation by mail; the first of them gets the follow-up survey once the training is held.
 * Given a planned `training`, edits it instead: the server tells the invitees what changed, invites the new ones and
 * tells those taken off the list.
 */
export function PlanTrainingDialog({ onClose, training }: { onClose: () => void; training?: Training }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanFields>();
  const { busy, general, save } = useFormSave(form, { attendees: 'invitedContactIds', contactId: 'invitedContactIds' });
  const chosenOrganizationId = Form.useWatch('organizationId', form);
  const organizationId = training?.organizationId ?? chosenOrganizationId;
  const contacts = useContacts(organizationId ?? undefined);

  const submit = (values: PlanFields) =>
    save(async () => {
      const invited = (values.invitedContactIds ?? [])
        .map((id) => contacts.data?.find((contact) => contact.id === id))
        .filter((contact): contact is Contact => contact !== undefined);
      // What, who, when and where: the same for a new training and a change.
      const details = {
        topic: values.topic,
        trainerUserId: values.trainerUserId,
        date: values.date,
        startTime: values.startTime || null,
        endTime: values.endTime || null,
        place: values.place,
      };
      if (training) {
        await changeTraining(training.id, {
          ...details,
          // Invitees who are no contact (added by address) stay; the contacts are as chosen now.
          attendees: [
            ...training.attendees
              .filter((attendee) => !attendee.contactId)
              .map((attendee) => ({ id: attendee.id, name: attendee.name, email: attendee.email })),
            ...invited.map((contact) => {
              const already = training.attendees.find((attendee) => attendee.contactId === contact.id);
              return { ...(already ? { id: already.id } : {}), name: contact.name, contactId: contact.id };
            }),
          ],
        });
        void message.success(t('trainingChange.saved'));
        await refreshServiceLoop(queryClient);
        onClose();
        return;
      }
      const planned = await planTraining({
        ...details,
        organizationId: values.organizationId,
        kind: values.kind,
        attendees: invited.map((contact) => ({ name: contact.name, contactId: contact.id })),
        contactId: invited[0]?.id ?? null,
      });
      const mailed = invited.filter((contact) => contact.email).length;
      void message.success(t('trainingPlan.planned', { topic: planned.topic, count: mailed }));
      await refreshServiceLoop(queryClient);
      onClose();
      void navigate(`/trainings/${planned.id}`);
    });

  const required = useRequired();
  return (
    <FormDialog<PlanFields>
      form={form}
      title={training ? t('trainingChange.title') : t('trainingPlan.title')}
      okText={training ? t('common.save') : t('trainingPlan.plan')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={training ? fieldsOf(training) : { kind: 'class' }}
    >
      {training ? (
        <Form.Item label={t('service.trainings.customer')}>{training.organizationName}</Form.Item>
      ) : (
        <Form.Item name="organizationId" label={t('service.trainings.customer')} rules={required(t('service.trainings.customer'))}>
          <OrganizationSelect placeholder={t('trainingPlan.findCustomer')} />
        </Form.Item>
      )}
      <Form.Item name="kind" label={t('service.trainings.kind')}>
        <Select
          disabled={Boolean(training)}
          options={(['class', 'display'] as const).map((kind) => ({ value: kind, label: t(`service.trainings.kinds.${kind}`) }))}
        />
      </Form.Item>
      <Form.Item name="topic" label={t('service.trainings.topic')} rules={required(t('service.trainings.topic'))}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="trainerUserId" label={t('service.trainings.trainer')} rules={required(t('service.trainings.trainer'))}>
        <StaffSelect allowClear={false} />
      </Form.Item>
      <Space wrap align="start">
        <RequiredDateItem name="date" label={t('service.trainings.date')} />
        <Form.Item name="startTime" label={t('trainingPlan.startTime')}>
          <Input type="time" />
        </Form.Item>
        <Form.Item name="endTime" label={t('trainingPlan.endTime')}>
          <Input type="time" />
        </Form.Item>
      </Space>
      <Form.Item name="place" label={t('service.trainings.place')} rules={required(t('service.trainings.place'))}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="invitedContactIds" label={t('trainingPlan.invited')} extra={t('trainingPlan.invitedHelp')}>
        <Select
          mode="multiple"
          disabled={!organizationId}
          loading={contacts.isFetching}
          placeholder={organizationId ? t('trainingPlan.chooseContacts') : t('trainingPlan.customerFirst')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(contacts.data ?? []).map((contact) => ({
            value: contact.id,
            label: contact.email ? `${contact.name} <${contact.email}>` : `${contact.name} (${t('trainingPlan.noEmail')})`,
          }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
