import type { Kysely, Transaction } from 'kysely';
import { caseNumber, withCaseNumber } from '../domain/cases/case-numbers.js';
import { writeNewCasesTogether } from './new-case-batches.js';
import {
  appendCaseEvents,
  insertCases,
  insertSerialsOfCases,
  takeCaseNumbers,
  withNamesOfCases,
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
 * SQLite has a single writer, so the statements simply follow one another in a transaction. `open` writes the cases
 * opened at the same moment together, in one transaction of storage's group commit (with the other transactions
 * waiting then): one step of the year's counter for all of them, and each kind of row in one statement, instead of
 * a savepoint and seven statements per case. If such a shared write fails (one case names an unknown department, say),
 * each of its cases is written alone, so only the faulty one fails. A case is reported written only once committed.
 */
export function sqliteCaseWriter(transaction: <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>): CaseWriter {
  const openIn = async (trx: Transaction<Database>, newCase: NewCase): Promise<CaseListRow> =>
    (await writeCasesOfOneYear(trx, [newCase]))[0]!;
  const writeAlone = (newCase: NewCase) => transaction((trx) => openIn(trx, newCase));

  interface Pending {
    newCase: NewCase;
    resolve(row: CaseListRow): void;
    reject(error: unknown): void;
  }
  /** The cases waiting for the transaction that writes them; it takes them as it starts, later ones wait for the next. */
  let gathering: Pending[] | null = null;

  const write = (batch: Pending[]) => {
    transaction((trx) => {
      if (gathering === batch) gathering = null;
      return writeCasesOfOneYear(
        trx,
        batch.map((member) => member.newCase),
      );
    }).then(
      (rows) => batch.forEach((member, index) => member.resolve(rows[index]!)),
      (error: unknown) => {
        if (batch.length === 1) return batch[0]!.reject(error);
        for (const member of batch) writeAlone(member.newCase).then(member.resolve, member.reject);
      },
    );
  };

  return {
    open: (newCase) =>
      new Promise<CaseListRow>((resolve, reject) => {
        // A batch numbers from one year's counter; a case of another year (around New Year) starts the next.
        if (gathering === null || gathering.length >= MAX_CASES_PER_WRITE || gathering[0]!.newCase.year !== newCase.year) {
          gathering = [];
          write(gathering);
        }
        gathering.push({ newCase, resolve, reject });
      }),
    openIn,
  };
}

const MAX_CASES_PER_WRITE = 64;

/** SQLite: cases of one year in the caller's transaction, numbered in the order given, with the rows that go with them. */
async function writeCasesOfOneYear(trx: Transaction<Database>, newCases: readonly NewCase[]): Promise<CaseListRow[]> {
  const year = newCases[0]!.year;
  const last = await takeCaseNumbers(trx, year, newCases.length);
  const stored: CaseRow[] = newCases.map((newCase, index) => ({
    ...newCase.row,
    number: caseNumber(year, last - newCases.length + 1 + index),
  }));
  await insertCases(trx, stored);
  await insertSerialsOfCases(
    trx,
    newCases.flatMap((newCase) => newCase.serialNumbers.map((serial_number) => ({ case_id: newCase.row.id, serial_number }))),
  );
  await insertSteps(
    trx,
    newCases.flatMap((newCase) => newCase.steps),
  );
  await appendCaseEvents(
    trx,
    newCases.map((newCase) => newCase.createdEvent),
  );
  await insertFirstMailsOfNewCases(
    trx,
    newCases.flatMap((newCase, index) => numbered(newCase.mails, stored[index]!.number, ['subject', 'text_body', 'html_body'])),
  );
  await insertNotifications(
    trx,
    newCases.flatMap((newCase, index) => numbered(newCase.notifications, stored[index]!.number, ['title', 'body', 'wording_json'])),
  );
  return (await withNamesOfCases(trx, stored)).map((row) => row!);
}

/** Rows written with a new case, with its number put where `CASE_NUMBER_PLACEHOLDER` stood in these texts. */
function numbered<Row extends object>(rows: readonly Row[], number: string, texts: readonly (keyof Row & string)[]): Row[] {
  return rows.map((row) => ({ ...row, ...Object.fromEntries(texts.map((key) => [key, withCaseNumber(String(row[key]), number)])) }));
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
