import { Worker } from 'node:worker_threads';
import { sqliteDriverPath, type SqliteDatabase } from './sqlite-driver.js';

const CHECKPOINT_EVERY_MS = 1_000;

/**
 * The worker's own connection copies the write-ahead log into the database once a second. A PASSIVE checkpoint
 * takes no write lock, so the server's commits go on meanwhile; it is the largest single piece of SQLite's work
 * per intake, and on the server's thread it held up every request behind it.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.file, { fileMustExist: true });
database.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or the file went away: the next interval tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  database.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops checkpointing and closes the worker's connection; the caller's own close runs the last checkpoint. */
  stop(): Promise<void>;
}

/**
 * SQLite would copy the write-ahead log into the database (and sync it) inside whichever commit crosses its page
 * threshold, every few dozen cases. Instead it is done once a second, off the request path, by a worker thread with a
 * connection of its own. The worker starts a second after the database is opened, so a database opened for a
 * moment (a command, a test) never starts one; its close checkpoints everything anyway.
 */
export function checkpointInBackground(database: SqliteDatabase, file: string): Checkpointer {
  database.pragma('wal_autocheckpoint = 0');
  let worker: Worker | null = null;
  let stopped = false;
  const timer = setTimeout(() => {
    if (stopped || !database.open) return;
    worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { driverPath: sqliteDriverPath, file, everyMs: CHECKPOINT_EVERY_MS },
    });
    // An error in the worker (the file removed under it) must not end the server; this thread's close still checkpoints.
    worker.on('error', () => undefined);
    worker.unref();
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const running = worker;
      if (!running) return;
      worker = null;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      // Held again while it stops: a caller awaiting this with nothing else pending would otherwise see the process
      // end under it (exit code 13, a promise never settled).
      running.ref();
      running.postMessage('stop');
      await exited;
    },
  };
}
