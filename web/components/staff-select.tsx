import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../api/queries';
import { isStaffRole } from '../../src/domain/access/roles.js';
import type { User } from '../api/types';

/** Picks an active staff member (customers can hold no position and take no case), or one `eligible` allows. */
export function StaffSelect({
  value,
  onChange,
  id,
  allowClear = true,
  eligible = (user) => isStaffRole(user.role),
  placeholder,
  ...rest
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  allowClear?: boolean;
  /** Who may be chosen (a domain rule); any staff member unless given. */
  eligible?: (user: User) => boolean;
  /** What the empty choice means here; "Nobody" (no one assigned) unless given. */
  placeholder?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
  size?: 'small' | 'middle' | 'large';
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const options = (users.data ?? [])
    .filter((user) => eligible(user) && (!user.disabled || user.id === value))
    .map((user) => ({ value: user.id, label: `${user.name} · ${t(`role.${user.role}`)}` }));
  return (
    <Select
      {...(id ? { id } : {})}
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('common.nobody')}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      options={options}
      loading={users.isPending}
    />
  );
}
