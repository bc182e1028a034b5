import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { nameOf, queryKeys, useDepartments, useUsers } from '../../api/queries';
import type { Department } from '../../api/types';
import { useRequired } from '../../components/form-fields';
import { configurationAlertsKey } from '../../components/unfilled-positions';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { editColumn } from './edit-column';

interface DepartmentFields {
  name: string;
  managerUserId?: string | null;
  vpInChargeUserId?: string | null;
  companyDefault?: boolean;
}

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const users = useUsers();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const holder = (userId: string | null) => nameOf(users.data, userId) ?? <Tag color="orange">{t('common.nobody')}</Tag>;

  return (
    <>
      <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 16 }}>
        {t('departments.add')}
      </Button>
      <ProblemAlert error={departments.error} />
      <Table<Department>
        rowKey="id"
        loading={departments.isPending}
        dataSource={departments.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('departments.name'), dataIndex: 'name' },
          { title: t('departments.manager'), dataIndex: 'managerUserId', render: holder },
          { title: t('departments.vpInCharge'), dataIndex: 'vpInChargeUserId', render: holder },
          {
            title: t('departments.companyDefault'),
            dataIndex: 'companyDefault',
            render: (value: boolean) => (value ? <Tag color="blue">{t('departments.companyDefaultTag')}</Tag> : null),
          },
          editColumn<Department>(t, setEditing),
        ]}
      />
      {editing ? <DepartmentDialog department={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function DepartmentDialog({ department, onClose }: { department: Department | null; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DepartmentFields>();
  const { busy, general, save } = useFormSave(form);

  const submit = (values: DepartmentFields) => {
    const body = {
      name: values.name,
      managerUserId: values.managerUserId ?? null,
      vpInChargeUserId: values.vpInChargeUserId ?? null,
      // The mark only moves to a department; it is taken from the old one by giving it to another.
      ...(values.companyDefault ? { companyDefault: true } : {}),
    };
    return save(async () => {
      if (department) await api.patch<Department>(`/api/v1/departments/${department.id}`, body);
      else await api.post<Department>('/api/v1/departments', body);
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: queryKeys.departments });
      await queryClient.invalidateQueries({ queryKey: configurationAlertsKey });
      onClose();
    });
  };

  return (
    <FormDialog<DepartmentFields>
      form={form}
      title={department ? t('departments.edit') : t('departments.add')}
      okText={department ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      initialValues={department ?? {}}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('departments.name')} rules={required(t('departments.name'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="managerUserId" label={t('departments.manager')}>
        <StaffSelect />
      </Form.Item>
      <Form.Item name="vpInChargeUserId" label={t('departments.vpInCharge')}>
        <StaffSelect />
      </Form.Item>
      <Form.Item
        name="companyDefault"
        label={t('departments.companyDefault')}
        valuePropName="checked"
        extra={t('departments.companyDefaultHelp')}
      >
        <Switch disabled={department?.companyDefault === true} />
      </Form.Item>
    </FormDialog>
  );
}
