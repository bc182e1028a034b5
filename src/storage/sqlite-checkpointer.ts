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
  let worker: { thread: Worker; exited: Promise<void> } | null = null;
  let onThisThread: NodeJS.Timeout | null = null;
  let stopped = false;
  // A worker that cannot run (its driver fails to load, its thread dies) leaves the checkpoints to this thread, as
  // they were before: the log must not grow until the server stops.
  const checkpointHere = () => {
    onThisThread = setInterval(() => {
      try {
        database.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or closing: the next interval tries again.
      }
    }, CHECKPOINT_EVERY_MS);
    onThisThread.unref();
  };
  const timer = setTimeout(() => {
    if (stopped || !database.open) return;
    const thread = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { driverPath: sqliteDriverPath, file, everyMs: CHECKPOINT_EVERY_MS },
    });
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    worker = { thread, exited };
    thread.on('error', () => undefined);
    void exited.then(() => {
      if (worker?.thread !== thread) return;
      worker = null;
      if (!stopped && database.open) checkpointHere();
    });
    thread.unref();
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (onThisThread) clearInterval(onThisThread);
      const running = worker;
      if (!running) return;
      worker = null;
      // Held again while it stops: a caller awaiting this with nothing else pending would otherwise see the process
      // end under it (exit code 13, a promise never settled).
      running.thread.ref();
      running.thread.postMessage('stop');
      await running.exited;
    },
  };
}
