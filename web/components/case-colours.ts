import type { CaseStatus } from '../../src/domain/cases/case-lifecycle.js';

/**
 * The tag colour of each level and status, antd's preset names: used by the app's tags (case-bits.tsx) and by the
 * boot script's first paint of a queue (web/first-paint/), which must not load antd.
 */
export const LEVEL_COLORS: Record<number, string> = { 1: 'red', 2: 'volcano', 3: 'gold', 4: 'blue' };
export const STATUS_COLORS: Partial<Record<CaseStatus, string>> = {
  new: 'magenta',
  assigned: 'geekblue',
  diagnosing: 'purple',
  in_progress: 'blue',
  waiting_customer: 'orange',
  waiting_vendor: 'orange',
  resolved: 'green',
  confirmed: 'green',
  closed: 'default',
};
