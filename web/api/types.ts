/**
 * Response and request shapes, taken from the server's own zod schemas and domain types (type-only imports: nothing
 * of the server reaches the bundle), so the web app cannot drift from the API.
 */
import type { z } from 'zod';
import type { Permission } from '../../src/domain/access/permissions.js';
import type { Language, Role } from '../../src/domain/access/roles.js';
import type { CaseStatus } from '../../src/domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../../src/domain/cases/levels.js';
import type { EscalationPosition } from '../../src/domain/escalation/positions.js';
import type { EscalationPolicy } from '../../src/domain/escalation/seed-matrix.js';
import type { alertView, policyView } from '../../src/http/presenters/escalation-policies.js';
import type { notificationView, outboxView } from '../../src/http/presenters/notifications.js';
import type { caseMailView, inboundMailDetailView, inboundMailView } from '../../src/http/presenters/inbound-mail.js';
import type { foundArticleView, searchResultsView } from '../../src/http/presenters/search.js';
import type { mailSettingsView } from '../../src/http/routes/mail-settings.js';
import type { serviceDeskSettingsView } from '../../src/http/presenters/service-desk-settings.js';
import type {
  caseSummaryView,
  caseView,
  ladderStepView,
  serviceActionView,
  timelineEntryView,
  caseAttachmentView,
  vendorEscalationView,
  vendorReportView,
  serviceItemBillingView,
} from '../../src/http/presenters/cases.js';
import type {
  assetView,
  attachmentView,
  contractView,
  exchangeView,
  importReportView,
  organizationEntitlementView,
  organizationProductsView,
  productCaseView,
  productEntitlementView,
  productChangeView,
  productHistoryView,
  projectDetailsView,
  projectView,
  vendorView,
} from '../../src/http/presenters/delivered-systems.js';
import type { contactView, departmentView, organizationView, siteView, userView } from '../../src/http/presenters/people.js';
import type { CaseChannel } from '../../src/services/cases/open-case.js';
import type { COMPANY_POSITIONS } from '../../src/services/departments/company-positions.js';
import type { VendorEscalationStatus } from '../../src/domain/escalation/vendor-escalation.js';

export type { Permission, Language, Role };
export type { CaseStatus, CaseLevel, EscalationPosition, EscalationPolicy, CaseChannel, VendorEscalationStatus };

export type User = z.infer<typeof userView>;
export type Organization = z.infer<typeof organizationView>;
export type Site = z.infer<typeof siteView>;
export type Contact = z.infer<typeof contactView>;
export type Department = z.infer<typeof departmentView>;
export type CompanyPosition = (typeof COMPANY_POSITIONS)[number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Session {
  user: User;
  csrfToken: string | null;
  abilities: Permission[];
}

export interface PositionHolder {
  position: CompanyPosition;
  userId: string | null;
  updatedAt: string | null;
}

export type CaseSummary = z.infer<typeof caseSummaryView>;
export type CaseDetail = z.infer<typeof caseView>;
export type LadderStep = z.infer<typeof ladderStepView>;
export type ServiceAction = z.infer<typeof serviceActionView>;
export type TimelineEntry = z.infer<typeof timelineEntryView>;
export type CaseAttachment = z.infer<typeof caseAttachmentView>;
export type VendorEscalation = z.infer<typeof vendorEscalationView>;
export type VendorReport = z.infer<typeof vendorReportView>;
export type ServiceItemBilling = z.infer<typeof serviceItemBillingView>;

export type ProductEntitlement = z.infer<typeof productEntitlementView>;
export type OrganizationEntitlement = z.infer<typeof organizationEntitlementView>;
export type OrganizationProducts = z.infer<typeof organizationProductsView>;
export type OrganizationProduct = OrganizationProducts['items'][number];
export type Asset = z.infer<typeof assetView>;
export type Contract = z.infer<typeof contractView>;
export type Project = z.infer<typeof projectView>;
export type ProjectDetails = z.infer<typeof projectDetailsView>;
export type Attachment = z.infer<typeof attachmentView>;
export type ProductChange = z.infer<typeof productChangeView>;
export type Vendor = z.infer<typeof vendorView>;
export type ProductHistory = z.infer<typeof productHistoryView>;
export type ProductCase = z.infer<typeof productCaseView>;
export type Exchange = z.infer<typeof exchangeView>;
export type ImportReport = z.infer<typeof importReportView>;

export type OutboxMessage = z.infer<typeof outboxView>;
export type InboundMail = z.infer<typeof inboundMailView>;
export type InboundMailDetail = z.infer<typeof inboundMailDetailView>;
/** `GET /api/v1/cases/{id}/mails/{mailId}`: the original of a mail that came in on a case. */
export type CaseMail = z.infer<typeof caseMailView>;
export type MailSettings = z.infer<typeof mailSettingsView>;
export type ServiceDeskSettings = z.infer<typeof serviceDeskSettingsView>;
export type UserNotification = z.infer<typeof notificationView>;
export type PolicyDetails = z.infer<typeof policyView>;
export type ConfigurationAlert = z.infer<typeof alertView>;

/** `GET /api/v1/search`: one group per kind of record found. */
export type SearchResults = z.infer<typeof searchResultsView>;
export type SearchSnippet = SearchResults['groups'][number]['items'][number]['snippets'][number];
export type SearchGroup = SearchResults['groups'][number];
/** An article found by a search or suggested for a case being written. */
export type FoundArticle = z.infer<typeof foundArticleView>;
