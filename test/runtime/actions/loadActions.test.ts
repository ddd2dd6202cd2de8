import assert from 'node:assert/strict';
import { loadActionBindings } from '../../../emulator/runtime/actions/loadActions.js';
import { tempWorkspace, type Workspace } from '../support/actionFiles.js';

describe('loading Actions', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace('deploy-');
  });
  afterEach(() => ws.remove());

  function deployExport() {
    ws.file('actions/Add Roles/code.js', `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://x/k', event.secrets.API_KEY); };`);
    ws.file('actions/Add Roles.json', JSON.stringify({
      name: 'Add Roles', code: './actions/Add Roles/code.js', runtime: 'node22', status: 'built', deployed: true,
      dependencies: [{ name: 'lodash', version: '4.17.21' }],
      secrets: [{ name: 'API_KEY' }, { name: 'REGION', value: '##REGION_VAR##' }, { name: 'UNSET' }],
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
    }));
    ws.file('actions/first/code.js', `exports.onExecutePostLogin = async () => {};`);
    ws.file('actions/first.json', JSON.stringify({ name: 'first', code: './actions/first/code.js', supported_triggers: [{ id: 'post-login', version: 'v3' }] }));
    ws.file('actions/m2m/code.js', `exports.onExecuteCredentialsExchange = async () => {};`);
    ws.file('actions/m2m.json', JSON.stringify({ name: 'm2m', code: './actions/m2m/code.js', supported_triggers: [{ id: 'credentials-exchange', version: 'v2' }] }));
    ws.file('triggers/triggers.json', JSON.stringify({
      'post-login': [{ action_name: 'first', display_name: 'first' }, { action_name: 'Add Roles', display_name: 'Add Roles' }],
      'credentials-exchange': [{ action_name: 'm2m', display_name: 'm2m' }],
    }));
  }

  it('reads a Deploy CLI directory export: code, dependencies and the trigger order from triggers.json', async () => {
    deployExport();
    const b = await loadActionBindings({ sources: [ws.dir] }, {});
    assert.deepEqual(b['post-login']?.map((a) => a.name), ['first', 'Add Roles']);
    assert.deepEqual(b['credentials-exchange']?.map((a) => a.name), ['m2m']);
    const roles = b['post-login']![1]!;
    assert.equal(roles.file, `${ws.dir}/actions/Add Roles/code.js`);
    assert.deepEqual(roles.dependencies, [{ name: 'lodash', version: '4.17.21' }]);
  });

  it('takes secrets from a secrets file (per Action over shared) and the environment, never from the code', async () => {
    deployExport();
    const secretsFile = ws.file('secrets.json', JSON.stringify({ SHARED: 's', 'Add Roles': { API_KEY: 'from-file' } }));
    const b = await loadActionBindings({ sources: [ws.dir], secretsFile }, { API_KEY: 'from-env', REGION_VAR: 'eu' });
    const roles = b['post-login']![1]!;
    assert.deepEqual(roles.secrets, { API_KEY: 'from-file', REGION: 'eu', SHARED: 's' });
    assert.deepEqual(roles.missingSecrets, ['UNSET']);
    const fromEnv = await loadActionBindings({ sources: [ws.dir] }, { API_KEY: 'from-env' });
    assert.equal(fromEnv['post-login']![1]!.secrets.API_KEY, 'from-env');
  });

  it('reads dotenv secrets files', async () => {
    const file = ws.file('a.js', `exports.onExecutePostLogin = async (event) => event.secrets.TOKEN;`);
    const env = ws.file('.env.actions', `# comment\nTOKEN="abc"\nexport OTHER=1\n`);
    const b = await loadActionBindings({ sources: [file], secretsFile: env }, {});
    assert.deepEqual(b['post-login']![0]!.secrets, { TOKEN: 'abc', OTHER: '1' });
  });

  it('binds single files to the triggers whose handlers they export, in argument order, with env secrets they read', async () => {
    const a = ws.file('b-second.js', `exports.onExecutePostLogin = async (event) => event.secrets['MY_KEY'];\nexports.onContinuePostLogin = async () => {};`);
    const c = ws.file('a-first.js', `exports.onExecutePreUserRegistration = async () => {};`);
    const b = await loadActionBindings({ sources: [a, c] }, { MY_KEY: 'k', UNRELATED: 'no' });
    assert.deepEqual(b['post-login']?.map((x) => x.name), ['b-second']);
    assert.deepEqual(b['pre-user-registration']?.map((x) => x.name), ['a-first']);
    assert.deepEqual(b['post-login']![0]!.secrets, { MY_KEY: 'k' });
  });

  it('says which bound Action is missing from the export', async () => {
    deployExport();
    ws.file('triggers/triggers.json', JSON.stringify({ 'post-login': [{ action_name: 'gone' }] }));
    await assert.rejects(loadActionBindings({ sources: [ws.dir] }, {}), /binds 'gone'/);
  });
});
