import type { CommandResult } from './LiveSource';
import type { Timers } from './LiveClientDeps';

/**
 * Commands sent on the WebSocket and waiting for their `ack` or `error`. Every command settles:
 * with the gateway's answer, with `timeout` after `timeoutMs`, or with `unavailable` when the socket
 * closes first (the command may or may not have applied; a `batchId` makes a retry apply once).
 */
export class CommandBook {
  private readonly pending = new Map<string, { resolve: (result: CommandResult) => void; timer: unknown }>();
  private counter = 0;

  constructor(
    private readonly timers: Timers,
    private readonly timeoutMs = 10_000,
  ) {}

  /** A new command id and the promise of its result. */
  register(): { id: string; result: Promise<CommandResult> } {
    const id = `c${++this.counter}`;
    const result = new Promise<CommandResult>((resolve) => {
      const timer = this.timers.setTimeout(
        () => this.settle(id, { ok: false, code: 'timeout', message: `The gateway did not answer within ${Math.round(this.timeoutMs / 1000)} s.` }),
        this.timeoutMs,
      );
      this.pending.set(id, { resolve, timer });
    });
    return { id, result };
  }

  /** Whether `id` is a command still waiting (acks and errors of subscriptions are not). */
  has(id: string): boolean {
    return this.pending.has(id);
  }

  settle(id: string, result: CommandResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.timers.clearTimeout(entry.timer);
    entry.resolve(result);
  }

  /** The socket closed: every waiting command fails with `unavailable`. */
  failAll(message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, code: 'unavailable', message });
  }
}
