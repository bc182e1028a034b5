import { claimPeriodicRun } from '../../storage/repositories/periodic-runs.js';
import type { ServiceContext } from '../context.js';

/**
 * Runs a job that re-reads the whole picture at most once per period across all instances on the database: the
 * instance that claims the period runs it, the others skip it. A run that fails is not retried before the
 * next period: these jobs only catch up with what the period brought, so the next run sees it too. Answers the
 * run's result, or null where another instance has this period.
 */
export async function oncePerPeriod<T>(context: ServiceContext, name: string, periodMs: number, run: () => Promise<T>): Promise<T | null> {
  const now = context.clock.now();
  // A little under the period: an instance whose timer fires a moment early still finds the period open.
  const nextRunAt = new Date(now.getTime() + periodMs * 0.9).toISOString();
  if (!(await claimPeriodicRun(context.storage.db, name, now.toISOString(), nextRunAt))) return null;
  return run();
}
