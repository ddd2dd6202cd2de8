// The M2M client the extension (and the user's app) uses against the local emulator: generated once per
// installation and kept in SecretStorage; AUTH0_EMULATOR_CLIENT_ID / _SECRET in the environment take precedence
// (the same variables CI scripts use), so a harness outside the editor can talk to the same emulator.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
}

const SECRET_KEY = 'auth0Emulator.clientCredentials';

export async function loadCredentials(
  secrets: vscode.SecretStorage,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmulatorCredentials> {
  if (env.AUTH0_EMULATOR_CLIENT_ID && env.AUTH0_EMULATOR_CLIENT_SECRET) {
    return { clientId: env.AUTH0_EMULATOR_CLIENT_ID, clientSecret: env.AUTH0_EMULATOR_CLIENT_SECRET };
  }
  const stored = await secrets.get(SECRET_KEY);
  if (stored) {
    try {
      const parsed = JSON.parse(stored) as Partial<EmulatorCredentials>;
      if (parsed.clientId && parsed.clientSecret) return { clientId: parsed.clientId, clientSecret: parsed.clientSecret };
    } catch {
      // fall through and replace an unreadable entry
    }
  }
  const fresh = {
    // Auth0 client ids are 32 alphanumerics; secrets 64 url-safe characters.
    clientId: randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32),
    clientSecret: randomBytes(48).toString('base64url'),
  };
  await secrets.store(SECRET_KEY, JSON.stringify(fresh));
  return fresh;
}
