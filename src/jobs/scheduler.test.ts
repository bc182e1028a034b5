import { describe, expect, it } from 'vitest';
import { startScheduler, type RepeatingJob } from './scheduler.js';

const quiet = { error: () => undefined, debug: () => undefined };
const HOUR = 3_600_000;

/** A job whose runs the test finishes by hand, recording the signal each run was given. */
function manualJob(name: string) {
  const runs: { signal: AbortSignal; finish: () => void }[] = [];
  const job: RepeatingJob = {
    name,
    // Never due by itself within a test: every run here is asked for.
    intervalMs: HOUR,
    run: (signal) => new Promise<void>((resolve) => runs.push({ signal, finish: resolve })),
  };
  return { job, runs };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the job scheduler', () => {
  it('runs a job asked for while it runs once more right after, not in parallel and not twice more', async () => {
    const { job, runs } = manualJob('outbox');
    const scheduler = startScheduler([job], quiet);
    scheduler.runSoon('outbox');
    await settle();
    expect(runs).toHaveLength(1);
    scheduler.runSoon('outbox');
    scheduler.runSoon('outbox');
    await settle();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await settle();
    expect(runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('tells a run in flight to wrap up when stopping, waits for it, and starts nothing after', async () => {
    const { job, runs } = manualJob('outbox');
    const scheduler = startScheduler([job], quiet);
    scheduler.runSoon('outbox');
    await settle();
    expect(runs[0]!.signal.aborted).toBe(false);
    scheduler.runSoon('outbox');
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await settle();
    expect(runs[0]!.signal.aborted).toBe(true);
    expect(stopped).toBe(false);
    runs[0]!.finish();
    await stopping;
    expect(runs).toHaveLength(1);
    scheduler.runSoon('outbox');
    await settle();
    expect(runs).toHaveLength(1);
  });
});
