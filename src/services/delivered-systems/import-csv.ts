import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import type { Actor } from '../../domain/access/permissions.js';
import { mayImportKind } from '../../domain/access/policies/data-transfer.js';
import { LANGUAGES, type Language } from '../../domain/access/roles.js';
import { parsePhoneNumber, phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import { calendarDateOf, CONTRACT_SERVICES, isCalendarDate, type ContractService } from '../../domain/entitlement/entitlement.js';
import { nextCheckOn } from '../../domain/entitlement/yearly-checks.js';
import type { Executor } from '../../storage/db.js';
import { findExistingSerials, insertAssets, serialKey, type NewAsset } from '../../storage/repositories/assets.js';
import { insertContractCoverage, type NewContract, type NewContractCoverage } from '../../storage/repositories/contracts.js';
import {
  findOrganizationCountries,
  findTakenContractNumbers,
  findTakenOrganizationCodes,
  insertContacts,
  insertContracts,
  insertOrganizations,
  insertSites,
  listContactEmails,
  listDepartmentNames,
  listOrganizationNames,
  listProjectNamesOf,
  listSiteNames,
} from '../../storage/repositories/data-transfer.js';
import type { NewContact, NewOrganization, NewSite } from '../../storage/repositories/organizations.js';
import { insertProjects, type NewProject } from '../../storage/repositories/projects.js';
import { insertVendors, listAllVendors, vendorNameKey, type NewVendor } from '../../storage/repositories/vendors.js';
import { recordChangeBy } from '../audit.js';
import { defaultCountryOf, newId, nowIso, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { COLUMNS, normalizeHeader, type ColumnSpec, type ImportKind } from './csv-columns.js';

/** One thing wrong in the file: where (line as an editor shows it, column by header name) and why. */
export interface ImportProblem {
  line: number;
  column: string | null;
  messageKey: string;
  params: Record<string, string | number>;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** Data rows in the file (the header not counted). */
  rows: number;
  /** Records stored: 0 on a dry run or when the file has problems. */
  created: number;
  /** Vendors a product file named that were not on record (added with the products). */
  vendorsCreated: number;
  problems: ImportProblem[];
}

export type ImportPhase = 'checking' | 'storing';

export interface ImportOptions {
  dryRun?: boolean;
  /** Called as rows are checked and stored, for a progress bar. */
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
  /** Stop collecting after this many problems; a file with thousands of bad rows is reported by its first ones. */
  maxProblems?: number;
}

interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** Bounded batches: both dialects bind a few thousand values per statement comfortably. */
const BATCH = 500;
const PROGRESS_EVERY = 2000;

/**
 * Imports organisations, contacts, projects, products or contracts from a CSV file, all or nothing: every row is checked first (each
 * problem reported with its line, column and reason), and only a file without problems is stored, in one
 * transaction with batched inserts. A dry run checks and reports without storing.
 */
export async function importCsv(
  context: ServiceContext,
  actor: Actor,
  kind: ImportKind,
  csv: string | Buffer,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (!mayImportKind(actor, kind)) throw forbidden();
  const problems: ImportProblem[] = [];
  const maxProblems = options.maxProblems ?? 1000;
  const report = (rows: number, created = 0, vendorsCreated = 0): ImportReport => ({
    kind,
    dryRun: options.dryRun ?? false,
    rows,
    created,
    vendorsCreated,
    // In file order, whichever check found them (organisations are resolved in a pass of their own).
    problems: [...problems].sort((a, b) => a.line - b.line).slice(0, maxProblems),
  });
  const parsed = readCsv(kind, typeof csv === 'string' ? csv : csv.toString('utf8'), problems);
  if (!parsed) return report(0);
  const { rows } = parsed;
  const progress = options.onProgress ?? (() => undefined);
  const at = nowIso(context);

  const check = new RowChecker(problems, maxProblems);
  const plan = await context.storage.transaction(async (trx) => {
    const planned = await planImport({ trx, rows, check, country: defaultCountryOf(context) }, kind, at, progress);
    if (problems.length > 0 || options.dryRun) return planned;
    progress('storing', 0, rows.length);
    await planned.store(trx, (done) => progress('storing', done, rows.length));
    await recordChangeBy(trx, actor, at, `import.${kind}`, ['import', newId()], {
      after: { kind, rows: rows.length, created: planned.created, vendorsCreated: planned.vendorsCreated },
    });
    return planned;
  });
  if (problems.length > 0) return report(rows.length);
  return report(rows.length, options.dryRun ? 0 : plan.created, options.dryRun ? 0 : plan.vendorsCreated);
}

/**
 * Parses the file and checks its header; returns null (with problems) when it cannot go on. Line numbers come
 * from counting records when no field spans lines (the common case, and twice as fast to parse); a file with
 * multi-line fields is parsed again with the parser's own line numbers.
 */
function readCsv(kind: ImportKind, text: string, problems: ImportProblem[]): { rows: CsvRow[] } | null {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseWithLines(text);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    problems.push({ line, column: null, messageKey: 'importErrors.malformed', params: { detail: error.message } });
    return null;
  }
  const [header, ...data] = records;
  const specs = COLUMNS[kind];
  const expected = specs.map((spec) => spec.name).join(', ');
  if (!header) {
    problems.push({ line: 1, column: null, messageKey: 'importErrors.missingColumn', params: { columns: expected } });
    return null;
  }
  const names = header.record.map(normalizeHeader);
  names.forEach((name, index) => {
    if (!specs.some((spec) => spec.name === name)) {
      problems.push({
        line: header.info.lines,
        column: header.record[index] || `#${index + 1}`,
        messageKey: 'importErrors.unknownColumn',
        params: { kind, columns: expected },
      });
    }
  });
  for (const spec of specs) {
    if (spec.required && !names.includes(spec.name)) {
      problems.push({
        line: header.info.lines,
        column: spec.name,
        messageKey: 'importErrors.missingColumn',
        params: { columns: expected },
      });
    }
  }
  if (problems.length > 0) return null;
  if (data.length === 0) {
    problems.push({ line: header.info.lines, column: null, messageKey: 'importErrors.empty', params: {} });
    return null;
  }
  const rows = data.map(({ record, info }) => {
    const values: Record<string, string> = {};
    names.forEach((name, index) => {
      values[name] = (record[index] ?? '').trim();
    });
    return { line: info.lines, values };
  });
  return { rows };
}

function parseWithLines(text: string): { record: string[]; info: { lines: number } }[] {
  const plain = parse(text, { bom: true, relax_column_count: true }) as string[][];
  let newlines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines += 1;
  const endsWithNewline = text.endsWith('\n');
  // One record per line (empty lines included): record i is on line i + 1.
  if (plain.length === newlines + (endsWithNewline ? 0 : 1)) {
    return plain.flatMap((record, index) =>
      record.length === 1 && record[0]!.trim() === '' ? [] : [{ record, info: { lines: index + 1 } }],
    );
  }
  return parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as {
    record: string[];
    info: { lines: number };
  }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Collects problems for the rows, and checks the per-column rules (required, length, format). */
class RowChecker {
  constructor(
    readonly problems: ImportProblem[],
    private readonly maxProblems: number,
  ) {}

  get full(): boolean {
    return this.problems.length >= this.maxProblems;
  }

  /** Adds a problem of the row (undefined, so a check can `return check.add(…)`). */
  add(row: CsvRow, column: string | null, messageKey: string, params: Record<string, string | number> = {}): undefined {
    if (!this.full) this.problems.push({ line: row.line, column, messageKey: `importErrors.${messageKey}`, params });
    return undefined;
  }

  /** Checks the plain column rules; returns false when the row is unusable. */
  columns(row: CsvRow, specs: ColumnSpec[]): boolean {
    let good = true;
    for (const spec of specs) {
      const value = row.values[spec.name] ?? '';
      if (value === '') {
        if (spec.required) {
          this.add(row, spec.name, 'required');
          good = false;
        }
        continue;
      }
      if (value.length > spec.max) {
        this.add(row, spec.name, 'tooLong', { max: spec.max });
        good = false;
      } else if (spec.format === 'date' && !isCalendarDate(value)) {
        this.add(row, spec.name, 'badDate', { value });
        good = false;
      } else if (spec.format === 'email' && !EMAIL.test(value)) {
        this.add(row, spec.name, 'badEmail', { value });
        good = false;
      }
    }
    return good;
  }
}

/** What a checked file stores: written in order, in one transaction. */
interface ImportPlan {
  created: number;
  vendorsCreated: number;
  store(trx: Executor, progress: (done: number) => void): Promise<void>;
}

/** Rows of one table, inserted in bounded batches; the kind's own records tell the progress bar how far it is. */
type Write = (executor: Executor, progress: (done: number) => void) => Promise<void>;

function write<Row>(insert: (executor: Executor, batch: Row[]) => Promise<void>, rows: Row[], counted = false): Write {
  return async (executor, progress) => {
    for (let start = 0; start < rows.length; start += BATCH) {
      await insert(executor, rows.slice(start, start + BATCH));
      if (counted) progress(Math.min(rows.length, start + BATCH));
    }
  };
}

/** The kind's own records: their batches move the progress bar. */
const counted = <Row>(insert: (executor: Executor, batch: Row[]) => Promise<void>, rows: Row[]): Write => write(insert, rows, true);

/** The records some rows made (a site, a contact, a new vendor), without the rows that made none. */
const some = <T>(items: (T | null)[]): T[] => items.filter((item): item is T => item !== null);

/** What a kind's lookups start from. */
interface LookUpInput {
  trx: Executor;
  rows: CsvRow[];
  check: RowChecker;
  /** The server's default country (a new organisation's). */
  country: string;
}

/**
 * How one kind is imported, as data: what is read before any row is checked, how a row whose columns are good
 * becomes records (or a problem), and how the records are written. The columns are `COLUMNS[kind]`.
 */
interface KindImport<Lookups, Made> {
  lookUp(input: LookUpInput): Promise<Lookups>;
  /** The records a row makes, or undefined after its problem was added. */
  make(row: CsvRow, index: number, lookups: Lookups, check: RowChecker, at: string): Made | undefined;
  /** What is still checked on a row whose columns are not good (the organisation a project names). */
  badColumns?(row: CsvRow, lookups: Lookups, check: RowChecker): void;
  /** The writes of what the rows made, in order (the kind's own records counted). */
  writes(made: Made[]): Write[];
  vendorsCreated?(made: Made[]): number;
}

type Planner = (input: LookUpInput, at: string, tick: (index: number) => void) => Promise<ImportPlan>;

/** One row, one record of the kind (`created` counts the rows that made one). */
function planner<Lookups, Made>(kind: ImportKind, description: KindImport<Lookups, Made>): Planner {
  return async (input, at, tick) => {
    const { rows, check } = input;
    const lookups = await description.lookUp(input);
    const made: Made[] = [];
    rows.forEach((row, index) => {
      tick(index);
      if (!check.columns(row, COLUMNS[kind])) return description.badColumns?.(row, lookups, check);
      const records = description.make(row, index, lookups, check, at);
      if (records !== undefined) made.push(records);
    });
    const writes = description.writes(made);
    return {
      created: made.length,
      vendorsCreated: description.vendorsCreated?.(made) ?? 0,
      async store(executor, progress) {
        for (const one of writes) await one(executor, progress);
      },
    };
  };
}

async function planImport(
  input: LookUpInput,
  kind: ImportKind,
  at: string,
  progress: (phase: ImportPhase, done: number, total: number) => void,
): Promise<ImportPlan> {
  const total = input.rows.length;
  const plan = await KINDS[kind](input, at, (index) => {
    if (index % PROGRESS_EVERY === 0) progress('checking', index, total);
  });
  progress('checking', total, total);
  return plan;
}

/**
 * Organisations by code and by exact name (case-insensitive), as files name them. A retired customer takes nothing
 * new: a row naming one is a problem at its column.
 */
class OrganizationDirectory {
  private constructor(
    private readonly byCode: Map<string, string>,
    private readonly byName: Map<string, string[]>,
    private readonly retired: Set<string>,
  ) {}

  static async load(trx: Executor): Promise<OrganizationDirectory> {
    const byCode = new Map<string, string>();
    const byName = new Map<string, string[]>();
    const retired = new Set<string>();
    for (const row of await listOrganizationNames(trx)) {
      if (row.code) byCode.set(row.code.toLowerCase(), row.id);
      const key = row.name.trim().toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), row.id]);
      if (row.retired_at !== null) retired.add(row.id);
    }
    return new OrganizationDirectory(byCode, byName, retired);
  }

  /** The organisation each row names, all found before any row is checked, so what is theirs is read once. */
  static async resolveAll(input: LookUpInput): Promise<{ organizationOf: (string | null)[]; organizationIds: string[] }> {
    const directory = await OrganizationDirectory.load(input.trx);
    const organizationOf = input.rows.map((row) => (row.values.organization ? directory.resolve(row, input.check) : null));
    return { organizationOf, organizationIds: [...new Set(organizationOf.filter((id): id is string => id !== null))] };
  }

  resolve(row: CsvRow, check: RowChecker): string | null {
    const value = row.values.organization ?? '';
    const key = value.toLowerCase();
    const named = this.byName.get(key) ?? [];
    const id = this.byCode.get(key) ?? (named.length === 1 ? named[0]! : null);
    if (id !== null) {
      if (!this.retired.has(id)) return id;
      check.add(row, 'organization', 'retiredOrganization', { value });
    } else if (named.length > 1) check.add(row, 'organization', 'ambiguousOrganization', { value, count: named.length });
    else check.add(row, 'organization', 'unknownOrganization', { value });
    return null;
  }
}

/** Sites or projects of organisations by name (case-insensitive), as files name them; retired (closed) ones marked. */
class NamesInOrganizations {
  private readonly ids = new Map<string, { id: string; retired: boolean }[]>();

  constructor(
    records: { id: string; organization_id: string; name: string; retired_at: string | null }[],
    private readonly what: 'Site' | 'Project',
  ) {
    for (const record of records) {
      const key = this.keyOf(record.organization_id, record.name.trim());
      this.ids.set(key, [...(this.ids.get(key) ?? []), { id: record.id, retired: record.retired_at !== null }]);
    }
  }

  private keyOf(organizationId: string, name: string): string {
    return `${organizationId}\u0000${name.toLowerCase()}`;
  }

  /**
   * The one of that name, which takes new records only while it is not retired; null after adding the problem
   * (`unknown…`, `ambiguous…` or `retired…`).
   */
  find(row: CsvRow, check: RowChecker, column: string, organizationId: string, name: string): string | null {
    const matches = this.ids.get(this.keyOf(organizationId, name)) ?? [];
    if (matches.length === 1 && !matches[0]!.retired) return matches[0]!.id;
    const problem = matches.length === 0 ? 'unknown' : matches.length > 1 ? 'ambiguous' : 'retired';
    check.add(row, column, `${problem}${this.what}`, { value: name, count: matches.length });
    return null;
  }

  /** False after adding the problem when every one of that name is retired (a name not on record is let through). */
  notRetired(row: CsvRow, check: RowChecker, column: string, organizationId: string, name: string): boolean {
    const matches = this.ids.get(this.keyOf(organizationId, name)) ?? [];
    if (matches.length === 0 || matches.some((match) => !match.retired)) return true;
    check.add(row, column, `retired${this.what}`, { value: name });
    return false;
  }
}

/** Departments by name (case-insensitive). */
class DepartmentsByName {
  private constructor(private readonly ids: Map<string, string>) {}

  static async load(trx: Executor): Promise<DepartmentsByName> {
    return new DepartmentsByName(new Map((await listDepartmentNames(trx)).map((row) => [row.name.trim().toLowerCase(), row.id])));
  }

  /** The department a column names: null when the cell is empty, undefined after adding the problem of an unknown one. */
  find(row: CsvRow, check: RowChecker, column: string): string | null | undefined {
    const name = row.values[column];
    if (!name) return null;
    const id = this.ids.get(name.toLowerCase());
    if (!id) check.add(row, column, 'unknownDepartment', { value: name });
    return id;
  }
}

/** The organisation each row names, and the projects of those organisations by name. */
async function organizationsWithProjects(
  input: LookUpInput,
): Promise<{ organizationOf: (string | null)[]; organizationIds: string[]; projects: NamesInOrganizations }> {
  const { organizationOf, organizationIds } = await OrganizationDirectory.resolveAll(input);
  return {
    organizationOf,
    organizationIds,
    projects: new NamesInOrganizations(await listProjectNamesOf(input.trx, organizationIds), 'Project'),
  };
}

/** The different values a column holds in the file, empty ones left out. */
const valuesIn = (rows: CsvRow[], column: string): string[] => [...new Set(rows.map((row) => row.values[column] ?? '').filter(Boolean))];

/** A value that must be new: its first line in the file is remembered, and a later one is a problem. */
class FirstLines {
  private readonly lines = new Map<string, number>();

  constructor(
    private readonly column: string,
    private readonly repeatedKey: string,
    private readonly keyOf: (value: string) => string = (value) => value,
  ) {}

  /** False after adding the problem when `value` stood on an earlier line (of the same `scope`, an organisation). */
  first(row: CsvRow, check: RowChecker, value: string, scope = ''): boolean {
    const key = `${scope}\u0000${this.keyOf(value)}`;
    const earlier = this.lines.get(key);
    if (earlier !== undefined) {
      check.add(row, this.column, this.repeatedKey, { value, line: earlier });
      return false;
    }
    this.lines.set(key, row.line);
    return true;
  }
}

/** A ";"-separated list cell: its items trimmed, empty ones and repeats left out. */
function listCell(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(';')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** A contact as both forms write one: e-mail in lower case, the phones in E.164 (the first with its digits for search). */
function newContact(
  organizationId: string,
  siteId: string | null,
  fields: {
    name: string;
    roleAtCustomer?: string | undefined;
    email: string | undefined;
    phone: string | null;
    secondPhone?: string | null;
    language: Language;
  },
  at: string,
): NewContact {
  return {
    id: newId(),
    organization_id: organizationId,
    site_id: siteId,
    name: fields.name,
    role_at_customer: fields.roleAtCustomer || null,
    email: fields.email?.toLowerCase() || null,
    phone: fields.phone,
    phone_digits: phoneSearchDigits(fields.phone),
    second_phone: fields.secondPhone ?? null,
    second_phone_digits: phoneSearchDigits(fields.secondPhone ?? null),
    language: fields.language,
    created_at: at,
  };
}

/** An organisation with its first site and contact; a code no other organisation has. */
const ORGANIZATIONS: KindImport<
  { taken: Set<string>; codes: FirstLines; country: string },
  { organization: NewOrganization; site: NewSite | null; contact: NewContact | null }
> = {
  async lookUp({ trx, rows, country }) {
    const taken = await findTakenOrganizationCodes(trx, rows.map((row) => row.values.code ?? '').filter(Boolean));
    return { taken, codes: new FirstLines('code', 'codeRepeated'), country };
  },
  make(row, _index, { taken, codes, country }, check, at) {
    const v = row.values;
    const code = v.code || null;
    if (code) {
      if (taken.has(code)) return check.add(row, 'code', 'codeTaken', { value: code });
      if (!codes.first(row, check, code)) return;
    }
    // A new organisation is in the server's default country; its contacts' numbers are read there.
    const phone = v.contact_phone ? parsePhoneNumber(v.contact_phone, country) : null;
    if (v.contact_phone && !phone) return check.add(row, 'contact_phone', 'badPhone', { value: v.contact_phone });
    const organizationId = newId();
    const organization = { id: organizationId, name: v.name!, code, notes: v.notes || null, country, created_at: at, updated_at: at };
    const site = v.site
      ? { id: newId(), organization_id: organizationId, name: v.site, address: v.site_address || null, created_at: at }
      : null;
    // A contact's phone or e-mail without a name is a problem, but the organisation is still made.
    if (!v.contact_name && (v.contact_phone || v.contact_email)) check.add(row, 'contact_name', 'required');
    const contact = v.contact_name
      ? newContact(
          organizationId,
          site?.id ?? null,
          { name: v.contact_name, email: v.contact_email, phone: phone?.e164 ?? null, language: 'zh-CN' },
          at,
        )
      : null;
    return { organization, site, contact };
  },
  writes: (made) => [
    counted(
      insertOrganizations,
      made.map((one) => one.organization),
    ),
    write(insertSites, some(made.map((one) => one.site))),
    write(insertContacts, some(made.map((one) => one.contact))),
  ],
};

/** The key of an e-mail address within its organisation (letter case aside). */
const emailKey = (organizationId: string, email: string) => `${organizationId}\u0000${email.toLowerCase()}`;

/**
 * Contacts of organisations on record, by the rules of the contact form: a phone (and a second one) is read in the
 * organisation's country unless it carries a country code and kept in E.164, a site is one of the organisation's own
 * (by name), the language is English or Chinese (Chinese when empty), and an e-mail address is no other contact's of
 * the organisation, on record or on an earlier line.
 */
const CONTACTS: KindImport<
  {
    organizationOf: (string | null)[];
    countries: Map<string, string>;
    sites: NamesInOrganizations;
    emailHolders: Map<string, string>;
    emails: FirstLines;
  },
  NewContact
> = {
  async lookUp(input) {
    const { organizationOf, organizationIds } = await OrganizationDirectory.resolveAll(input);
    const countries = await findOrganizationCountries(input.trx, organizationIds);
    const sites = new NamesInOrganizations(await listSiteNames(input.trx, organizationIds), 'Site');
    const emailHolders = new Map<string, string>();
    for (const holder of await listContactEmails(input.trx, organizationIds)) {
      const key = emailKey(holder.organization_id, holder.email);
      if (!emailHolders.has(key)) emailHolders.set(key, holder.name);
    }
    return {
      organizationOf,
      countries,
      sites,
      emailHolders,
      emails: new FirstLines('email', 'contactEmailRepeated', (value) => value.toLowerCase()),
    };
  },
  make(row, index, { organizationOf, countries, sites, emailHolders, emails }, check, at) {
    const organizationId = organizationOf[index];
    if (!organizationId) return;
    const v = row.values;
    const country = countries.get(organizationId)!;
    const phone = v.phone ? parsePhoneNumber(v.phone, country) : null;
    if (v.phone && !phone) return check.add(row, 'phone', 'badContactPhone', { value: v.phone, country });
    const secondPhone = v.second_phone ? parsePhoneNumber(v.second_phone, country) : null;
    if (v.second_phone && !secondPhone) return check.add(row, 'second_phone', 'badContactPhone', { value: v.second_phone, country });
    if (v.email) {
      const holder = emailHolders.get(emailKey(organizationId, v.email));
      if (holder !== undefined) return check.add(row, 'email', 'contactEmailTaken', { value: v.email, name: holder });
      if (!emails.first(row, check, v.email, organizationId)) return;
    }
    const siteId = v.site ? sites.find(row, check, 'site', organizationId, v.site) : null;
    if (v.site && !siteId) return;
    const language = v.language ? LANGUAGES.find((known) => known.toLowerCase() === v.language!.toLowerCase()) : 'zh-CN';
    if (!language) return check.add(row, 'language', 'badLanguage', { value: v.language!, languages: LANGUAGES.join(', ') });
    return newContact(
      organizationId,
      siteId,
      {
        name: v.name!,
        roleAtCustomer: v.role_at_customer,
        email: v.email,
        phone: phone?.e164 ?? null,
        secondPhone: secondPhone?.e164 ?? null,
        language,
      },
      at,
    );
  },
  writes: (made) => [counted(insertContacts, made)],
};

const isContractService = (value: string): value is ContractService => (CONTRACT_SERVICES as readonly string[]).includes(value);

/**
 * Service contracts by the rules of the contract form: a number no other contract has, a period that ends on or after
 * its start, known services, and coverage of the organisation's own projects (by name) and products (by serial);
 * naming neither covers everything the organisation has. Contracts imported use the default escalation policy.
 */
const CONTRACTS: KindImport<
  {
    organizationOf: (string | null)[];
    projects: NamesInOrganizations;
    serials: Awaited<ReturnType<typeof findExistingSerials>>;
    taken: Set<string>;
    numbers: FirstLines;
    departments: DepartmentsByName;
  },
  { contract: NewContract; coverage: NewContractCoverage[] }
> = {
  async lookUp(input) {
    const { trx, rows } = input;
    return {
      ...(await organizationsWithProjects(input)),
      serials: await findExistingSerials(trx, [...new Set(rows.flatMap((row) => listCell(row.values.products)))]),
      taken: await findTakenContractNumbers(trx, valuesIn(rows, 'number')),
      numbers: new FirstLines('number', 'contractNumberRepeated'),
      departments: await DepartmentsByName.load(trx),
    };
  },
  make(row, index, { organizationOf, projects, serials, taken, numbers, departments }, check, at) {
    const organizationId = organizationOf[index];
    if (!organizationId) return;
    const v = row.values;
    const number = v.number!;
    if (taken.has(number)) return check.add(row, 'number', 'contractNumberTaken', { value: number });
    if (!numbers.first(row, check, number)) return;
    if (v.ends_at! < v.starts_at!) return check.add(row, 'ends_at', 'endsBeforeStart', { startsAt: v.starts_at! });
    const services = listCell(v.services).map((service) => service.toLowerCase());
    const unknownService = services.find((service) => !isContractService(service));
    if (unknownService !== undefined)
      return check.add(row, 'services', 'unknownService', { value: unknownService, services: CONTRACT_SERVICES.join(', ') });
    const known = services.filter(isContractService);
    if (known.length === 0) return check.add(row, 'services', 'required');
    const projectIds: string[] = [];
    for (const name of listCell(v.projects)) {
      const projectId = projects.find(row, check, 'projects', organizationId, name);
      if (!projectId) return;
      projectIds.push(projectId);
    }
    const coveredSerials: string[] = [];
    for (const serial of listCell(v.products)) {
      const found = serials.get(serialKey(serial));
      if (!found || found.organization_id !== organizationId)
        return check.add(row, 'products', 'productNotOfOrganization', { value: serial });
      if (found.status === 'retired') return check.add(row, 'products', 'retiredProduct', { value: serial });
      coveredSerials.push(found.serial_number);
    }
    const departmentId = departments.find(row, check, 'servicing_department');
    if (departmentId === undefined) return;
    const id = newId();
    const uniqueProjects = [...new Set(projectIds)];
    const uniqueSerials = [...new Set(coveredSerials)];
    return {
      contract: {
        id,
        organization_id: organizationId,
        number,
        starts_at: v.starts_at!,
        ends_at: v.ends_at!,
        services_json: JSON.stringify(known),
        covers_whole_organization: uniqueProjects.length === 0 && uniqueSerials.length === 0 ? 1 : 0,
        policy_id: null,
        default_department_id: departmentId,
        notes: v.notes || null,
        created_at: at,
        updated_at: at,
      },
      coverage: [
        ...uniqueProjects.map((projectId) => ({ id: newId(), contract_id: id, project_id: projectId, serial_number: null })),
        ...uniqueSerials.map((serial) => ({ id: newId(), contract_id: id, project_id: null, serial_number: serial })),
      ],
    };
  },
  writes: (made) => [
    counted(
      insertContracts,
      made.map((one) => one.contract),
    ),
    write(
      insertContractCoverage,
      made.flatMap((one) => one.coverage),
    ),
  ],
};

/** Projects of organisations on record; the organisation is found as each row is checked, even one with bad columns. */
const PROJECTS: KindImport<{ directory: OrganizationDirectory; departments: DepartmentsByName }, NewProject> = {
  async lookUp({ trx }) {
    return { directory: await OrganizationDirectory.load(trx), departments: await DepartmentsByName.load(trx) };
  },
  badColumns(row, { directory }, check) {
    if (row.values.organization) directory.resolve(row, check);
  },
  make(row, _index, { directory, departments }, check, at) {
    const organizationId = row.values.organization ? directory.resolve(row, check) : null;
    if (!organizationId) return;
    const v = row.values;
    if (v.guarantee_ends_at! < v.delivered_at!)
      return check.add(row, 'guarantee_ends_at', 'guaranteeBeforeDelivery', { deliveredAt: v.delivered_at! });
    const departmentId = departments.find(row, check, 'implementing_department');
    if (departmentId === undefined) return;
    return {
      id: newId(),
      organization_id: organizationId,
      name: v.name!,
      delivered_at: v.delivered_at!,
      guarantee_ends_at: v.guarantee_ends_at!,
      implementing_department_id: departmentId,
      sites_json: JSON.stringify(listCell(v.sites)),
      notes: v.notes || null,
      next_check_on: nextCheckOn(v.delivered_at!, calendarDateOf(at)),
      created_by: null,
      created_at: at,
      updated_at: at,
    };
  },
  writes: (made) => [counted(insertProjects, made)],
};

/**
 * Products of organisations on record, each with a serial number no product has; a vendor not on record is added. As
 * on the product form, a retired vendor, a closed project and a retired site take no new product.
 */
const PRODUCTS: KindImport<
  {
    organizationOf: (string | null)[];
    projects: NamesInOrganizations;
    sites: NamesInOrganizations;
    vendors: Map<string, { id: string; retired: boolean }>;
    existing: Awaited<ReturnType<typeof findExistingSerials>>;
    serials: FirstLines;
  },
  { asset: NewAsset; vendor: NewVendor | null }
> = {
  async lookUp(input) {
    const { trx, rows } = input;
    const { organizationIds, ...named } = await organizationsWithProjects(input);
    return {
      ...named,
      sites: new NamesInOrganizations(await listSiteNames(trx, organizationIds), 'Site'),
      vendors: new Map(
        (await listAllVendors(trx)).map((vendor) => [vendor.name_key, { id: vendor.id, retired: vendor.retired_at !== null }]),
      ),
      existing: await findExistingSerials(trx, valuesIn(rows, 'serial_number')),
      serials: new FirstLines('serial_number', 'serialRepeated', serialKey),
    };
  },
  make(row, index, { organizationOf, projects, sites, vendors, existing, serials }, check, at) {
    const organizationId = organizationOf[index];
    if (!organizationId) return;
    const v = row.values;
    const serial = v.serial_number!;
    const holder = existing.get(serialKey(serial));
    if (holder) return check.add(row, 'serial_number', 'serialTaken', { value: serial, assetId: holder.id });
    if (!serials.first(row, check, serial)) return;
    const projectId = v.project ? projects.find(row, check, 'project', organizationId, v.project) : null;
    if (v.project && !projectId) return;
    if (v.site && !sites.notRetired(row, check, 'site', organizationId, v.site)) return;
    const vendorKey = vendorNameKey(v.vendor!);
    const known = vendors.get(vendorKey);
    if (known?.retired) return check.add(row, 'vendor', 'retiredVendor', { value: v.vendor! });
    const vendor: NewVendor | null = known
      ? null
      : {
          id: newId(),
          name: v.vendor!,
          name_key: vendorKey,
          support_center_name: null,
          support_center_phone: null,
          support_center_email: null,
          support_center_url: null,
          created_at: at,
          updated_at: at,
        };
    if (vendor) vendors.set(vendorKey, { id: vendor.id, retired: false });
    const asset: NewAsset = {
      id: newId(),
      organization_id: organizationId,
      project_id: projectId,
      vendor_id: known?.id ?? vendor!.id,
      model: v.model!,
      serial_number: serial,
      software_version: v.software_version || null,
      site: v.site || null,
      notes: v.notes || null,
      status: 'in-service',
      replaces_asset_id: null,
      replaced_by_asset_id: null,
      created_at: at,
      updated_at: at,
    };
    return { asset, vendor };
  },
  writes: (made) => [
    write(insertVendors, some(made.map((one) => one.vendor))),
    counted(
      insertAssets,
      made.map((one) => one.asset),
    ),
  ],
  vendorsCreated: (made) => some(made.map((one) => one.vendor)).length,
};

const KINDS: Record<ImportKind, Planner> = {
  organizations: planner('organizations', ORGANIZATIONS),
  contacts: planner('contacts', CONTACTS),
  projects: planner('projects', PROJECTS),
  products: planner('products', PRODUCTS),
  contracts: planner('contracts', CONTRACTS),
};
