// The custom database action scripts Auth0 knows (keys of options.customScripts, auth0-facts §9.1): their file
// names in the Deploy CLI layout, the function names Auth0 recommends, and their arguments before the callback.

export type CustomDbScriptName = 'login' | 'get_user' | 'create' | 'verify' | 'change_password' | 'delete' | 'change_email';

export const CUSTOM_DB_SCRIPTS: readonly CustomDbScriptName[] = ['login', 'get_user', 'create', 'verify', 'change_password', 'delete', 'change_email'];

export const SCRIPT_SPEC: Record<CustomDbScriptName, { recommendedName: string[]; params: string[] }> = {
  login: { recommendedName: ['login'], params: ['userNameOrEmail', 'password'] },
  get_user: { recommendedName: ['getUser', 'getByEmail'], params: ['email'] },
  create: { recommendedName: ['create'], params: ['user'] },
  verify: { recommendedName: ['verify'], params: ['email'] },
  change_password: { recommendedName: ['changePassword'], params: ['email', 'newPassword'] },
  delete: { recommendedName: ['deleteUser', 'remove'], params: ['id'] },
  change_email: { recommendedName: ['changeEmail'], params: ['email', 'newEmail', 'verified'] },
};

/** Script size Auth0 allows per action script, excluding npm modules (custom-db execution best practices). */
export const SCRIPT_SIZE_LIMIT_BYTES = 100 * 1024;

export interface CustomDbScript {
  name: CustomDbScriptName;
  /** Path shown in errors and stack traces. */
  file: string;
  source: string;
}

export type CustomDbScripts = Partial<Record<CustomDbScriptName, CustomDbScript>>;

/** Scripts from a connection's `options.customScripts` map (as stored on the Connection), named after a virtual folder. */
export function scriptsFromConnection(customScripts: Record<string, string> | undefined, folder: string): CustomDbScripts {
  const out: CustomDbScripts = {};
  for (const name of CUSTOM_DB_SCRIPTS) {
    const source = customScripts?.[name];
    if (typeof source === 'string') out[name] = { name, file: `${folder}/${name}.js`, source };
  }
  return out;
}
