import Select from 'antd/es/select';
import { useDeferredValue, useState } from 'react';
import { useOrganization, useOrganizations } from '../api/queries';

/** Searches customer organisations by name as the user types. */
export function OrganizationSelect({
  value,
  onChange,
  id,
  placeholder,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  placeholder?: string;
}) {
  const [text, setText] = useState('');
  const deferred = useDeferredValue(text);
  const found = useOrganizations(deferred);
  const selected = useOrganization(value);
  const options = (found.data ?? []).map((organization) => ({ value: organization.id, label: organization.name }));
  if (selected.data && !options.some((option) => option.value === selected.data.id)) {
    options.unshift({ value: selected.data.id, label: selected.data.name });
  }
  return (
    <Select
      {...(id ? { id } : {})}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      options={options}
      loading={found.isFetching}
    />
  );
}
