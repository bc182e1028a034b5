import Tabs from 'antd/es/tabs';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../../api/session';
import type { Permission } from '../../api/types';
import { UnfilledPositionsAlert } from '../../components/unfilled-positions';

const SECTIONS: { key: string; label: string; permission: Permission }[] = [
  { key: 'users', label: 'nav.users', permission: 'users.manage' },
  { key: 'departments', label: 'nav.departments', permission: 'departments.manage' },
  { key: 'positions', label: 'nav.positions', permission: 'positions.manage' },
  { key: 'policies', label: 'nav.policies', permission: 'policies.read' },
  { key: 'outbox', label: 'nav.outbox', permission: 'outbox.read' },
  { key: 'mail', label: 'mailSettings.title', permission: 'outbox.read' },
  { key: 'audit', label: 'auditLog.title', permission: 'audit.read' },
  { key: 'recurrence', label: 'problemProposals.rules.title', permission: 'problems.read' },
  { key: 'canned-replies', label: 'cannedReplies.shared', permission: 'canned-replies.share' },
  { key: 'webhooks', label: 'webhooks.title', permission: 'webhooks.manage' },
  { key: 'backups', label: 'backups.title', permission: 'backups.read' },
  { key: 'wallboards', label: 'wallboards.title', permission: 'wallboards.manage' },
];

/** Administration: one tab per section (each its own URL) and, above them, the alert for unfilled positions. */
export default function AdminLayout() {
  const { t } = useTranslation();
  const { can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.split('/')[2] ?? 'users';
  const sections = SECTIONS.filter((section) => can(section.permission));
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('nav.admin')}
      </Typography.Title>
      {can('config-alerts.read') ? <UnfilledPositionsAlert /> : null}
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/admin/${key}`)}
        items={sections.map((section) => ({ key: section.key, label: t(section.label) }))}
      />
      <Outlet />
    </>
  );
}
