// Where the user-code runtimes (Actions, Rules, custom database scripts) meet the server: CLI flags that name the
// user's code, the routes and grants they add, and the `auth0-emulator run ...` subcommands.
import type { EmulatorCore } from './emulatorCore.js';
import type { AppExtensions } from './http/app.js';

export const runtimeFlags = {
  options: {
    actions: { type: 'string', multiple: true },
    rules: { type: 'string' },
    'custom-db': { type: 'string', multiple: true },
    secrets: { type: 'string' },
    'action-timeout': { type: 'string' },
  },
  help: `  --actions <path>       an Action file or a Deploy CLI folder (repeatable), run on password-grant logins
  --rules <dir>          legacy Rules (a folder of <name>.js + <name>.json), run before Actions
  --custom-db <dir>      a custom database connection's scripts folder (repeatable)
  --secrets <file>       JSON file of Action secrets / Rules configuration
  --action-timeout <ms>  per-execution limit (default 20000, Auth0's)`,
} as const;

export async function attachRuntimes(_core: EmulatorCore, _flags: Record<string, unknown>, _log: (l: string) => void): Promise<AppExtensions> {
  return {};
}

export async function runSubcommand(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  switch (what) {
    case 'post-login':
    case 'credentials-exchange':
    case 'pre-user-registration':
    case 'post-user-registration': {
      const { runCommand } = await import(/* wired when the runtime lands */ String('./runtime/runCommand.js'));
      return runCommand(argv);
    }
    case 'rules': {
      const { runRulesCommand } = await import(String('./runtime/rules/command.js'));
      return runRulesCommand(rest);
    }
    case 'custom-db': {
      const { runCustomDbCommand } = await import(String('./runtime/customDb/command.js'));
      return runCustomDbCommand(rest);
    }
    default:
      process.stderr.write('usage: auth0-emulator run <post-login|rules|custom-db> [options]  (--help for each)\n');
      return 2;
  }
}
