/** Where the vendor's own case stands, as our staff follow it (the vendor's words differ; these are ours). */
export const VENDOR_ESCALATION_STATUSES = ['open', 'submitted', 'in_progress', 'resolved', 'closed'] as const;
export type VendorEscalationStatus = (typeof VENDOR_ESCALATION_STATUSES)[number];
