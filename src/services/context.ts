import { v7 as uuidv7 } from 'uuid';
import type { Storage } from '../storage/db.js';

/** Time is a dependency: services read it from here so tests can play a timeline. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests move by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string | number = '2026-03-02T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceHours(hours: number): void {
    this.advance(hours * 3_600_000);
  }
}

export interface ServiceContext {
  storage: Storage;
  clock: Clock;
  /** Absolute base URL of the web app, for links in e-mails. */
  publicUrl: string;
  /** Folder for uploaded files (configuration record attachments), e.g. `<data dir>/files`; uploads are refused without it. */
  filesDir?: string;
  /** The largest attachment taken (`CASEDESK_ATTACHMENT_MAX_BYTES`); absent means 20 MB. */
  attachmentMaxBytes?: number;
  /** How the running server sends mail (the SMTP host only, never its credentials); absent outside `casedesk serve`. */
  mail?: {
    smtpHost: string | null;
    from: string;
    /** Where answers to mail of a case go (the first of `CASEDESK_INBOUND_ADDRESSES`); null when none is configured. */
    replyTo?: string | null;
  };
  /** `CASEDESK_PDF_FONT`: the font service records are printed with instead of the bundled one. */
  pdfFontFile?: string | null;
  /** Sign-in limits and session lifetime; absent means the defaults (`DEFAULT_SECURITY`). */
  security?: SecuritySettings;
  /** ISO 3166 alpha-2 region for phone numbers written without a country code, where the organisation names none. */
  defaultCountry?: string;
}

export interface SecuritySettings {
  /** Failed sign-ins allowed per e-mail address from one IP address within the window. */
  signInFailuresPerAccount: number;
  /** Failed sign-ins allowed from one IP address across all e-mail addresses within the window. */
  signInFailuresPerIp: number;
  signInWindowMs: number;
  /** A session ends this long after sign-in, however active it is. */
  sessionMaxAgeMs: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  signInFailuresPerAccount: 10,
  signInFailuresPerIp: 20,
  signInWindowMs: 15 * 60_000,
  sessionMaxAgeMs: 7 * 24 * 3_600_000,
};

export const DEFAULT_COUNTRY = 'CN';

export function securityOf(context: Pick<ServiceContext, 'security'>): SecuritySettings {
  return context.security ?? DEFAULT_SECURITY;
}

export function defaultCountryOf(context: Pick<ServiceContext, 'defaultCountry'>): string {
  return context.defaultCountry ?? DEFAULT_COUNTRY;
}

export function newId(): string {
  return uuidv7();
}

export function nowIso(context: Pick<ServiceContext, 'clock'>): string {
  return context.clock.now().toISOString();
}
