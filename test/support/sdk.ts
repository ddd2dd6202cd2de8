// The official auth0 SDK pointed at a test emulator through its own `fetch` option (fact sheet §11): the SDK
// builds https://{domain}/... and this fetch sends it to the emulator's http URL, unmodified otherwise.
import { ManagementClient } from 'auth0';
import { ManagementClient as LegacyManagementClient } from 'auth0/legacy';
import type { TestEmulator } from './emulator.js';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET } from './emulator.js';

export interface RecordedRequest {
  method: string;
  url: string;
}

export function rewritingFetch(emu: TestEmulator, log?: RecordedRequest[]): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = url.replace(`https://${emu.domain}`, emu.url);
    log?.push({ method: init?.method ?? (input instanceof Request ? input.method : 'GET'), url: target });
    return fetch(input instanceof Request ? new Request(target, input) : target, init);
  };
}

export function sdkV7(emu: TestEmulator, opts: { log?: RecordedRequest[]; maxRetries?: number } = {}): ManagementClient {
  return new ManagementClient({
    domain: emu.domain,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    fetch: rewritingFetch(emu, opts.log),
    ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
  });
}

export function sdkLegacy(emu: TestEmulator, opts: { log?: RecordedRequest[] } = {}): LegacyManagementClient {
  return new LegacyManagementClient({
    domain: emu.domain,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    fetch: rewritingFetch(emu, opts.log),
  } as ConstructorParameters<typeof LegacyManagementClient>[0]);
}
