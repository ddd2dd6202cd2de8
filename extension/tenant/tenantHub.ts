// The connected tenants at run time: their entries, one SDK connection each (created on first use from the secret
// in SecretStorage), the per-tenant state folder (last agreed copy, sync journal) and the lazily loaded SDK bundle.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as TenantModule from './tenantModule.js';
import type { TenantConnection } from './tenantConnection.js';
import type { TenantEntry, TenantRegistry } from './tenantRegistry.js';

export type TenantModuleType = typeof TenantModule;

export class TenantHub {
  private readonly connections = new Map<string, TenantConnection>();

  constructor(
    readonly registry: TenantRegistry,
    /** globalStorage/tenants: one base file and one journal per tenant. */
    readonly stateDir: string,
    readonly load: () => TenantModuleType,
  ) {}

  async connection(id: string): Promise<TenantConnection> {
    const hit = this.connections.get(id);
    if (hit) return hit;
    const entry = this.registry.get(id);
    if (!entry) throw new Error(`No connected tenant with id ${id}.`);
    const secret = await this.registry.secret(id);
    if (!secret) throw new Error(`The client secret of ${entry.name} is missing from the secret storage; connect the tenant again.`);
    const conn = this.load().connectTenant({
      domain: entry.domain,
      clientId: entry.clientId,
      clientSecret: secret,
      // A tenant's own CA file, else NODE_EXTRA_CA_CERTS read explicitly: editor hosts do not always apply it at start.
      ...(caFileOf(entry) ? { caPem: readFileSync(caFileOf(entry)!, 'utf8') } : {}),
    });
    this.connections.set(id, conn);
    return conn;
  }

  forget(id: string): void {
    this.connections.delete(id);
  }

  files(entry: TenantEntry) {
    return new (this.load().TenantStateFiles)(path.join(this.stateDir), `${entry.domain}-${entry.clientId}`);
  }
}

function caFileOf(entry: TenantEntry): string | undefined {
  return entry.caFile ?? (process.env.NODE_EXTRA_CA_CERTS || undefined);
}
