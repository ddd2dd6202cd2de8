// The Actions cache (api.cache): per trigger, shared by the Actions bound to it, best effort, in memory.
import type { CacheRecord, Command, TriggerId } from './commands.js';

export class ActionCache {
  private readonly byTrigger = new Map<TriggerId, Map<string, CacheRecord>>();

  /** The live entries an Action sees at `now`. */
  snapshot(trigger: TriggerId, now: number): Record<string, CacheRecord> {
    const out: Record<string, CacheRecord> = {};
    for (const [k, r] of this.byTrigger.get(trigger) ?? []) if (r.expires_at > now) out[k] = { ...r };
    return out;
  }

  apply(trigger: TriggerId, commands: Command[]): void {
    let m = this.byTrigger.get(trigger);
    for (const c of commands) {
      if (c.type === 'cache.set') {
        if (!m) this.byTrigger.set(trigger, (m = new Map()));
        m.set(c.key, { value: c.value, expires_at: c.expiresAt });
      } else if (c.type === 'cache.delete') m?.delete(c.key);
    }
  }
}
