import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

/**
 * The SQLite driver for the Node.js that runs CaseDesk. better-sqlite3 12 wraps its statements in Node's own
 * `ObjectWrap`, and Node 24 aborts the process (`RemoveEnvironmentCleanupHook … (env) != nullptr`) when such a
 * statement is garbage-collected at the wrong moment; better-sqlite3 13 is built on Node-API and does not, but needs
 * Node 22 or later (it crashes Node 20). So Node 22 and later load 13, installed as `better-sqlite3-napi`, and Node 20
 * loads 12. The two have the same API; the types are 12's.
 */
const driverModule = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
export const SqliteDatabase: typeof BetterSqlite3 = require(driverModule) as typeof BetterSqlite3;

/** Where that driver lives, for a worker thread that opens a database itself. */
export const sqliteDriverPath: string = require.resolve(driverModule);

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement;
