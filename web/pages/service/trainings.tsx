import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import Descriptions from 'antd/es/descriptions';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { cancelTraining, recordAttendance, refreshServiceLoop, useTraining, useTrainings, type Training } from '../../api/service-loop';
import { useSession } from '../../api/session';
import { PageLoading } from '../../components/page-loading';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { ListExportButton } from '../../components/list-export-button';
import { ConfirmedAction } from '../../components/retire-controls';
import { useFormat } from '../../i18n/format';
import './service.css';
import { WebLink } from '../../components/web-link';
import { PlanTrainingDialog } from './training-plan-dialog';

const STATUS_COLOURS: Record<Training['status'], string> = { planned: 'blue', held: 'green', cancelled: 'default' };

/** On-site trainings at /trainings (classes and displays for customers); /trainings/{id} records attendance. */
export default function TrainingsPage() {
  const { id } = useParams();
  return id ? <TrainingDetail id={id} /> : <TrainingList />;
}

function TrainingList() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const trainings = useTrainings();
  const [planning, setPlanning] = useState(false);
  return (
    <>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} className="cd-page-title">
          {t('service.trainings.title')}
        </Typography.Title>
        <Space wrap>
          <ListExportButton list="trainings" path="/api/v1/trainings" fileName="casedesk-trainings.csv" />
          {/* A new training has no record to carry a `can` yet: planning one follows the session's permission. */}
          {can('trainings.manage') ? (
            <Button type="primary" onClick={() => setPlanning(true)}>
              {t('trainingPlan.title')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {planning ? <PlanTrainingDialog onClose={() => setPlanning(false)} /> : null}
      <ProblemAlert error={trainings.error} />
      <Table<Training>
        rowKey="id"
        size="small"
        loading={trainings.isPending}
        dataSource={trainings.data ?? []}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('service.trainings.none') }}
        columns={[
          { key: 'date', title: t('service.trainings.date'), render: (_, item) => format.date(item.date) },
          {
            key: 'topic',
            title: t('service.trainings.topic'),
            render: (_, item) => <Link to={`/trainings/${item.id}`}>{item.topic}</Link>,
          },
          { key: 'kind', title: t('service.trainings.kind'), render: (_, item) => t(`service.trainings.kinds.${item.kind}`) },
          { key: 'customer', title: t('service.trainings.customer'), dataIndex: 'organizationName' },
          { key: 'trainer', title: t('service.trainings.trainer'), dataIndex: 'trainerName' },
          { key: 'place', title: t('service.trainings.place'), dataIndex: 'place' },
          {
            key: 'status',
            title: t('service.trainings.status'),
            render: (_, item) => <Tag color={STATUS_COLOURS[item.status]}>{t(`service.trainings.statuses.${item.status}`)}</Tag>,
          },
        ]}
      />
    </>
  );
}

function TrainingDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const training = useTraining(id);
  if (training.isPending) return <PageLoading />;
  if (!training.data) return <ProblemAlert error={training.error} />;
  const item = training.data;
  return (
    <>
      <p>
        <Link to="/trainings">← {t('service.trainings.back')}</Link>
      </p>
      <Typography.Title level={2} className="cd-page-title">
        {item.topic} <Tag color={STATUS_COLOURS[item.status]}>{t(`service.trainings.statuses.${item.status}`)}</Tag>
      </Typography.Title>
      <TrainingActions training={item} />
      {item.status === 'cancelled' && item.cancellationReason ? (
        <p className="cd-muted">{t('retire.cancelledReason', { reason: item.cancellationReason })}</p>
      ) : null}
      <Card size="small" className="cd-card">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('service.trainings.kind')}>{t(`service.trainings.kinds.${item.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('service.trainings.customer')}>{item.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('service.trainings.trainer')}>{item.trainerName}</Descriptions.Item>
          <Descriptions.Item label={t('service.trainings.date')}>
            {format.date(item.date)} {[item.startTime, item.endTime].filter(Boolean).join('–')}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.trainings.place')}>{item.place}</Descriptions.Item>
          <Descriptions.Item label={t('service.trainings.materials')}>
            {item.materials.length === 0
              ? t('common.none')
              : item.materials.map((material, index) => (
                  <span key={index}>
                    {index > 0 ? ', ' : ''}
                    <WebLink url={material.url}>{material.title}</WebLink>
                  </span>
                ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Attendance training={item} />
    </>
  );
}

/** A planned training is edited or cancelled by those who plan trainings; a held or cancelled one stays as it is. */
function TrainingActions({ training }: { training: Training }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  if (!training.can.edit && !training.can.cancel) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {training.can.edit ? <Button onClick={() => setEditing(true)}>{t('trainingChange.edit')}</Button> : null}
      {training.can.cancel ? (
        <ConfirmedAction
          danger
          label={t('trainingChange.cancel')}
          question={t('trainingChange.cancelQuestion', { topic: training.topic })}
          description={
            <div style={{ maxWidth: 320 }}>
              <p>{t('trainingChange.cancelHelp')}</p>
              <Input.TextArea
                aria-label={t('trainingChange.reason')}
                placeholder={t('trainingChange.reason')}
                value={reason}
                maxLength={1000}
                onChange={(event) => setReason(event.target.value)}
              />
            </div>
          }
          done={t('trainingChange.cancelled', { topic: training.topic })}
          onConfirm={async () => {
            await cancelTraining(training.id, reason.trim() || null);
            await refreshServiceLoop(queryClient);
          }}
        />
      ) : null}
      {editing ? <PlanTrainingDialog training={training} onClose={() => setEditing(false)} /> : null}
    </Space>
  );
}

function Attendance({ training }: { training: Training }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const editable = training.can.recordAttendance;
  const [attended, setAttended] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(training.attendees.map((attendee) => [attendee.id, attendee.attended ?? false])),
  );
  const [walkIns, setWalkIns] = useState<string[]>([]);
  const [walkIn, setWalkIn] = useState('');
  const { busy, error, run } = useAction();

  const save = () =>
    run(async () => {
      await recordAttendance(training.id, {
        attendance: training.attendees.map((attendee) => ({
          attendeeId: attendee.id,
          attended: attended[attendee.id] ?? attendee.attended ?? false,
        })),
        walkIns: walkIns.map((name) => ({ name })),
      });
      setWalkIns([]);
      void message.success(t('service.trainings.attendanceSaved'));
      await refreshServiceLoop(queryClient);
    });

  return (
    <Card size="small" className="cd-card" title={t('service.trainings.attendees')}>
      <ProblemAlert error={error} />
      <ul className="cd-plain-list">
        {training.attendees.map((attendee) => (
          <li key={attendee.id} style={{ minHeight: 36 }}>
            <Checkbox
              checked={attended[attendee.id] ?? attendee.attended ?? false}
              disabled={!editable}
              onChange={(event) => setAttended((current) => ({ ...current, [attendee.id]: event.target.checked }))}
            >
              {attendee.name}
              {attendee.email ? <span className="cd-muted"> · {attendee.email}</span> : null}
            </Checkbox>
          </li>
        ))}
        {walkIns.map((name, index) => (
          <li key={`walk-in-${index}`} style={{ minHeight: 36 }}>
            <Checkbox checked disabled>
              {name}
            </Checkbox>
          </li>
        ))}
      </ul>
      {editable ? (
        <Space wrap style={{ marginTop: 8 }}>
          <Space.Compact>
            <Input
              aria-label={t('service.trainings.walkIn')}
              placeholder={t('service.trainings.walkIn')}
              value={walkIn}
              onChange={(event) => setWalkIn(event.target.value)}
            />
            <Button
              disabled={!walkIn.trim()}
              onClick={() => {
                setWalkIns((current) => [...current, walkIn.trim()]);
                setWalkIn('');
              }}
            >
              {t('service.trainings.addWalkIn')}
            </Button>
          </Space.Compact>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('service.trainings.saveAttendance')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
