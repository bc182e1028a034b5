import { z } from 'zod';
import { LANGUAGES, ROLES } from '../../domain/access/roles.js';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import type { Actor } from '../../domain/access/permissions.js';
import { contactRights, organizationRights, visibleOrganizationFields } from '../../domain/access/policies/organizations.js';
import { personalDataRights } from '../../domain/access/policies/personal-data.js';
import type { DepartmentRow } from '../../storage/repositories/departments.js';
import type { ContactRow, OrganizationRow, SiteRow } from '../../storage/repositories/organizations.js';
import type { UserRow } from '../../storage/repositories/users.js';

/** Presenters shape every response from storage rows, so columns (and secrets) never leak into the API. */

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organizationId: z.string().nullable(),
  departmentId: z.string().nullable(),
  language: z.enum(LANGUAGES),
  disabled: z.boolean(),
  erased: z.boolean().describe('The personal data was erased: the name is a pseudonym and the account is disabled'),
  createdAt: z.string(),
  can: z
    .object({ exportPersonalData: z.boolean(), erasePersonalData: z.boolean() })
    .describe('What the calling user may do with this account'),
});
export type UserView = z.infer<typeof userView>;

/** `actor`: who asks; without one (first-run setup) nothing is offered. */
export function presentUser(row: UserRow, actor?: Actor): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as UserView['role'],
    organizationId: row.organization_id,
    departmentId: row.department_id,
    language: row.language as UserView['language'],
    disabled: row.disabled_at !== null,
    erased: row.erased_at !== null,
    createdAt: row.created_at,
    can: actor
      ? personalDataRights(actor, { kind: 'user', role: row.role, erased: row.erased_at !== null })
      : { exportPersonalData: false, erasePersonalData: false },
  };
}

/** Whether a customer, site or contact is retired, since when and by whom. */
function retiredFields(what: string) {
  return {
    retired: z.boolean().describe(`A retired ${what} stays on old records but is not chosen for new work`),
    retiredAt: z.string().nullable(),
    retiredBy: z.string().nullable().describe('The user who retired it'),
  };
}

function presentRetired(row: { retired_at: string | null; retired_by: string | null }) {
  return { retired: row.retired_at !== null, retiredAt: row.retired_at, retiredBy: row.retired_by };
}

export const organizationView = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  notes: z.string().nullable().describe('The company’s internal notes on the customer: staff only, null for a customer user'),
  country: z.string().describe('ISO 3166 alpha-2; where phone numbers written without a country code are read'),
  /** The department that services this customer's cases unless a contract or the secretary names another. */
  defaultDepartmentId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...retiredFields('customer'),
  can: z
    .object({
      edit: z.boolean(),
      retire: z.boolean().describe('Retire it, or reactivate it when retired'),
      addContact: z.boolean(),
      addSite: z.boolean(),
      addProject: z.boolean(),
      addProduct: z.boolean(),
      addContract: z.boolean(),
      logCase: z.boolean(),
    })
    .describe('What the calling user may do with this customer; a retired one takes no new records, so nothing is added to it'),
});

export function presentOrganization(actor: Actor, row: OrganizationRow): z.infer<typeof organizationView> {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    notes: visibleOrganizationFields(actor, { id: row.id }).notes ? row.notes : null,
    country: row.country,
    defaultDepartmentId: row.default_department_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...presentRetired(row),
    can: organizationRights(actor, { id: row.id, retired: row.retired_at !== null }),
  };
}

export const siteView = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  accessNotes: z.string().nullable().describe('How to get in: gate, badge, who lets the engineer in, parking'),
  hours: z.string().nullable().describe("The site's own opening hours as the customer states them"),
  ...retiredFields('site'),
});

export function presentSite(row: SiteRow): z.infer<typeof siteView> {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    address: row.address,
    accessNotes: row.access_notes,
    hours: row.hours,
    ...presentRetired(row),
  };
}

export const contactView = z.object({
  id: z.string(),
  organizationId: z.string(),
  siteId: z.string().nullable(),
  name: z.string(),
  roleAtCustomer: z.string().nullable().describe('What the contact is at the customer, e.g. "Network administrator"'),
  email: z.string().nullable(),
  phone: z.string().nullable().describe('International format, e.g. +86 21 5555 0101'),
  phoneE164: z.string().nullable().describe('The stored number, e.g. +862155550101; null for a number kept as typed'),
  secondPhone: z.string().nullable().describe('Another number, international format'),
  secondPhoneE164: z.string().nullable().describe('The stored second number, e.g. +8613800138000'),
  language: z.enum(LANGUAGES),
  ...retiredFields('contact'),
  erased: z.boolean().describe('The personal data was erased: the name is a pseudonym, e-mail and phones are cleared'),
  can: z
    .object({ edit: z.boolean(), retire: z.boolean(), exportPersonalData: z.boolean(), erasePersonalData: z.boolean() })
    .describe('What the calling user may do with this contact'),
});

export function presentContact(actor: Actor, row: ContactRow): z.infer<typeof contactView> {
  return {
    id: row.id,
    organizationId: row.organization_id,
    siteId: row.site_id,
    name: row.name,
    roleAtCustomer: row.role_at_customer,
    email: row.email,
    phone: row.phone === null ? null : displayPhoneNumber(row.phone),
    phoneE164: row.phone?.startsWith('+') ? row.phone : null,
    secondPhone: row.second_phone === null ? null : displayPhoneNumber(row.second_phone),
    secondPhoneE164: row.second_phone,
    language: row.language as z.infer<typeof contactView>['language'],
    ...presentRetired(row),
    erased: row.erased_at !== null,
    can: {
      ...contactRights(actor, { id: row.organization_id }),
      ...personalDataRights(actor, { kind: 'contact', erased: row.erased_at !== null }),
    },
  };
}

export const departmentView = z.object({
  id: z.string(),
  name: z.string(),
  managerUserId: z.string().nullable(),
  vpInChargeUserId: z.string().nullable(),
  /** Services the cases that no contract, customer or secretary assigns elsewhere; exactly one department has it. */
  companyDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentDepartment(row: DepartmentRow): z.infer<typeof departmentView> {
  return {
    id: row.id,
    name: row.name,
    managerUserId: row.manager_user_id,
    vpInChargeUserId: row.vp_in_charge_user_id,
    companyDefault: row.company_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
