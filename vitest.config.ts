import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the longest files first, so the two workers finish together. Without a timings cache (a clean clone, as in
 * CI) vitest orders files by their size, and the Chinese walks, tiny files over a shared walker, started last: both
 * workers then spent the run's last ~200 s on them alone. Browser suites are the long ones; the walks the longest.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) =>
      file.moduleId.includes('/test/browser/chinese-everywhere') ? 0 : file.moduleId.includes('/test/browser/') ? 1 : 2;
    // Array sort is stable: within a rank, vitest's own order (cached durations, else size) stands.
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The one file that keeps a module graph of its own: the backup's event-loop test measures how busy the loop is,
 * which timers left by an earlier file in the same process would blur.
 */
const OWN_PROCESS = ['test/operations/backup-event-loop.test.ts'];
const BROWSER = ['test/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    // The other files share their worker's modules (vitest's `isolate: false`): importing the server's graph once per
    // worker, not once per file, took the import time of test/cases and test/queues from 296 s to 115 s, and saves
    // each of the fifty browser files its 4–6 s. Every file builds its own app, storage, clock, server and Chromium,
    // and restores the environment variables it sets. The browser suites are a project of their own so that a run
    // can leave them out by name (.ci/run's Node 24 pass: `--project shared --project own-process`); a project's
    // `exclude` replaces the command line's, so `--exclude` cannot.
    projects: [
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
      { extends: true, test: { name: 'browser', include: BROWSER, isolate: false } },
      {
        extends: true,
        test: { name: 'shared', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...OWN_PROCESS, ...BROWSER], isolate: false },
      },
    ],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on the two-core CI machine, idle while browser
    // tests wait for Chromium and tests wait for PostgreSQL. Two workers use the wait; tests poll for what they expect
    // rather than trusting a fixed sleep, so the extra load makes them slower, not wrong.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default'],
  },
});
