import type { Role } from '../access/roles.js';

/**
 * The kinds of notification a user chooses to get, each on or off per channel. Other in-app notices (a
 * configuration alert to admins, a visit scheduled) are not a choice and are not listed here.
 */
export const NOTIFICATION_KINDS = [
  'case-assigned',
  'new-unassigned-case',
  'customer-replied',
  'case-reopened',
  'escalation',
  'action-due',
  'problem-proposed',
  // A webhook the admin added was switched off because its receiver kept failing.
  'webhook-disabled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['inApp', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export type ChannelChoice = Record<NotificationChannel, boolean>;
export type NotificationPreferences = Record<NotificationKind, ChannelChoice>;

/**
 * What a user gets before choosing: everything in the app, and by e-mail everything addressed to them personally.
 * A new unassigned case goes to a whole department, so its mail is off until someone asks for it.
 */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  'case-assigned': { inApp: true, email: true },
  'new-unassigned-case': { inApp: true, email: false },
  'customer-replied': { inApp: true, email: true },
  'case-reopened': { inApp: true, email: true },
  escalation: { inApp: true, email: true },
  'action-due': { inApp: true, email: true },
  'problem-proposed': { inApp: true, email: true },
  'webhook-disabled': { inApp: true, email: true },
};

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/** A user's full preferences: the kinds they set, over the defaults. */
export function preferencesOf(stored: readonly { kind: string; inApp: boolean; email: boolean }[]): NotificationPreferences {
  const preferences = structuredClone(DEFAULT_PREFERENCES);
  for (const choice of stored) if (isNotificationKind(choice.kind)) preferences[choice.kind] = { inApp: choice.inApp, email: choice.email };
  return preferences;
}

/** Who may be told of a case event: an active staff member who did not cause it (nobody is told of their own act). */
export interface Candidate {
  userId: string;
  role: Role;
  active: boolean;
}

export function audienceOf<T extends Candidate>(candidates: readonly T[], actorUserId: string | null): T[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    if (!candidate.active || candidate.role === 'customer' || candidate.userId === actorUserId || seen.has(candidate.userId)) return false;
    seen.add(candidate.userId);
    return true;
  });
}

/** Roles of a department told of a new unassigned case: those who take it on (secretaries route it, engineers pick it). */
export const NEW_CASE_ROLES: readonly Role[] = ['secretary', 'executive', 'expert'];

/** Whom a case event concerns: its assignee, or, while it has none, the people of its department who take new work. */
export function caseAudienceRule(assigneeUserId: string | null): { assignee: string } | { department: readonly Role[] } {
  return assigneeUserId ? { assignee: assigneeUserId } : { department: NEW_CASE_ROLES };
}
