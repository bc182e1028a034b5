import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Executor, Storage } from './db.js';
import { findAttachmentByStoredNameForShare } from './repositories/projects.js';

/**
 * The bytes of uploaded files (case and project attachments), kept where every instance of the installation can
 * read them:
 *
 * - **PostgreSQL**: in the database (`stored_files`, a `bytea` per file), written in the caller's transaction, so
 *   several instances on one database all serve every file, and a file exists exactly when its record does. Files
 *   stored in the data folder before migration 0022 are moved into the database at start-up
 *   (`moveFolderFilesIntoDatabase`); until then they are read from there.
 * - **SQLite** (one instance, one data folder): in files under the data folder (`<data dir>/files/<key>`), written
 *   before the record's transaction commits; `discardUnsaved` removes them again when that transaction fails.
 *
 * Services call the same functions on both databases and never ask which one they run on.
 */
export interface FileStore {
  /** Where the bytes live, for the operator: in the database or in the data folder. */
  readonly location: 'database' | 'data-folder';
  /** Stores `content` under `key` (as `fileKey` makes it), in `executor`'s transaction where the database holds it. */
  put(executor: Executor, key: string, content: Buffer, at: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  read(executor: Executor, key: string): Promise<Buffer | null>;
  /** After the transaction that called `put` failed: removes what was written outside the database. */
  discardUnsaved(keys: readonly string[]): Promise<void>;
  /**
   * Removes files whose records are being deleted in `executor`'s transaction; call the returned function after
   * the commit (outside the database the file goes only then, so a rolled-back deletion keeps its file).
   */
  remove(executor: Executor, keys: readonly string[]): Promise<() => Promise<void>>;
}

export type FileArea = 'case-attachments' | 'project-attachments';

/** The key of a stored file: its area and a generated name, never anything the user typed. */
export function fileKey(area: FileArea, id: string): string {
  return `${area}/${id}.bin`;
}

const KEY = /^(case-attachments|project-attachments)\/[A-Za-z0-9-]+\.bin$/;

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file store key: ${key}`);
  return key;
}

/**
 * The file store of an opened database. `filesDir` is the data folder's `files` directory: where SQLite keeps the
 * bytes, and where PostgreSQL finds files stored before they moved into the database. Null when SQLite has no
 * folder to write to (uploads are then refused).
 */
export function fileStoreOf(storage: Storage, filesDir: string | undefined): FileStore | null {
  if (storage.dialect === 'postgres') return databaseFileStore(filesDir);
  return filesDir ? folderFileStore(filesDir) : null;
}

async function readFromFolder(dir: string, key: string): Promise<Buffer | null> {
  try {
    return await fs.promises.readFile(path.join(dir, checkedKey(key)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function folderFileStore(dir: string): FileStore {
  const removeFiles = async (keys: readonly string[]) => {
    await Promise.all(keys.map((key) => fs.promises.rm(path.join(dir, checkedKey(key)), { force: true })));
  };
  return {
    location: 'data-folder',
    async put(_executor, key, content) {
      const target = path.join(dir, checkedKey(key));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, content, { flag: 'wx', mode: 0o640 });
    },
    read: (_executor, key) => readFromFolder(dir, key),
    discardUnsaved: removeFiles,
    remove: async (_executor, keys) => () => removeFiles(keys),
  };
}

function databaseFileStore(legacyDir: string | undefined): FileStore {
  return {
    location: 'database',
    async put(executor, key, content, at) {
      await executor
        .insertInto('stored_files')
        .values({ key: checkedKey(key), content, size_bytes: content.length, created_at: at })
        .execute();
    },
    async read(executor, key) {
      const row = await executor.selectFrom('stored_files').select('content').where('key', '=', checkedKey(key)).executeTakeFirst();
      if (row) return Buffer.from(row.content);
      // Stored in this instance's data folder before the bytes moved into the database (migration 0022).
      return legacyDir ? readFromFolder(legacyDir, key) : null;
    },
    discardUnsaved: async () => undefined,
    async remove(executor, keys) {
      if (keys.length > 0) await executor.deleteFrom('stored_files').where('key', 'in', keys.map(checkedKey)).execute();
      return async () => {
        if (legacyDir) await Promise.all(keys.map((key) => fs.promises.rm(path.join(legacyDir, key), { force: true })));
      };
    },
  };
}

/** What `moveFolderFilesIntoDatabase` did with the files it found in this instance's data folder. */
export interface FolderFilesMove {
  /** Bytes written into the database by this instance, then the file removed. */
  moved: number;
  /** Already in the database (moved by another instance, or by this one before it stopped); the file removed. */
  alreadyInDatabase: number;
  /** Left in the folder: no record names it, or its bytes are not the ones the record describes. */
  left: number;
}

const STORED_NAME = /^[A-Za-z0-9-]+\.bin$/;

/**
 * On PostgreSQL, moves the project attachments this instance stored in its data folder before migration 0022 into
 * the database, so every instance serves them. Run at start-up by every instance, several at once if need be:
 *
 * - each file goes in its own transaction: its record is locked against removal (`FOR SHARE`), its bytes checked
 *   against the record's size and SHA-256, then inserted only if no instance did so yet (`ON CONFLICT DO NOTHING`);
 * - the file is removed only after that transaction committed, so a stop at any point loses nothing, and a run
 *   after it removes a file whose bytes are already in the database;
 * - an instance that lacks a file (or finds it gone because an instance sharing the folder moved it) skips it.
 *
 * On SQLite the data folder is where files belong; nothing is done.
 */
export async function moveFolderFilesIntoDatabase(storage: Storage, filesDir: string | undefined): Promise<FolderFilesMove> {
  const done: FolderFilesMove = { moved: 0, alreadyInDatabase: 0, left: 0 };
  if (storage.dialect !== 'postgres' || !filesDir) return done;
  let names: string[];
  try {
    names = await fs.promises.readdir(path.join(filesDir, 'project-attachments'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return done;
    throw error;
  }
  for (const name of names.filter((entry) => STORED_NAME.test(entry)).sort()) {
    const key = fileKey('project-attachments', name.slice(0, -'.bin'.length));
    const content = await readFromFolder(filesDir, key);
    if (!content) continue;
    const outcome = await storage.transaction(async (trx) => {
      const record = await findAttachmentByStoredNameForShare(trx, name);
      const sha256 = createHash('sha256').update(content).digest('hex');
      if (!record || record.size_bytes !== content.length || record.sha256 !== sha256) return 'left';
      const inserted = await trx
        .insertInto('stored_files')
        .values({ key, content, size_bytes: content.length, created_at: record.created_at })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .returning('key')
        .execute();
      return inserted.length > 0 ? 'moved' : 'alreadyInDatabase';
    });
    if (outcome !== 'left') await fs.promises.rm(path.join(filesDir, key), { force: true });
    done[outcome] += 1;
  }
  return done;
}
