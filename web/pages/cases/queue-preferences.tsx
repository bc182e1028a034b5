import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Popover from 'antd/es/popover';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUE_COLUMNS, type QueueColumn } from '../../../src/domain/cases/queue-views.js';
import { useQueuePreferences, type QueueFilterSet, type SavedQueueFilter } from '../../api/queues';
import { ProblemAlert } from '../../components/problem';

/** The user's saved filters: pick one to apply it, save the current one under a name, delete the one picked. */
export function SavedFilters({
  filters,
  current,
  onApply,
}: {
  filters: SavedQueueFilter[];
  current: QueueFilterSet;
  onApply: (filter: QueueFilterSet) => void;
}) {
  const { t } = useTranslation();
  const { saveFilter, deleteFilter } = useQueuePreferences();
  const [picked, setPicked] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = async () => {
    const saved = await saveFilter.mutateAsync({ name: name.trim(), filter: current }).catch(() => null);
    if (!saved) return;
    setPicked(saved.id);
    setNaming(false);
  };
  return (
    <>
      <Select<string>
        aria-label={t('queues.savedFilters')}
        placeholder={t('queues.savedFilters')}
        value={filters.some((filter) => filter.id === picked) ? (picked ?? undefined) : undefined}
        onChange={(id) => {
          setPicked(id);
          const filter = filters.find((entry) => entry.id === id);
          if (filter) onApply(filter.filter);
        }}
        options={filters.map((filter) => ({ value: filter.id, label: filter.name }))}
        style={{ minWidth: 180 }}
      />
      {picked && filters.some((filter) => filter.id === picked) ? (
        <Button onClick={() => void deleteFilter.mutateAsync(picked).then(() => setPicked(null))}>{t('queues.deleteFilter')}</Button>
      ) : null}
      <Button
        onClick={() => {
          setName('');
          saveFilter.reset();
          setNaming(true);
        }}
      >
        {t('queues.saveFilter')}
      </Button>
      <Modal
        open={naming}
        title={t('queues.saveFilter')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: name.trim() === '', loading: saveFilter.isPending }}
        onOk={() => void save()}
        onCancel={() => setNaming(false)}
        destroyOnHidden
      >
        <ProblemAlert error={saveFilter.error} />
        <Input
          aria-label={t('queues.filterName')}
          placeholder={t('queues.filterName')}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          onPressEnter={() => void save()}
        />
      </Modal>
    </>
  );
}

/** The columns the user shows, stored for them on the server; the case number stays (it is the link). */
export function ColumnChooser({ columns }: { columns: QueueColumn[] }) {
  const { t } = useTranslation();
  const { chooseColumns } = useQueuePreferences();
  const content = (
    <div className="cd-column-chooser">
      <p className="cd-muted">{t('queues.columnsHelp')}</p>
      <Checkbox.Group<QueueColumn>
        value={columns}
        onChange={(chosen) => chooseColumns.mutate(QUEUE_COLUMNS.filter((column) => column === 'number' || chosen.includes(column)))}
        options={QUEUE_COLUMNS.map((column) => ({ value: column, label: t(`queues.column.${column}`), disabled: column === 'number' }))}
      />
      <ProblemAlert error={chooseColumns.error} />
    </div>
  );
  return (
    <Popover trigger="click" content={content} title={t('queues.columns')} placement="bottomRight">
      <Button>{t('queues.columns')}</Button>
    </Popover>
  );
}
