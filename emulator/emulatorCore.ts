// The composition root of the emulator's state: database, signing key and token service, rate limiter, fault
// injector, and the operations the control routes expose. HTTP-free; the Hono app (http/app.ts) sits on top.
import { systemClock, type Clock } from './core/clock.js';
import { Database } from './core/db.js';
import { badRequest } from './core/errors.js';
import { randomIds, type IdGenerator } from './core/ids.js';
import type { SeedDocument } from './core/seedDocument.js';
import { DEFAULT_DB_CONNECTION, exportDocument, metaOnly, seedMutations, type SeedCounts } from './core/seeding.js';
import { createSigningKey, isStoredSigningKey, type StoredSigningKey } from './core/tokens/signingKey.js';
import { TokenService, type TokenResponse } from './core/tokens/tokenService.js';
import { MANAGEMENT_SCOPES } from './core/tokens/scopes.js';
import { FaultInjector } from './core/rateLimit/faults.js';
import { RateLimiter, parseRateLimitProfile } from './core/rateLimit/rateLimiter.js';
import type { Mutation, Persistence } from './storage/persistence.js';
import type { Client } from './core/users/user.js';
import type { EmulatorHealth } from './client.js';
import { RolesService } from './core/roles.js';
import { UsersService, type CustomDbHooks } from './core/users/service.js';
import type { MetadataOptions } from './core/users/metadata.js';
import type { SearchOptions } from './core/users/search/index.js';

export const EMULATOR_VERSION = '0.1.0';
export const DEFAULT_CLIENT_ID = 'emulator-m2m-client';
export const DEFAULT_CLIENT_SECRET = 'emulator-m2m-secret';
export const DEFAULT_RATE_LIMIT = 'enterprise';

/** Granted to the seeded M2M client. */
export const ALL_MANAGEMENT_SCOPES: string[] = [...MANAGEMENT_SCOPES];

export interface EmulatorCoreOptions {
  persistence: Persistence;
  clock?: Clock;
  ids?: IdGenerator;
  /** The tenant domain to pretend to be; default: the Host the request came to. */
  domain?: string;
  /** Rate limit profile; default `enterprise`. */
  rateLimit?: string;
  clientId?: string;
  clientSecret?: string;
  /** What an empty data folder starts with, and what reset goes back to. */
  initialSeed?: SeedDocument;
  /** The sample users, for reset with {sample: true}. */
  sampleSeed?: () => SeedDocument;
  metadata?: MetadataOptions;
  search?: SearchOptions;
  log?: (line: string) => void;
}

export class EmulatorCore {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly configuredDomain: string | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly log: (line: string) => void;
  url = '';
  /** True when this start loaded the initial seed into an empty data folder. */
  seededFromInitial = false;
  readonly users: UsersService;
  readonly roles: RolesService;
  private tokenService!: TokenService;

  private constructor(
    readonly db: Database,
    private readonly opts: EmulatorCoreOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.ids = opts.ids ?? randomIds;
    this.configuredDomain = opts.domain;
    this.clientId = opts.clientId ?? DEFAULT_CLIENT_ID;
    this.clientSecret = opts.clientSecret ?? DEFAULT_CLIENT_SECRET;
    this.limiter = new RateLimiter(parseRateLimitProfile(opts.rateLimit ?? DEFAULT_RATE_LIMIT), this.clock);
    this.log = opts.log ?? (() => {});
    this.users = new UsersService({ db, clock: this.clock, ids: this.ids, metadata: opts.metadata, search: opts.search, log: this.log });
    this.roles = new RolesService(db, this.ids);
  }

  /** The custom-database runtime plugs in here (create/delete on custom-DB connections run its scripts). */
  setCustomDbHooks(hooks: CustomDbHooks): void {
    this.users.useCustomDb(hooks);
  }

  static async create(opts: EmulatorCoreOptions): Promise<EmulatorCore> {
    const db = await Database.open(opts.persistence);
    const core = new EmulatorCore(db, opts);
    await core.ensureSigningKey();
    if (db.size('users') === 0 && db.size('clients') === 0 && opts.initialSeed) {
      await core.seed(opts.initialSeed);
      core.seededFromInitial = true;
    }
    await core.ensureM2MClient();
    return core;
  }

  get tokens(): TokenService {
    return this.tokenService;
  }

  /** The control key is the M2M client's secret: whoever may use the Management API may drive the emulator. */
  get controlKey(): string {
    return this.clientSecret;
  }

  health(domain: string): EmulatorHealth {
    return {
      status: 'ok',
      version: EMULATOR_VERSION,
      domain: this.configuredDomain ?? domain,
      url: this.url,
      users: this.db.size('users'),
      revision: this.db.revision,
      storage: this.db.location,
      rateLimit: this.limiter.describe(),
    };
  }

  async seed(doc: SeedDocument): Promise<SeedCounts> {
    const { mutations, counts } = await seedMutations(this.db, doc, this.clock, this.ids);
    await this.db.write(mutations);
    return counts;
  }

  /** Back to the initial seed (or sample data / nothing), keeping the signing key and the M2M client. */
  async reset(opts: { sample?: boolean; empty?: boolean } = {}): Promise<SeedCounts> {
    const doc = opts.empty ? {} : opts.sample && this.opts.sampleSeed ? this.opts.sampleSeed() : (this.opts.initialSeed ?? {});
    return this.replaceWith(doc);
  }

  exportData(): SeedDocument {
    return exportDocument(this.db);
  }

  async importData(doc: SeedDocument): Promise<SeedCounts> {
    if (doc.users !== undefined && !Array.isArray(doc.users)) throw badRequest('"users" must be an array.');
    return this.replaceWith(doc);
  }

  setRateLimit(profile: string): void {
    this.limiter.setProfile(parseRateLimitProfile(profile));
  }

  mintUserToken(domain: string, req: { userId: string; scopes: string[]; clientId?: string; expiresIn?: number }): Promise<TokenResponse> {
    return this.tokens.mintUserToken({
      domain: this.configuredDomain ?? domain,
      userId: req.userId,
      clientId: req.clientId ?? this.clientId,
      scopes: req.scopes,
      expiresIn: req.expiresIn,
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** One atomic write: clear, keep meta, apply the document, re-add the M2M client. */
  private async replaceWith(doc: SeedDocument): Promise<SeedCounts> {
    const keep = metaOnly(this.db);
    const muts: Mutation[] = [{ op: 'clear' }];
    for (const [key, value] of Object.entries(keep.meta)) muts.push({ op: 'put', coll: 'meta', key, value });
    // Seed against an empty view: role names resolve only within the document.
    const { mutations, counts } = await seedMutations(emptyRoleView, doc, this.clock, this.ids);
    muts.push(...mutations, ...this.baselineMutations(doc));
    await this.db.write(muts);
    return counts;
  }

  private baselineMutations(doc: SeedDocument): Mutation[] {
    const out: Mutation[] = [];
    if (!(doc.clients ?? []).some((c) => c.client_id === this.clientId)) out.push(this.m2mClientMutation());
    if (!(doc.connections ?? []).some((c) => c.name === DEFAULT_DB_CONNECTION.name)) {
      out.push({ op: 'put', coll: 'connections', key: DEFAULT_DB_CONNECTION.name, value: DEFAULT_DB_CONNECTION });
    }
    return out;
  }

  private m2mClientMutation(): Mutation {
    const client: Client = {
      client_id: this.clientId,
      client_secret: this.clientSecret,
      name: 'Auth0 Emulator M2M',
      app_type: 'non_interactive',
      grant_scopes: ALL_MANAGEMENT_SCOPES,
    };
    return { op: 'put', coll: 'clients', key: client.client_id, value: client };
  }

  /** The configured M2M client always exists with the configured secret (flags/env win over stored data). */
  private async ensureM2MClient(): Promise<void> {
    const existing = this.db.get('clients', this.clientId);
    const muts: Mutation[] = [];
    if (!existing || existing.client_secret !== this.clientSecret) {
      muts.push({ ...this.m2mClientMutation(), value: { ...(existing ?? {}), ...(this.m2mClientMutation() as { value: Client }).value } } as Mutation);
    }
    if (!this.db.get('connections', DEFAULT_DB_CONNECTION.name)) {
      muts.push({ op: 'put', coll: 'connections', key: DEFAULT_DB_CONNECTION.name, value: DEFAULT_DB_CONNECTION });
    }
    await this.db.write(muts);
  }

  /** The signing key lives in the data folder's meta collection, so tokens survive restarts. */
  private async ensureSigningKey(): Promise<void> {
    let key = this.db.get('meta', 'signingKey')?.value as StoredSigningKey | undefined;
    if (!isStoredSigningKey(key)) {
      key = await createSigningKey(this.clock);
      await this.db.put('meta', 'signingKey', { key: 'signingKey', value: key });
    }
    this.tokenService = new TokenService({ key, clock: this.clock, ids: this.ids });
  }
}

const emptyRoleView = { values: () => [][Symbol.iterator]() } as unknown as Database;
