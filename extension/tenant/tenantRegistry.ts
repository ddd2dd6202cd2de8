// The tenants the user connected: domain, client id and a display name in globalState; each client secret only in
// SecretStorage (one key per tenant), never in settings, state or logs.
import type * as vscode from 'vscode';

export interface TenantEntry {
  id: string;
  name: string;
  /** `acme.eu.auth0.com` (or `host:port`). */
  domain: string;
  clientId: string;
  /** An extra CA certificate (PEM file) to trust for this tenant, e.g. behind a TLS-inspecting proxy. */
  caFile?: string;
}

const STATE_KEY = 'auth0Emulator.tenants';
const secretKey = (id: string) => `auth0Emulator.tenant.${id}.clientSecret`;

export class TenantRegistry {
  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): TenantEntry[] {
    return this.state.get<TenantEntry[]>(STATE_KEY, []);
  }

  get(id: string): TenantEntry | undefined {
    return this.list().find((t) => t.id === id);
  }

  async add(entry: Omit<TenantEntry, 'id'>, clientSecret: string): Promise<TenantEntry> {
    const existing = this.list().find((t) => t.domain === entry.domain && t.clientId === entry.clientId);
    const id = existing?.id ?? `${entry.domain.replace(/[^\w.-]+/g, '_')}-${Date.now().toString(36)}`;
    const saved: TenantEntry = { ...entry, id };
    await this.secrets.store(secretKey(id), clientSecret);
    await this.state.update(STATE_KEY, [...this.list().filter((t) => t.id !== id), saved]);
    return saved;
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.state.update(STATE_KEY, this.list().filter((t) => t.id !== id));
  }

  secret(id: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(id));
  }
}
