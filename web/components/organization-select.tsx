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

/**
 * Several customer organisations, searched by name as the user types. `known` names the ones already chosen (they
 * may not be among the results of the current search); a name once found is remembered for the same reason.
 */
export function OrganizationsSelect({
  value,
  onChange,
  id,
  known = [],
  placeholder,
  'aria-label': ariaLabel,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
  known?: readonly { id: string; name: string }[];
  placeholder?: string;
  'aria-label'?: string;
}) {
  const [text, setText] = useState('');
  const deferred = useDeferredValue(text);
  const found = useOrganizations(deferred);
  const [names] = useState(() => new Map(known.map((organization) => [organization.id, organization.name])));
  for (const organization of found.data ?? []) names.set(organization.id, organization.name);
  const options = (found.data ?? []).map((organization) => ({ value: organization.id, label: organization.name }));
  for (const chosen of value ?? [])
    if (!options.some((option) => option.value === chosen)) options.unshift({ value: chosen, label: names.get(chosen) ?? chosen });
  return (
    <Select
      {...(id ? { id } : {})}
      {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value ?? []}
      placeholder={placeholder}
      onChange={(next: string[]) => {
        setText('');
        onChange?.(next);
      }}
      options={options}
      loading={found.isFetching}
    />
  );
}
