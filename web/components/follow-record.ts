import type { FormInstance } from 'antd/es/form';
import { useEffect, useRef } from 'react';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Keeps a form that shows a record's current values (its assignee, its level) in step with the record while it is
 * open: when someone else changes the record and the page refetches it, each field the user has not changed away from
 * the record's earlier value takes the new one; a field the user is editing keeps what they chose. antd reads
 * `initialValues` only when the form mounts, so without this the form would show (and save back) the old value.
 */
export function useFollowRecord<T extends object>(form: FormInstance<T>, values: Partial<T>): void {
  const key = JSON.stringify(values);
  const shown = useRef(key);
  useEffect(() => {
    const before = JSON.parse(shown.current) as Record<string, unknown>;
    shown.current = key;
    const now = JSON.parse(key) as Record<string, unknown>;
    const current = form.getFieldsValue(true) as Record<string, unknown>;
    const following = Object.fromEntries(
      Object.entries(now).filter(([name, value]) => !same(value, before[name]) && same(current[name], before[name])),
    );
    if (Object.keys(following).length > 0) form.setFieldsValue(following as Parameters<FormInstance<T>['setFieldsValue']>[0]);
  }, [form, key]);
}
