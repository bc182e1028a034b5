import { Worker } from 'node:worker_threads';

/** A file's SHA-256 (hex) and its size in bytes, as read. */
export interface FileChecksum {
  sha256: string;
  bytes: number;
}

/**
 * Hashes the files one after another in a worker thread, reading each in large blocks. A backup's files run to
 * gigabytes (the database copy, the uploaded files), and a scheduled backup or a verification runs inside the server:
 * hashed on the main thread, every block's hashing would be time the event loop does not answer requests. Plain
 * JavaScript evaluated by the worker, so it runs the same from the built files and from the sources under the tests.
 */
const CHECKSUM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');

const block = Buffer.allocUnsafe(1 << 20);
try {
  const sums = workerData.files.map((file) => {
    const hash = createHash('sha256');
    const descriptor = fs.openSync(file, 'r');
    let bytes = 0;
    try {
      for (let read; (read = fs.readSync(descriptor, block, 0, block.length, null)) > 0; bytes += read) {
        hash.update(block.subarray(0, read));
      }
    } finally {
      fs.closeSync(descriptor);
    }
    return { sha256: hash.digest('hex'), bytes };
  });
  parentPort.postMessage({ ok: true, sums });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
`;

type WorkerOutcome = { ok: true; sums: FileChecksum[] } | { ok: false; message: string };

/** The checksums of `files` (absolute paths), in their order, computed off the event loop. */
export function checksumsOf(files: string[]): Promise<FileChecksum[]> {
  if (files.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECKSUM_WORKER, { eval: true, workerData: { files } });
    let settled = false;
    worker.once('message', (outcome: WorkerOutcome) => {
      settled = true;
      if (outcome.ok) resolve(outcome.sums);
      else reject(new Error(`checksumming the backup's files failed: ${outcome.message}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the checksum worker stopped (exit code ${code}) before it was done`));
    });
  });
}
