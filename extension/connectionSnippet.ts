// The "point your app or SDK at the emulator" snippet: URL, domain and the M2M credentials, ready to paste.
export interface SnippetInput {
  url: string;
  domain: string;
  clientId: string;
  clientSecret: string;
}

export function connectionSnippet(c: SnippetInput): string {
  return `// Auth0 Emulator at ${c.url}
// Environment for your app or tests:
//   AUTH0_DOMAIN=${c.domain}
//   AUTH0_CLIENT_ID=${c.clientId}
//   AUTH0_CLIENT_SECRET=${c.clientSecret}
//   AUTH0_AUDIENCE=https://${c.domain}/api/v2/
import { ManagementClient } from 'auth0';

const emulator = new URL('${c.url}');
const management = new ManagementClient({
  domain: '${c.domain}',
  clientId: '${c.clientId}',
  clientSecret: '${c.clientSecret}',
  // The SDK always uses https://{domain}; the emulator serves plain HTTP on loopback.
  fetch: (url, init) => fetch(String(url).replace(\`https://\${emulator.host}\`, emulator.origin), init),
});

const { data: users } = await management.users.list({ q: 'email:*@example.com', search_engine: 'v3' });
`;
}
