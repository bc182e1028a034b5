import type { Kysely, Transaction } from 'kysely';
import { caseNumber, withCaseNumber } from '../domain/cases/case-numbers.js';
import { writeNewCasesTogether } from './new-case-batches.js';
import {
  appendCaseEvent,
  insertCase,
  insertCaseSerials,
  takeNextCaseNumber,
  withCaseNames,
  type CaseListRow,
  type CaseRow,
  type NewCase,
} from './repositories/cases.js';
import { insertSteps } from './repositories/escalations.js';
import { insertFirstMailsOfNewCases } from './repositories/outbox.js';
import { insertNotifications } from './repositories/notifications.js';
import { insertNewCasesOfOneYear } from './repositories/new-cases-statement.js';
import type { Database } from './schema.js';

/**
 * Writes opened cases: each with its gap-free number of the year, its serial numbers, its ladder, its creation
 * event, its first mails (the acknowledgement, the number put in where the placeholder stood) and notifications, answered with the names a list shows. Storage picks the writer for its database when it opens; the intake
 * calls it the same way on both.
 */
export interface CaseWriter {
  /** Writes the case on its own; it is committed when the promise settles. */
  open(newCase: NewCase): Promise<CaseListRow>;
  /** Writes the case inside the caller's transaction, along with whatever else that transaction writes. */
  openIn(trx: Transaction<Database>, newCase: NewCase): Promise<CaseListRow>;
}

/**
 * SQLite has a single writer, so the statements simply follow one another in a transaction; `open` runs them in a
 * transaction of storage's group commit, with the other transactions waiting at the same moment.
 */
export function sqliteCaseWriter(transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>): CaseWriter {
  const openIn = async (trx: Transaction<Database>, newCase: NewCase): Promise<CaseListRow> => {
    const sequence = await takeNextCaseNumber(trx, newCase.year);
    const stored: CaseRow = { ...newCase.row, number: caseNumber(newCase.year, sequence) };
    await insertCase(trx, stored);
    await insertCaseSerials(trx, stored.id, newCase.serialNumbers);
    await insertSteps(trx, newCase.steps);
    await appendCaseEvent(trx, newCase.createdEvent);
    await insertFirstMailsOfNewCases(trx, numbered(newCase.mails, stored.number, ['subject', 'text_body', 'html_body']));
    await insertNotifications(trx, numbered(newCase.notifications, stored.number, ['title', 'body', 'wording_json']));
    return (await withCaseNames(trx, stored))!;
  };
  return { open: (newCase) => transaction((trx) => openIn(trx, newCase)), openIn };
}

/** Rows written with a new case, with its number put where `CASE_NUMBER_PLACEHOLDER` stood in these texts. */
function numbered<Row extends object>(rows: readonly Row[], number: string, texts: readonly (keyof Row & string)[]): Row[] {
  return rows.map((row) => ({
    ...row,
    ...Object.fromEntries(texts.map((key) => [key, row[key] === null ? null : withCaseNumber(String(row[key]), number)])),
  }));
}

/**
 * PostgreSQL writes a case in one statement, atomic by itself (see `insertNewCasesOfOneYear`); `open` needs no
 * transaction around it and shares the statement with the other cases this instance is opening at the same moment.
 */
export function postgresCaseWriter(db: Kysely<Database>): CaseWriter {
  return {
    open: writeNewCasesTogether(db),
    openIn: async (trx, newCase) => (await insertNewCasesOfOneYear(trx, [newCase]))[0]!,
  };
}
