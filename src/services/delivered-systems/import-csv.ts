import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import type { Actor } from '../../domain/access/permissions.js';
import { LANGUAGES } from '../../domain/access/roles.js';
import { calendarDateOf, isCalendarDate } from '../../domain/entitlement/entitlement.js';
import { nextCheckOn } from '../../domain/entitlement/yearly-checks.js';
import type { Executor } from '../../storage/db.js';
import { findExistingSerials, insertAssets, serialKey, type NewAsset } from '../../storage/repositories/assets.js';
import type { NewContract, NewContractCoverage } from '../../storage/repositories/contracts.js';
import type { NewContact, NewOrganization, NewSite } from '../../storage/repositories/organizations.js';
import { insertProjects, listProjectNames, type NewProject } from '../../storage/repositories/projects.js';
import { insertVendors, listAllVendors, vendorNameKey, type NewVendor } from '../../storage/repositories/vendors.js';
import { recordChange } from '../audit.js';
import { forbidden } from '../errors.js';
import { CONTRACT_SERVICES, type ContractService } from '../../domain/entitlement/entitlement.js';
import { insertContractCoverage } from '../../storage/repositories/contracts.js';
import { defaultCountryOf, newId, nowIso, type ServiceContext } from '../context.js';
import { parsePhoneNumber, phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import { COLUMNS, normalizeHeader, type ColumnSpec, type ImportKind } from './csv-columns.js';
import { mayImportKind } from '../../domain/access/policies/data-transfer.js';

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
    const planned = await planImport(trx, kind, rows, check, at, progress, defaultCountryOf(context));
    if (problems.length > 0 || options.dryRun) return planned;
    progress('storing', 0, rows.length);
    await planned.store(trx, (done) => progress('storing', done, rows.length));
    await recordChange(trx, {
      at,
      actorUserId: actor.userId,
      action: `import.${kind}`,
      entityType: 'import',
      entityId: newId(),
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

  add(row: CsvRow, column: string | null, messageKey: string, params: Record<string, string | number> = {}): void {
    if (!this.full) this.problems.push({ line: row.line, column, messageKey: `importErrors.${messageKey}`, params });
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

interface ImportPlan {
  created: number;
  vendorsCreated: number;
  store(trx: Executor, progress: (done: number) => void): Promise<void>;
}

async function planImport(
  trx: Executor,
  kind: ImportKind,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  progress: (phase: ImportPhase, done: number, total: number) => void,
  country: string,
): Promise<ImportPlan> {
  const ticker = (index: number) => {
    if (index % PROGRESS_EVERY === 0) progress('checking', index, rows.length);
  };
  const plan =
    kind === 'organizations'
      ? await planOrganizations(trx, rows, check, at, ticker, country)
      : kind === 'contacts'
        ? await planContacts(trx, rows, check, at, ticker)
        : kind === 'projects'
          ? await planProjects(trx, rows, check, at, ticker)
          : kind === 'contracts'
            ? await planContracts(trx, rows, check, at, ticker)
            : await planProducts(trx, rows, check, at, ticker);
  progress('checking', rows.length, rows.length);
  return plan;
}

async function insertInBatches<Row>(rows: Row[], insert: (batch: Row[]) => Promise<void>, progress: (done: number) => void): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await insert(rows.slice(start, start + BATCH));
    progress(Math.min(rows.length, start + BATCH));
  }
}

/** Organisations by code and by exact name (case-insensitive), as files name them. */
class OrganizationDirectory {
  private constructor(
    private readonly byCode: Map<string, string>,
    private readonly byName: Map<string, string[]>,
  ) {}

  static async load(trx: Executor): Promise<OrganizationDirectory> {
    const rows = await trx.selectFrom('organizations').select(['id', 'code', 'name']).execute();
    const byCode = new Map<string, string>();
    const byName = new Map<string, string[]>();
    for (const row of rows) {
      if (row.code) byCode.set(row.code.toLowerCase(), row.id);
      const key = row.name.trim().toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), row.id]);
    }
    return new OrganizationDirectory(byCode, byName);
  }

  resolve(row: CsvRow, check: RowChecker): string | null {
    const value = row.values.organization ?? '';
    const key = value.toLowerCase();
    const byCode = this.byCode.get(key);
    if (byCode) return byCode;
    const named = this.byName.get(key) ?? [];
    if (named.length === 1) return named[0]!;
    if (named.length > 1) check.add(row, 'organization', 'ambiguousOrganization', { value, count: named.length });
    else check.add(row, 'organization', 'unknownOrganization', { value });
    return null;
  }
}

async function planOrganizations(
  trx: Executor,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  tick: (index: number) => void,
  country: string,
): Promise<ImportPlan> {
  const specs = COLUMNS.organizations;
  const organizations: NewOrganization[] = [];
  const sites: NewSite[] = [];
  const contacts: NewContact[] = [];
  const codes = new Map<string, number>();
  const codesInFile = rows.map((row) => row.values.code ?? '').filter(Boolean);
  const taken = new Set<string>();
  for (let start = 0; start < codesInFile.length; start += BATCH) {
    const found = await trx
      .selectFrom('organizations')
      .select('code')
      .where('code', 'in', codesInFile.slice(start, start + BATCH))
      .execute();
    for (const row of found) if (row.code) taken.add(row.code);
  }
  rows.forEach((row, index) => {
    tick(index);
    if (!check.columns(row, specs)) return;
    const v = row.values;
    const code = v.code || null;
    if (code) {
      if (taken.has(code)) return check.add(row, 'code', 'codeTaken', { value: code });
      const earlier = codes.get(code);
      if (earlier !== undefined) return check.add(row, 'code', 'codeRepeated', { value: code, line: earlier });
      codes.set(code, row.line);
    }
    // A new organisation is in the server's default country; its contacts' numbers are read there.
    const phone = v.contact_phone ? parsePhoneNumber(v.contact_phone, country) : null;
    if (v.contact_phone && !phone) return check.add(row, 'contact_phone', 'badPhone', { value: v.contact_phone });
    const organizationId = newId();
    organizations.push({ id: organizationId, name: v.name!, code, notes: v.notes || null, country, created_at: at, updated_at: at });
    const siteId = v.site ? newId() : null;
    if (siteId) sites.push({ id: siteId, organization_id: organizationId, name: v.site!, address: v.site_address || null, created_at: at });
    if (v.contact_name) {
      contacts.push({
        id: newId(),
        organization_id: organizationId,
        site_id: siteId,
        name: v.contact_name,
        email: v.contact_email?.toLowerCase() || null,
        phone: phone?.e164 ?? null,
        phone_digits: phoneSearchDigits(phone?.e164 ?? null),
        language: 'zh-CN',
        created_at: at,
      });
    } else if (v.contact_phone || v.contact_email) {
      check.add(row, 'contact_name', 'required');
    }
  });
  return {
    created: organizations.length,
    vendorsCreated: 0,
    async store(executor, progress) {
      await insertInBatches(
        organizations,
        (batch) =>
          executor
            .insertInto('organizations')
            .values(batch)
            .execute()
            .then(() => undefined),
        progress,
      );
      await insertInBatches(
        sites,
        (batch) =>
          executor
            .insertInto('sites')
            .values(batch)
            .execute()
            .then(() => undefined),
        () => undefined,
      );
      await insertInBatches(
        contacts,
        (batch) =>
          executor
            .insertInto('contacts')
            .values(batch)
            .execute()
            .then(() => undefined),
        () => undefined,
      );
    },
  };
}

/**
 * Contacts of organisations on record, by the rules of the contact form: a phone is read in the organisation's
 * country unless it carries a country code and kept in E.164, a site is one of the organisation's own (by name), the
 * language is English or Chinese (Chinese when empty).
 */
async function planContacts(
  trx: Executor,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  tick: (index: number) => void,
): Promise<ImportPlan> {
  const specs = COLUMNS.contacts;
  const directory = await OrganizationDirectory.load(trx);
  const organizationOf = rows.map((row) => (row.values.organization ? directory.resolve(row, check) : null));
  const organizationIds = [...new Set(organizationOf.filter((id): id is string => id !== null))];
  const countries = new Map<string, string>();
  const sitesByName = new Map<string, string[]>();
  for (let start = 0; start < organizationIds.length; start += BATCH) {
    const batch = organizationIds.slice(start, start + BATCH);
    for (const row of await trx.selectFrom('organizations').select(['id', 'country']).where('id', 'in', batch).execute())
      countries.set(row.id, row.country);
    for (const site of await trx
      .selectFrom('sites')
      .select(['id', 'organization_id', 'name'])
      .where('organization_id', 'in', batch)
      .execute()) {
      const key = `${site.organization_id}\u0000${site.name.trim().toLowerCase()}`;
      sitesByName.set(key, [...(sitesByName.get(key) ?? []), site.id]);
    }
  }
  const contacts: NewContact[] = [];
  rows.forEach((row, index) => {
    tick(index);
    const columnsGood = check.columns(row, specs);
    const organizationId = organizationOf[index];
    if (!columnsGood || !organizationId) return;
    const v = row.values;
    const country = countries.get(organizationId)!;
    const phone = v.phone ? parsePhoneNumber(v.phone, country) : null;
    if (v.phone && !phone) return check.add(row, 'phone', 'badContactPhone', { value: v.phone, country });
    let siteId: string | null = null;
    if (v.site) {
      const matches = sitesByName.get(`${organizationId}\u0000${v.site.toLowerCase()}`) ?? [];
      if (matches.length !== 1)
        return check.add(row, 'site', matches.length === 0 ? 'unknownSite' : 'ambiguousSite', { value: v.site, count: matches.length });
      siteId = matches[0]!;
    }
    const language = v.language ? LANGUAGES.find((known) => known.toLowerCase() === v.language!.toLowerCase()) : 'zh-CN';
    if (!language) return check.add(row, 'language', 'badLanguage', { value: v.language!, languages: LANGUAGES.join(', ') });
    contacts.push({
      id: newId(),
      organization_id: organizationId,
      site_id: siteId,
      name: v.name!,
      email: v.email?.toLowerCase() || null,
      phone: phone?.e164 ?? null,
      phone_digits: phoneSearchDigits(phone?.e164 ?? null),
      language,
      created_at: at,
    });
  });
  return {
    created: contacts.length,
    vendorsCreated: 0,
    store: (executor, progress) =>
      insertInBatches(
        contacts,
        (batch) =>
          executor
            .insertInto('contacts')
            .values(batch)
            .execute()
            .then(() => undefined),
        progress,
      ),
  };
}

const isContractService = (value: string): value is ContractService => (CONTRACT_SERVICES as readonly string[]).includes(value);

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

/**
 * Service contracts by the rules of the contract form: a number no other contract has, a period that ends on or after
 * its start, known services, and coverage of the organisation's own projects (by name) and products (by serial);
 * naming neither covers everything the organisation has. Contracts imported use the default escalation policy.
 */
async function planContracts(
  trx: Executor,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  tick: (index: number) => void,
): Promise<ImportPlan> {
  const specs = COLUMNS.contracts;
  const directory = await OrganizationDirectory.load(trx);
  const organizationOf = rows.map((row) => (row.values.organization ? directory.resolve(row, check) : null));
  const organizationIds = [...new Set(organizationOf.filter((id): id is string => id !== null))];
  const projectsByName = new Map<string, string[]>();
  for (let start = 0; start < organizationIds.length; start += BATCH) {
    for (const project of await listProjectNames(trx, organizationIds.slice(start, start + BATCH))) {
      const key = `${project.organization_id}\u0000${project.name.trim().toLowerCase()}`;
      projectsByName.set(key, [...(projectsByName.get(key) ?? []), project.id]);
    }
  }
  const existingSerials = await findExistingSerials(trx, [...new Set(rows.flatMap((row) => listCell(row.values.products)))]);
  const numbersInFile = [...new Set(rows.map((row) => row.values.number ?? '').filter(Boolean))];
  const takenNumbers = new Set<string>();
  for (let start = 0; start < numbersInFile.length; start += BATCH) {
    const found = await trx
      .selectFrom('contracts')
      .select('number')
      .where('number', 'in', numbersInFile.slice(start, start + BATCH))
      .execute();
    for (const row of found) takenNumbers.add(row.number);
  }
  const departments = new Map<string, string>();
  for (const department of await trx.selectFrom('departments').select(['id', 'name']).execute())
    departments.set(department.name.trim().toLowerCase(), department.id);

  const numberLines = new Map<string, number>();
  const contracts: NewContract[] = [];
  const coverage: NewContractCoverage[] = [];
  rows.forEach((row, index) => {
    tick(index);
    const columnsGood = check.columns(row, specs);
    const organizationId = organizationOf[index];
    if (!columnsGood || !organizationId) return;
    const v = row.values;
    const number = v.number!;
    if (takenNumbers.has(number)) return check.add(row, 'number', 'contractNumberTaken', { value: number });
    const earlier = numberLines.get(number);
    if (earlier !== undefined) return check.add(row, 'number', 'contractNumberRepeated', { value: number, line: earlier });
    numberLines.set(number, row.line);
    if (v.ends_at! < v.starts_at!) return check.add(row, 'ends_at', 'endsBeforeStart', { startsAt: v.starts_at! });
    const services = listCell(v.services).map((service) => service.toLowerCase());
    const unknownService = services.find((service) => !isContractService(service));
    if (unknownService !== undefined)
      return check.add(row, 'services', 'unknownService', { value: unknownService, services: CONTRACT_SERVICES.join(', ') });
    const known = services.filter(isContractService);
    if (known.length === 0) return check.add(row, 'services', 'required');
    const projectIds: string[] = [];
    for (const name of listCell(v.projects)) {
      const matches = projectsByName.get(`${organizationId}\u0000${name.toLowerCase()}`) ?? [];
      if (matches.length !== 1)
        return check.add(row, 'projects', matches.length === 0 ? 'unknownProject' : 'ambiguousProject', {
          value: name,
          count: matches.length,
        });
      projectIds.push(matches[0]!);
    }
    const serials: string[] = [];
    for (const serial of listCell(v.products)) {
      const found = existingSerials.get(serialKey(serial));
      if (!found || found.organization_id !== organizationId)
        return check.add(row, 'products', 'productNotOfOrganization', { value: serial });
      serials.push(found.serial_number);
    }
    let departmentId: string | null = null;
    if (v.servicing_department) {
      departmentId = departments.get(v.servicing_department.toLowerCase()) ?? null;
      if (!departmentId) return check.add(row, 'servicing_department', 'unknownDepartment', { value: v.servicing_department });
    }
    const id = newId();
    const uniqueProjects = [...new Set(projectIds)];
    const uniqueSerials = [...new Set(serials)];
    contracts.push({
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
    });
    for (const projectId of uniqueProjects) coverage.push({ id: newId(), contract_id: id, project_id: projectId, serial_number: null });
    for (const serial of uniqueSerials) coverage.push({ id: newId(), contract_id: id, project_id: null, serial_number: serial });
  });
  return {
    created: contracts.length,
    vendorsCreated: 0,
    async store(executor, progress) {
      await insertInBatches(
        contracts,
        (batch) =>
          executor
            .insertInto('contracts')
            .values(batch)
            .execute()
            .then(() => undefined),
        progress,
      );
      await insertInBatches(
        coverage,
        (batch) => insertContractCoverage(executor, batch),
        () => undefined,
      );
    },
  };
}

async function planProjects(
  trx: Executor,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  tick: (index: number) => void,
): Promise<ImportPlan> {
  const specs = COLUMNS.projects;
  const directory = await OrganizationDirectory.load(trx);
  const departments = new Map<string, string>();
  for (const department of await trx.selectFrom('departments').select(['id', 'name']).execute())
    departments.set(department.name.trim().toLowerCase(), department.id);
  const today = calendarDateOf(at);
  const projects: NewProject[] = [];
  rows.forEach((row, index) => {
    tick(index);
    const columnsGood = check.columns(row, specs);
    const organizationId = row.values.organization ? directory.resolve(row, check) : null;
    if (!columnsGood || !organizationId) return;
    const v = row.values;
    if (v.guarantee_ends_at! < v.delivered_at!)
      return check.add(row, 'guarantee_ends_at', 'guaranteeBeforeDelivery', { deliveredAt: v.delivered_at! });
    let departmentId: string | null = null;
    if (v.implementing_department) {
      departmentId = departments.get(v.implementing_department.toLowerCase()) ?? null;
      if (!departmentId) return check.add(row, 'implementing_department', 'unknownDepartment', { value: v.implementing_department });
    }
    const sites = [
      ...new Set(
        (v.sites ?? '')
          .split(';')
          .map((site) => site.trim())
          .filter(Boolean),
      ),
    ];
    projects.push({
      id: newId(),
      organization_id: organizationId,
      name: v.name!,
      delivered_at: v.delivered_at!,
      guarantee_ends_at: v.guarantee_ends_at!,
      implementing_department_id: departmentId,
      sites_json: JSON.stringify(sites),
      notes: v.notes || null,
      next_check_on: nextCheckOn(v.delivered_at!, today),
      created_by: null,
      created_at: at,
      updated_at: at,
    });
  });
  return {
    created: projects.length,
    vendorsCreated: 0,
    store: (executor, progress) => insertInBatches(projects, (batch) => insertProjects(executor, batch), progress),
  };
}

async function planProducts(
  trx: Executor,
  rows: CsvRow[],
  check: RowChecker,
  at: string,
  tick: (index: number) => void,
): Promise<ImportPlan> {
  const specs = COLUMNS.products;
  const directory = await OrganizationDirectory.load(trx);
  const vendors = new Map((await listAllVendors(trx)).map((vendor) => [vendor.name_key, vendor.id]));
  const newVendors: NewVendor[] = [];
  const serialLines = new Map<string, number>();
  const existing = await findExistingSerials(trx, [...new Set(rows.map((row) => row.values.serial_number ?? '').filter(Boolean))]);

  // First pass: organisations, so the projects of just those organisations are loaded once.
  const organizationOf = rows.map((row) => (row.values.organization ? directory.resolve(row, check) : null));
  const projectsByName = new Map<string, string[]>();
  const organizationIds = [...new Set(organizationOf.filter((id): id is string => id !== null))];
  for (let start = 0; start < organizationIds.length; start += BATCH) {
    for (const project of await listProjectNames(trx, organizationIds.slice(start, start + BATCH))) {
      const key = `${project.organization_id}\u0000${project.name.trim().toLowerCase()}`;
      projectsByName.set(key, [...(projectsByName.get(key) ?? []), project.id]);
    }
  }

  const assets: NewAsset[] = [];
  rows.forEach((row, index) => {
    tick(index);
    const columnsGood = check.columns(row, specs);
    const organizationId = organizationOf[index];
    if (!columnsGood || !organizationId) return;
    const v = row.values;
    const serial = v.serial_number!;
    const holder = existing.get(serialKey(serial));
    if (holder) return check.add(row, 'serial_number', 'serialTaken', { value: serial, assetId: holder.id });
    const earlier = serialLines.get(serialKey(serial));
    if (earlier !== undefined) return check.add(row, 'serial_number', 'serialRepeated', { value: serial, line: earlier });
    serialLines.set(serialKey(serial), row.line);
    let projectId: string | null = null;
    if (v.project) {
      const matches = projectsByName.get(`${organizationId}\u0000${v.project.toLowerCase()}`) ?? [];
      if (matches.length !== 1) {
        return check.add(row, 'project', matches.length === 0 ? 'unknownProject' : 'ambiguousProject', {
          value: v.project,
          count: matches.length,
        });
      }
      projectId = matches[0]!;
    }
    const vendorKey = vendorNameKey(v.vendor!);
    let vendorId = vendors.get(vendorKey);
    if (!vendorId) {
      vendorId = newId();
      vendors.set(vendorKey, vendorId);
      newVendors.push({
        id: vendorId,
        name: v.vendor!,
        name_key: vendorKey,
        support_center_name: null,
        support_center_phone: null,
        support_center_email: null,
        support_center_url: null,
        created_at: at,
        updated_at: at,
      });
    }
    assets.push({
      id: newId(),
      organization_id: organizationId,
      project_id: projectId,
      vendor_id: vendorId,
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
    });
  });
  return {
    created: assets.length,
    vendorsCreated: newVendors.length,
    async store(executor, progress) {
      await insertInBatches(
        newVendors,
        (batch) => insertVendors(executor, batch),
        () => undefined,
      );
      await insertInBatches(assets, (batch) => insertAssets(executor, batch), progress);
    },
  };
}
