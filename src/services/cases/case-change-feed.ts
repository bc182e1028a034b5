import { can, type Actor } from '../../domain/access/permissions.js';
import { listCasesChangedSince } from '../../storage/repositories/cases.js';
import type { ServiceContext } from '../context.js';

export interface CaseChange {
  id: string;
  organizationId: string;
  updatedAt: string;
  status: string;
  level: number;
}

type Listener = (change: CaseChange) => void;

const LOOK_BACK_MS = 5_000;

/**
 * Tells open queues and case pages which cases changed, whichever instance changed them: while anyone listens, one
 * indexed query a second reads the cases updated since the last look, and each listener hears only the cases its
 * user may see. With nobody listening, it does nothing.
 */
export class CaseChangeFeed {
  private readonly listeners = new Map<Listener, Actor>();
  private timer: NodeJS.Timeout | null = null;
  private since: string;
  private polling = false;
  /** Changes already told, within the look-back window. */
  private told = new Map<string, string>();

  constructor(
    private readonly context: ServiceContext,
    private readonly intervalMs = 1_000,
  ) {
    this.since = context.clock.now().toISOString();
  }

  subscribe(actor: Actor, listener: Listener): () => void {
    if (this.listeners.size === 0) {
      this.since = this.context.clock.now().toISOString();
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    this.listeners.set(listener, actor);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** One look at the database; public so tests can drive it without waiting. */
  async poll(): Promise<number> {
    if (this.polling) return 0;
    this.polling = true;
    try {
      // Transactions commit in any order, so a change stamped a moment before the last one seen may appear later:
      // each look reaches back a few seconds and skips what it told already.
      const lookBack = new Date(Date.parse(this.since) - LOOK_BACK_MS).toISOString();
      const changes = await listCasesChangedSince(this.context.storage.db, lookBack, 1_000);
      let told = 0;
      for (const row of changes) {
        const key = `${row.id}@${row.updated_at}`;
        if (this.told.has(key)) continue;
        this.told.set(key, row.updated_at);
        told++;
        const change: CaseChange = {
          id: row.id,
          organizationId: row.organization_id,
          updatedAt: row.updated_at,
          status: row.status,
          level: row.level,
        };
        for (const [listener, actor] of this.listeners) {
          if (can(actor, 'cases.read', { organizationId: row.organization_id })) listener(change);
        }
      }
      const last = changes.at(-1);
      if (last && last.updated_at > this.since) this.since = last.updated_at;
      for (const [key, at] of this.told) if (at <= lookBack) this.told.delete(key);
      return told;
    } catch {
      // A failed look is repeated at the next interval; listeners simply hear the change a little later.
      return 0;
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
