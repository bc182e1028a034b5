/**
 * The values of the import templates' example rows (GET /api/v1/imports/{kind}/template) that read the same in every
 * language: the customer's code, telephone numbers, e-mail addresses, dates, the vendor, model and serial number, the
 * service names the import reads. Each catalogue's `importTemplate` takes them from here and adds its translated
 * values (names, sites, notes), so the example rows of the two languages describe the same records.
 */
const code = 'HB';
const serialNumber = 'FOC0000X001';

export const importTemplateValues = {
  organizations: { code, contact_phone: '+86 21 5555 0101', contact_email: 'li.wei@harbour.example' },
  contacts: { organization: code, phone: '021 5555 0102', second_phone: '138 0013 8000', email: 'zhang.min@harbour.example' },
  projects: { organization: code, delivered_at: '2025-04-01', guarantee_ends_at: '2026-03-31' },
  products: { organization: code, vendor: 'Cisco', model: 'C9300-48P', serial_number: serialNumber, software_version: '17.9.4' },
  contracts: {
    organization: code,
    number: 'HB-2026-01',
    starts_at: '2026-04-01',
    ends_at: '2027-03-31',
    services: 'hotline; remote; onsite',
    products: serialNumber,
  },
};
