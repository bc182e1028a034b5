/**
 * A repeating job inside one server instance. Runs never overlap (the next run is scheduled when the previous one
 * ends), a failing run is logged and retried at the next interval, and `stop` tells a run in flight to wrap up
 * (its signal is aborted) and waits for it, so a shutdown never cuts a transaction in half. Work is shared between
 * instances through the database, not here.
 */
export interface JobLogger {
  error(details: Record<string, unknown>, message: string): void;
  debug(details: Record<string, unknown>, message: string): void;
}

export interface RepeatingJob {
  name: string;
  intervalMs: number;
  /** `signal` is aborted when the scheduler stops: a long run (draining the outbox) should stop taking new work. */
  run(signal: AbortSignal): Promise<unknown>;
}

export interface Scheduler {
  /** Runs one job now (tests and the CLI use it); resolves when the run ends. */
  runNow(name: string): Promise<void>;
  /** Runs a job as soon as possible without waiting for it: now, or right after the run in flight ends. */
  runSoon(name: string): void;
  stop(): Promise<void>;
}

export function startScheduler(jobs: RepeatingJob[], log: JobLogger): Scheduler {
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const wanted = new Set<string>();
  const stopping = new AbortController();

  const runOnce = (job: RepeatingJob): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const started = Date.now();
    const run = job
      .run(stopping.signal)
      .then((outcome) => log.debug({ job: job.name, ms: Date.now() - started, outcome }, 'job ran'))
      .catch((error: unknown) => log.error({ job: job.name, err: error }, 'job failed; it runs again at its next interval'))
      .finally(() => {
        running.delete(job.name);
        // Work that arrived while this run was finishing is picked up now, not at the next interval.
        if (wanted.delete(job.name) && !stopped) void runOnce(job);
      });
    running.set(job.name, run);
    return run;
  };

  const schedule = (job: RepeatingJob): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      void runOnce(job).then(() => schedule(job));
    }, job.intervalMs);
    // Timers alone must not keep a process alive (the CLI, tests).
    timer.unref();
    timers.set(job.name, timer);
  };

  for (const job of jobs) schedule(job);

  return {
    async runNow(name) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      await runOnce(job);
    },
    runSoon(name) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job || stopped) return;
      if (running.has(name)) wanted.add(name);
      else void runOnce(job);
    },
    async stop() {
      stopped = true;
      stopping.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
