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
  /** How the running server sends mail (the SMTP host only, never its credentials); absent outside `casedesk serve`. */
  mail?: { smtpHost: string | null; from: string };
  /** `CASEDESK_PDF_FONT`: the font service records are printed with instead of the bundled one. */
  pdfFontFile?: string | null;
}

export function newId(): string {
  return uuidv7();
}

export function nowIso(context: Pick<ServiceContext, 'clock'>): string {
  return context.clock.now().toISOString();
}
