import type { Actor } from '../../domain/access/permissions.js';
import type { Language, Role } from '../../domain/access/roles.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import { countUsers } from '../../storage/repositories/users.js';
import { openCase, type CaseChannel } from '../cases/open-case.js';
import { transitionCase } from '../cases/transition-case.js';
import { updateCase } from '../cases/update-case.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { assignCompanyPosition } from '../departments/company-positions.js';
import { createDepartment } from '../departments/manage-departments.js';
import { createContract } from '../delivered-systems/manage-contracts.js';
import { createProject } from '../delivered-systems/manage-projects.js';
import { createVendor } from '../delivered-systems/manage-vendors.js';
import { addContact, addSite, createOrganization } from '../organizations/manage-organizations.js';
import { createUser } from '../people/create-user.js';

export const DEMO_PASSWORD = 'casedesk-demo';

export interface DemoSignIn {
  role: Role;
  email: string;
  name: string;
  what: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo's calendar is built around today, so guarantees and contracts are in force or over as described. */
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Deterministic "randomness", so every demo load looks the same. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Loads a demo company into an empty database: the org chart with every escalation position filled, three customers
 * with delivered projects, products and contracts (in and out of guarantee), and about fifty cases of every level at
 * different ages, so fired and upcoming upgrading reports are visible. Everything goes through the same services as
 * the API, so the demo data obeys every rule real data does.
 */
export async function loadDemoCompany(context: ServiceContext): Promise<DemoSignIn[]> {
  if ((await countUsers(context.storage.db)) > 0) throw conflict('errors.demoNeedsEmptyDatabase');
  const now = context.clock.now().getTime();
  const signIns: DemoSignIn[] = [];
  const person = async (
    role: Role,
    email: string,
    name: string,
    what: string,
    extra: { organizationId?: string; language?: Language } = {},
  ) => {
    const user = await createUser(context, null, {
      email,
      name,
      role,
      password: DEMO_PASSWORD,
      organizationId: extra.organizationId ?? null,
      language: extra.language ?? 'en',
    });
    signIns.push({ role, email, name, what });
    return user;
  };

  const admin = await person('admin', 'admin@demo.casedesk', 'Ada Admin', 'installs and configures');
  const actor: Actor = { userId: admin.id, role: 'admin', organizationId: null };
  const secretary = await person('secretary', 'hotline@demo.casedesk', 'Wang Fang', 'takes the 7×24 hotline calls', { language: 'zh-CN' });
  const engineer = await person('executive', 'engineer@demo.casedesk', 'Chen Jie', 'clears faults by phone, remotely and on site');
  const expert = await person('expert', 'expert@demo.casedesk', 'Dr. Liu Yang', 'diagnoses and owns root causes');
  const networkManager = await person('manager', 'network.manager@demo.casedesk', 'Li Wei', 'manager of Network Services');
  const systemsManager = await person('manager', 'systems.manager@demo.casedesk', 'Sara Lind', 'manager of Systems & Security');
  const vpNetwork = await person('manager', 'vp.network@demo.casedesk', 'Zhang Min', 'VP in charge of Network Services', {
    language: 'zh-CN',
  });
  const vpSystems = await person('manager', 'vp.systems@demo.casedesk', 'Tom Berg', 'VP in charge of Systems & Security');
  const gm = await person('manager', 'ocgm@demo.casedesk', 'Zhao Lei', 'general manager of the Operation Center', { language: 'zh-CN' });
  const president = await person('manager', 'president@demo.casedesk', 'Maria Rossi', 'President');

  const network = await createDepartment(context, actor, {
    name: 'Network Services',
    managerUserId: networkManager.id,
    vpInChargeUserId: vpNetwork.id,
  });
  const systems = await createDepartment(context, actor, {
    name: 'Systems & Security',
    managerUserId: systemsManager.id,
    vpInChargeUserId: vpSystems.id,
  });
  await assignCompanyPosition(context, actor, 'operation-center-gm', gm.id);
  await assignCompanyPosition(context, actor, 'president', president.id);

  const cisco = await createVendor(context, actor, {
    name: 'Cisco',
    supportCenter: {
      name: 'Cisco TAC',
      phone: '+1 800 553 2447',
      email: 'tac@cisco.example',
      url: 'https://tac.cisco.example',
      contractNumber: 'CON-SNT-4471093',
    },
  });
  const huawei = await createVendor(context, actor, {
    name: 'Huawei',
    supportCenter: { name: 'Huawei TAC', phone: '+86 400 822 9999', email: 'support@huawei.example', contractNumber: 'HW-SA-2026-0318' },
  });
  const dell = await createVendor(context, actor, { name: 'Dell', supportCenter: { name: 'Dell ProSupport', phone: '+1 800 945 3355' } });

  const customers = [
    {
      name: 'Harbour Logistics',
      code: 'HBL',
      phone: '+86 21 5555 0101',
      contact: 'Zhou Qiang',
      email: 'it@harbour.example',
      language: 'zh-CN' as const,
      guaranteeEnds: now + 200 * DAY,
      contract: 'active' as const,
    },
    {
      name: 'Northwind Hospital',
      code: 'NWH',
      phone: '+44 20 7946 0958',
      contact: 'Emma Clarke',
      email: 'ict@northwind.example',
      language: 'en' as const,
      guaranteeEnds: now - 90 * DAY,
      contract: 'active' as const,
    },
    {
      name: 'Eastlake City Council',
      code: 'ELC',
      phone: '+1 312 555 0147',
      contact: 'Mark Hughes',
      email: 'helpdesk@eastlake.example',
      language: 'en' as const,
      guaranteeEnds: now - 400 * DAY,
      contract: 'expired' as const,
    },
  ];
  const organizations: { id: string; contactId: string; serials: string[] }[] = [];
  for (const [index, customer] of customers.entries()) {
    const organization = await createOrganization(context, actor, { name: customer.name, code: customer.code });
    const site = await addSite(context, actor, organization.id, { name: 'Head office', address: `${index + 1} Main Street` });
    const contact = await addContact(context, actor, organization.id, {
      name: customer.contact,
      email: customer.email,
      phone: customer.phone,
      siteId: site.id,
      language: customer.language,
    });
    await person('customer', `portal@${customer.code.toLowerCase()}.example`, customer.contact, `customer portal of ${customer.name}`, {
      organizationId: organization.id,
      language: customer.language,
    });
    const delivered = customer.guaranteeEnds - 3 * 365 * DAY;
    const project = await createProject(context, actor, {
      organizationId: organization.id,
      name: `${customer.name} campus network`,
      deliveredAt: isoDate(delivered),
      guaranteeEndsAt: isoDate(customer.guaranteeEnds),
      implementingDepartmentId: network.id,
      items: [
        {
          vendorId: cisco.id,
          model: 'Catalyst 9500-48Y4C',
          serialNumber: `${customer.code}-C9500-0001`,
          softwareVersion: 'IOS XE 17.9.4',
          site: 'Head office',
        },
        {
          vendorId: cisco.id,
          model: 'Catalyst 9300-48P',
          serialNumber: `${customer.code}-C9300-0002`,
          softwareVersion: 'IOS XE 17.9.4',
          site: 'Head office',
        },
        {
          vendorId: huawei.id,
          model: 'USG6650E firewall',
          serialNumber: `${customer.code}-USG-0003`,
          softwareVersion: 'V600R007',
          site: 'Head office',
        },
        { vendorId: dell.id, model: 'PowerEdge R750', serialNumber: `${customer.code}-R750-0004`, site: 'Data room' },
      ],
    });
    const contractStart = customer.contract === 'active' ? now - 30 * DAY : now - 800 * DAY;
    await createContract(context, actor, {
      organizationId: organization.id,
      number: `SC-${customer.code}-${new Date(contractStart).getUTCFullYear()}`,
      startsAt: isoDate(contractStart),
      endsAt: isoDate(contractStart + 365 * DAY),
      services: ['hotline', 'remote', 'onsite', 'yearly-check'],
      projectIds: [project.project.id],
    });
    organizations.push({ id: organization.id, contactId: contact.id, serials: project.items.map((item) => item.serial_number) });
  }

  const titles: Record<CaseLevel, string[]> = {
    1: ['Core switch down, whole site offline', 'Firewall cluster failed over and drops all traffic', 'Data centre uplink lost'],
    2: ['Wi-Fi controller reboots every hour', 'VPN tunnels to branches flapping', 'Storage latency above 200 ms'],
    3: ['One access switch port errors', 'Backup job slow at night', 'Printer VLAN unreachable from one floor'],
    4: ['How to add a VLAN on the core switch', 'Request for a firmware upgrade plan', 'Question about the licence renewal'],
  };
  const channels: CaseChannel[] = ['hotline', 'hotline', 'email', 'portal', 'remote'];
  const random = sequence(7);
  for (let index = 0; index < 50; index++) {
    const level = ((index % 4) + 1) as CaseLevel;
    const organization = organizations[index % organizations.length]!;
    const ageHours = [0.5, 2, 5, 12, 30, 50, 80, 100][index % 8]! + random();
    const department = level <= 2 || index % 3 === 0 ? network : systems;
    const created = await openCase(
      context,
      { userId: secretary.id, role: 'secretary', organizationId: null },
      {
        organizationId: organization.id,
        contactId: organization.contactId,
        departmentId: department.id,
        channel: channels[index % channels.length]!,
        level,
        title: titles[level][index % 3]!,
        description: 'Logged from the demo: the customer reported the fault by phone; details in the timeline.',
        serialNumbers: [organization.serials[index % organization.serials.length]!],
        receivedAt: new Date(now - ageHours * HOUR).toISOString(),
      },
    );
    const worker = { userId: engineer.id, role: 'executive' as const, organizationId: null };
    if (index % 5 === 0) continue; // left new: the unassigned queue
    await updateCase(context, actor, created.id, { assigneeId: index % 7 === 0 ? expert.id : engineer.id });
    const path: CaseStatus[] =
      index % 6 === 0 ? ['diagnosing', 'in_progress', 'resolved'] : index % 4 === 1 ? ['diagnosing', 'waiting_customer'] : ['diagnosing'];
    for (const to of path) await transitionCase(context, worker, created.id, { to });
  }
  return signIns;
}
