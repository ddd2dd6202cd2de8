// Drives the emulator as a black box through its CLI (`node dist/cli.js ...`), exactly as CI users start it, and
// fetches Management API tokens from it with the client-credentials grant.
import type http from 'node:http';
import { send } from './http.js';
import { startServer, type RunningServer } from './serverProcess.js';

export interface EmulatorLaunch {
  cliPath: string;
  dataDir: string;
  seedFile?: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** Extra CLI flags, for experiments (`npm run bench -- --emulator-arg=--log-level --emulator-arg=warn`). */
  extraArgs?: string[];
}

export function startEmulator(launch: EmulatorLaunch): Promise<RunningServer> {
  const args = [launch.cliPath, '--port', '0', '--data', launch.dataDir, '--rate-limit', 'off'];
  if (launch.seedFile) args.push('--seed', launch.seedFile);
  args.push('--client-id', launch.clientId, '--client-secret', launch.clientSecret, ...(launch.extraArgs ?? []));
  return startServer(process.execPath, args, { timeoutMs: launch.timeoutMs ?? 180000 });
}

/** `POST /oauth/token` (client_credentials) for the Management API audience `https://{host:port}/api/v2/`. */
export async function managementToken(
  agent: http.Agent,
  base: URL,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const reply = await send(
    agent,
    'POST',
    new URL('/oauth/token', base),
    { 'content-type': 'application/json' },
    JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience: `https://${base.host}/api/v2/`,
    }),
  );
  if (reply.status !== 200) throw new Error(`token request answered ${reply.status}: ${reply.body.slice(0, 300)}`);
  const token = (JSON.parse(reply.body) as { access_token?: string }).access_token;
  if (!token) throw new Error(`token response without access_token: ${reply.body.slice(0, 300)}`);
  return token;
}
