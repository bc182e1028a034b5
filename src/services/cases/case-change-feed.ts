import type { Actor } from '../../domain/access/permissions.js';
import { mayReadCase } from '../../domain/access/policies/cases.js';
import { currentChangePosition, listCaseChangesAfter, type ChangePosition } from '../../storage/repositories/case-changes.js';
import type { ServiceContext } from '../context.js';

export interface CaseChange {
  id: string;
  organizationId: string;
  updatedAt: string;
  status: string;
  level: number;
  /** The change's place in the feed's order (`tx.seq`): increases from one change to the next. */
  position: string;
}

type Listener = (change: CaseChange) => void;

/** Rows read per query; a burst is read page after page until the feed has caught up. */
const PAGE_SIZE = 500;

/**
 * Tells open queues and case pages which cases changed, whichever instance changed them. Every insert and update of a
 * case moves the case to a new position in one order (a database trigger writes it, see case-changes.ts); while
 * anyone listens, the feed reads what lies after the last position it told, a page at a time until it has caught up,
 * and each listener hears only the cases its user may see. Idle, that is one indexed query a second that finds
 * nothing; with nobody listening, nothing at all.
 */
export class CaseChangeFeed {
  /** Each listener with what it may hear of: the cases of which organisations. */
  private readonly listeners = new Map<Listener, (organizationId: string) => boolean>();
  private timer: NodeJS.Timeout | null = null;
  /** The last position told; `null` while nobody listens. */
  private position: ChangePosition | null = null;
  /** Changes whenever the last listener leaves, so a look still running then does not carry on. */
  private generation = 0;
  private starting: Promise<void> | null = null;
  private looking: Promise<number> | null = null;

  constructor(
    private readonly context: ServiceContext,
    private readonly intervalMs = 1_000,
  ) {}

  /** Starts telling `listener` about changes from now on; resolves once the feed knows where "now" is. */
  async subscribe(actor: Actor, listener: Listener): Promise<() => void> {
    return this.subscribeWhere((organizationId) => mayReadCase(actor, { organizationId }), listener);
  }

  /** As `subscribe`, hearing of the cases `mayHear` allows (the dashboard's signal hears of every case). */
  async subscribeWhere(mayHear: (organizationId: string) => boolean, listener: Listener): Promise<() => void> {
    while (this.position === null) await this.start();
    this.listeners.set(listener, mayHear);
    if (this.timer === null) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.stop();
    };
  }

  private start(): Promise<void> {
    this.starting ??= currentChangePosition(this.context.storage.db)
      .then((position) => {
        this.position ??= position;
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.position = null;
    this.generation++;
  }

  /** Reads and tells everything new; public so tests can drive it without waiting. Resolves to the changes told. */
  poll(): Promise<number> {
    // One look at a time: a second would read the same rows again.
    this.looking ??= this.look().finally(() => {
      this.looking = null;
    });
    return this.looking;
  }

  private async look(): Promise<number> {
    const generation = this.generation;
    let told = 0;
    try {
      for (;;) {
        if (this.position === null) return told;
        const rows = await listCaseChangesAfter(this.context.storage.db, this.position, PAGE_SIZE);
        if (generation !== this.generation) return told;
        for (const row of rows) {
          const change: CaseChange = {
            id: row.id,
            organizationId: row.organization_id,
            updatedAt: row.updated_at,
            status: row.status,
            level: Number(row.level),
            position: `${row.tx}.${row.seq}`,
          };
          for (const [listener, mayHear] of this.listeners) {
            if (!mayHear(row.organization_id)) continue;
            try {
              listener(change);
            } catch {
              // One broken listener (a closed socket) must not hold the others back or make them hear a change twice.
            }
          }
          this.position = { tx: BigInt(row.tx), seq: BigInt(row.seq) };
          told++;
        }
        if (rows.length < PAGE_SIZE) return told;
      }
    } catch {
      // A failed read is repeated at the next interval from the last position told; nothing is skipped.
      return told;
    }
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }
}
