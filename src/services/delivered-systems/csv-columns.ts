/** The columns of each CSV kind, shared by import and export so an exported file imports again unchanged. */

export const IMPORT_KINDS = ['organizations', 'contacts', 'projects', 'products', 'contracts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnSpec {
  name: string;
  required: boolean;
  max: number;
  format?: 'date' | 'email';
}

const column = (name: string, max: number, options: { required?: boolean; format?: ColumnSpec['format'] } = {}): ColumnSpec => ({
  name,
  max,
  required: options.required ?? false,
  ...(options.format ? { format: options.format } : {}),
});

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  organizations: [
    column('name', 200, { required: true }),
    column('code', 50),
    column('notes', 5000),
    column('site', 200),
    column('site_address', 500),
    column('contact_name', 200),
    column('contact_phone', 50),
    column('contact_email', 254, { format: 'email' }),
  ],
  contacts: [
    // The organisation's code, else its exact name.
    column('organization', 200, { required: true }),
    column('name', 200, { required: true }),
    // What the contact is at the customer ("Network administrator").
    column('role_at_customer', 100),
    // Both read in the organisation's country unless written with a country code, as in the contact form.
    column('phone', 50),
    column('second_phone', 50),
    // One contact per address within an organisation (letter case aside), on record or in the file.
    column('email', 254, { format: 'email' }),
    // The name of one of the organisation's sites.
    column('site', 200),
    // The language of the mail the contact gets: en or zh-CN (empty: zh-CN, as in the contact form).
    column('language', 10),
  ],
  projects: [
    // The organisation's code, else its exact name.
    column('organization', 200, { required: true }),
    column('name', 200, { required: true }),
    column('delivered_at', 10, { required: true, format: 'date' }),
    column('guarantee_ends_at', 10, { required: true, format: 'date' }),
    column('implementing_department', 200),
    // Several sites separated by ";".
    column('sites', 2000),
    column('notes', 5000),
  ],
  products: [
    column('organization', 200, { required: true }),
    // The project's name within the organisation; empty for a product outside any project.
    column('project', 200),
    // The vendor's name; a vendor not on record yet is added (without a support center).
    column('vendor', 200, { required: true }),
    column('model', 200, { required: true }),
    column('serial_number', 100, { required: true }),
    column('software_version', 100),
    column('site', 200),
    column('notes', 5000),
  ],
  contracts: [
    column('organization', 200, { required: true }),
    column('number', 100, { required: true }),
    column('starts_at', 10, { required: true, format: 'date' }),
    column('ends_at', 10, { required: true, format: 'date' }),
    // Several of hotline, remote, onsite, training, yearly-check separated by ";".
    column('services', 200, { required: true }),
    // What the contract covers: the organisation's projects by name and its products by serial number, each list
    // separated by ";"; both empty for everything the organisation has.
    column('projects', 5000),
    column('products', 20000),
    // The department that services the contract's cases, by name.
    column('servicing_department', 200),
    column('notes', 5000),
  ],
};

/** "Serial Number", "serial-number" and "serial_number" name the same column. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
