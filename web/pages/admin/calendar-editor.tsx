import AutoComplete from 'antd/es/auto-complete';
import Button from 'antd/es/button';
import DatePicker from 'antd/es/date-picker';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import type { PolicyDetails } from '../../api/types';
import { PlainTable } from '../../components/table-card';
import { useFormat } from '../../i18n/format';

export type BusinessCalendar = PolicyDetails['policy']['calendar'];
type WeeklySlot = BusinessCalendar['weeklyHours'][number];

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const AROUND_THE_CLOCK: WeeklySlot[] = DAYS.map((day) => ({ day, start: '00:00', end: '24:00' }));

/** Where the API's complaint about a calendar belongs: the time zone, one weekly-hours row (or the list), the holidays. */
export interface CalendarErrors {
  timeZone: string[];
  weeklyHours: string[];
  slots: Map<number, string[]>;
  holidays: string[];
}

/**
 * Sorts an API problem about the policy into calendar fields. Schema errors name the path
 * (`policy.calendar.weeklyHours.2.start`); the service names `policy.calendar` and lists problems such as
 * `calendar: weeklyHours[2]: end 08:00 is not after start 09:00` in its detail.
 * Returns null when the problem is not about the calendar (it is then shown above the form).
 */
export function calendarErrorsOf(error: unknown, t: TFunction): CalendarErrors | null {
  if (!(error instanceof ApiProblem)) return null;
  const errors: CalendarErrors = { timeZone: [], weeklyHours: [], slots: new Map(), holidays: [] };
  let found = false;
  const place = (where: string, message: string) => {
    const slot = /weeklyHours(?:\.|\[)(\d+)/.exec(where);
    if (slot) {
      const index = Number(slot[1]);
      errors.slots.set(index, [...(errors.slots.get(index) ?? []), message]);
    } else if (where.includes('weeklyHours') || where.includes('weekly hours')) errors.weeklyHours.push(message);
    else if (where.includes('holidays')) errors.holidays.push(message);
    else if (where.includes('timeZone') || where.includes('time zone')) errors.timeZone.push(message);
    else errors.weeklyHours.push(message);
    found = true;
  };
  for (const item of error.fieldErrors) {
    const field = item.field.replace(/^body\./, '');
    if (!field.startsWith('policy.calendar')) continue;
    if (field === 'policy.calendar') {
      // One service error for all problems: give each calendar problem to the field it names.
      const problems = error.detail.split(/;\s*/).filter((part) => part.includes('calendar'));
      for (const problem of problems.length > 0 ? problems : [error.detail]) place(problem, problem.replace(/^.*?calendar:\s*/, ''));
    } else {
      place(field, error.isSchemaValidation ? t('form.invalidValue', { message: item.message }) : item.message);
    }
  }
  return found ? errors : null;
}

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Asia/Shanghai', 'Asia/Taipei', 'Europe/London'];
}

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <div id={id} role="alert" className="cd-field-error" style={{ color: '#cf1322' }}>
      {messages.join(' ')}
    </div>
  );
}

/** The policy's business calendar: time zone, opening hours per weekday, holidays. Escalation clocks run only inside it. */
export function CalendarEditor({
  value,
  onChange,
  disabled,
  errors,
}: {
  value: BusinessCalendar;
  onChange: (next: BusinessCalendar) => void;
  disabled: boolean;
  errors: CalendarErrors | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const zones = useMemo(timeZones, []);
  const [holiday, setHoliday] = useState<string | null>(null);
  const setSlot = (index: number, change: Partial<WeeklySlot>) =>
    onChange({ ...value, weeklyHours: value.weeklyHours.map((slot, at) => (at === index ? { ...slot, ...change } : slot)) });
  const zoneOptions = zones
    .filter((zone) => zone.toLowerCase().includes(value.timeZone.toLowerCase()))
    .slice(0, 50)
    .map((zone) => ({ value: zone }));

  return (
    <section aria-labelledby="calendar-title" style={{ marginBottom: 16 }}>
      <Typography.Title level={5} id="calendar-title">
        {t('calendarEditor.title')}
      </Typography.Title>
      <div style={{ marginBottom: 12 }}>
        <label htmlFor="calendar-time-zone">{t('calendarEditor.timeZone')}</label>
        <div>
          <AutoComplete
            id="calendar-time-zone"
            aria-label={t('calendarEditor.timeZone')}
            aria-describedby={errors?.timeZone.length ? 'calendar-time-zone-error' : undefined}
            status={errors?.timeZone.length ? 'error' : undefined}
            value={value.timeZone}
            disabled={disabled}
            options={zoneOptions}
            onChange={(timeZone: string) => onChange({ ...value, timeZone })}
            style={{ width: 260 }}
          />
        </div>
        <FieldError messages={errors?.timeZone} id="calendar-time-zone-error" />
      </div>

      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('calendarEditor.weeklyHours')}</Typography.Text>
        <PlainTable
          columns={[t('calendarEditor.day'), t('calendarEditor.start'), t('calendarEditor.end'), !disabled && t('common.actions')]}
        >
          {value.weeklyHours.map((slot, index) => {
            const slotErrors = errors?.slots.get(index);
            const errorId = `calendar-slot-${index}-error`;
            const dayName = t(`calendarEditor.weekday.${slot.day}`);
            const time = (edge: 'start' | 'end') => (
              <Input
                aria-label={`${dayName} ${t(`calendarEditor.${edge}`)}`}
                aria-describedby={slotErrors ? errorId : undefined}
                status={slotErrors ? 'error' : undefined}
                placeholder="HH:MM"
                value={slot[edge]}
                disabled={disabled}
                onChange={(event) => setSlot(index, { [edge]: event.target.value.trim() })}
                style={{ width: 90 }}
              />
            );
            return (
              <tr key={index}>
                <td>
                  <Select<number>
                    aria-label={`${t('calendarEditor.day')} ${index + 1}`}
                    value={slot.day}
                    disabled={disabled}
                    onChange={(day) => setSlot(index, { day })}
                    options={DAYS.map((day) => ({ value: day, label: t(`calendarEditor.weekday.${day}`) }))}
                    style={{ minWidth: 130 }}
                  />
                </td>
                <td>{time('start')}</td>
                <td>
                  {time('end')}
                  <FieldError messages={slotErrors} id={errorId} />
                </td>
                {disabled ? null : (
                  <td>
                    <Button
                      size="small"
                      onClick={() => onChange({ ...value, weeklyHours: value.weeklyHours.filter((_, at) => at !== index) })}
                    >
                      {t('calendarEditor.remove')}
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </PlainTable>
        <FieldError messages={errors?.weeklyHours} id="calendar-weekly-hours-error" />
        {disabled ? null : (
          <Space wrap style={{ marginTop: 8 }}>
            <Button
              onClick={() => {
                const last = value.weeklyHours[value.weeklyHours.length - 1];
                const day = last ? (last.day % 7) + 1 : 1;
                onChange({ ...value, weeklyHours: [...value.weeklyHours, { day, start: '09:00', end: '18:00' }] });
              }}
            >
              {t('calendarEditor.addHours')}
            </Button>
            <Button onClick={() => onChange({ ...value, weeklyHours: AROUND_THE_CLOCK })}>{t('calendarEditor.allDay')}</Button>
          </Space>
        )}
      </div>

      <div>
        <Typography.Text strong>{t('calendarEditor.holidays')}</Typography.Text>
        <div style={{ margin: '8px 0' }}>
          {value.holidays.length === 0 ? <span className="cd-muted">{t('calendarEditor.noHolidays')}</span> : null}
          {value.holidays.map((date) => (
            <Tag
              key={date}
              closable={!disabled}
              onClose={() => onChange({ ...value, holidays: value.holidays.filter((other) => other !== date) })}
            >
              {format.date(date)}
            </Tag>
          ))}
        </div>
        {disabled ? null : (
          <Space wrap>
            <DatePicker
              aria-label={t('calendarEditor.holidays')}
              format="YYYY-MM-DD"
              onChange={(_, text) => setHoliday(typeof text === 'string' && text ? text : null)}
            />
            <Button
              disabled={!holiday}
              onClick={() => {
                if (holiday && !value.holidays.includes(holiday)) onChange({ ...value, holidays: [...value.holidays, holiday].sort() });
              }}
            >
              {t('calendarEditor.addHoliday')}
            </Button>
          </Space>
        )}
        <FieldError messages={errors?.holidays} id="calendar-holidays-error" />
      </div>
    </section>
  );
}
