// Every command id of the extension in one map, with its palette title and icon; package.json's
// contributes.commands must list exactly these (a test checks it).

export const CATEGORY = 'Auth0 Emulator';

export const Commands = {
  startEmulator: 'auth0Emulator.startEmulator',
  stopEmulator: 'auth0Emulator.stopEmulator',
  restartEmulator: 'auth0Emulator.restartEmulator',
  showEmulatorMenu: 'auth0Emulator.showEmulatorMenu',
  showLog: 'auth0Emulator.showLog',
  copyConnectionSnippet: 'auth0Emulator.copyConnectionSnippet',
  resetData: 'auth0Emulator.resetData',
  exportData: 'auth0Emulator.exportData',
  importData: 'auth0Emulator.importData',
  revealDataFolder: 'auth0Emulator.revealDataFolder',
  addSampleUsers: 'auth0Emulator.addSampleUsers',
  refreshUsers: 'auth0Emulator.refreshUsers',
  searchUsers: 'auth0Emulator.searchUsers',
  clearSearch: 'auth0Emulator.clearSearch',
  loadMoreUsers: 'auth0Emulator.loadMoreUsers',
  editMetadata: 'auth0Emulator.editMetadata',
  openUserJson: 'auth0Emulator.openUserJson',
  copyUserId: 'auth0Emulator.copyUserId',
  blockUser: 'auth0Emulator.blockUser',
  unblockUser: 'auth0Emulator.unblockUser',
  deleteUser: 'auth0Emulator.deleteUser',
  openWalkthrough: 'auth0Emulator.openWalkthrough',
  // Actions in the editor and the playground (extension/actions/actionsFeature.ts)
  openPlayground: 'auth0Emulator.openPlayground',
  runAgainstUser: 'auth0Emulator.runAgainstUser',
  debugAgainstUser: 'auth0Emulator.debugAgainstUser',
  refreshActions: 'auth0Emulator.refreshActions',
  runPlayground: 'auth0Emulator.runPlayground',
  // Real tenants: connect, browse, sync from the emulator, pull into it (extension/tenant/tenantActions.ts)
  connectTenant: 'auth0Emulator.connectTenant',
  testTenantConnection: 'auth0Emulator.testTenantConnection',
  disconnectTenant: 'auth0Emulator.disconnectTenant',
  refreshTenants: 'auth0Emulator.refreshTenants',
  searchTenantUsers: 'auth0Emulator.searchTenantUsers',
  loadMoreTenantUsers: 'auth0Emulator.loadMoreTenantUsers',
  syncToTenant: 'auth0Emulator.syncToTenant',
  pullFromTenant: 'auth0Emulator.pullFromTenant',
} as const;

export type CommandKey = keyof typeof Commands;
export type CommandId = (typeof Commands)[CommandKey];

/** Titles and codicons, the source package.json's contributes.commands is checked against. */
export const commandTitles: Record<CommandKey, { title: string; icon?: string }> = {
  startEmulator: { title: 'Start Emulator', icon: '$(play)' },
  stopEmulator: { title: 'Stop Emulator', icon: '$(debug-stop)' },
  restartEmulator: { title: 'Restart Emulator', icon: '$(debug-restart)' },
  showEmulatorMenu: { title: 'Show Emulator Menu', icon: '$(server-process)' },
  showLog: { title: 'Show Emulator Log', icon: '$(output)' },
  copyConnectionSnippet: { title: 'Copy Connection Snippet (URL and Credentials)', icon: '$(plug)' },
  resetData: { title: 'Reset Data', icon: '$(discard)' },
  exportData: { title: 'Export Data...', icon: '$(export)' },
  importData: { title: 'Import Data...', icon: '$(cloud-upload)' },
  revealDataFolder: { title: 'Reveal Data Folder', icon: '$(folder-opened)' },
  addSampleUsers: { title: 'Add Sample Users', icon: '$(person-add)' },
  refreshUsers: { title: 'Refresh Users', icon: '$(refresh)' },
  searchUsers: { title: 'Search Users...', icon: '$(search)' },
  clearSearch: { title: 'Clear User Search', icon: '$(clear-all)' },
  loadMoreUsers: { title: 'Load More Users', icon: '$(more)' },
  editMetadata: { title: 'Edit Metadata', icon: '$(edit)' },
  openUserJson: { title: 'Open User as JSON', icon: '$(json)' },
  copyUserId: { title: 'Copy user_id', icon: '$(copy)' },
  blockUser: { title: 'Block User', icon: '$(circle-slash)' },
  unblockUser: { title: 'Unblock User', icon: '$(pass)' },
  deleteUser: { title: 'Delete User...', icon: '$(trash)' },
  openWalkthrough: { title: 'Get Started', icon: '$(book)' },
  openPlayground: { title: 'Open Actions Playground', icon: '$(beaker)' },
  runAgainstUser: { title: 'Run against a User...', icon: '$(play)' },
  debugAgainstUser: { title: 'Debug against a User...', icon: '$(debug-alt)' },
  refreshActions: { title: 'Refresh Actions', icon: '$(refresh)' },
  runPlayground: { title: 'Run Saved Scenario...', icon: '$(run-all)' },
  connectTenant: { title: 'Connect Tenant...', icon: '$(plug)' },
  testTenantConnection: { title: 'Test Tenant Connection', icon: '$(pulse)' },
  disconnectTenant: { title: 'Disconnect Tenant...', icon: '$(debug-disconnect)' },
  refreshTenants: { title: 'Refresh Tenants', icon: '$(refresh)' },
  searchTenantUsers: { title: 'Search Tenant Users...', icon: '$(search)' },
  loadMoreTenantUsers: { title: 'Load More Tenant Users', icon: '$(more)' },
  syncToTenant: { title: 'Sync Users to Tenant...', icon: '$(cloud-upload)' },
  pullFromTenant: { title: 'Pull Users from Tenant...', icon: '$(cloud-download)' },
};

export type CommandHandlers = { [K in CommandKey]: (...args: any[]) => unknown };

/** Registers one handler per command id (with vscode.commands); all disposables go into `subscriptions`. */
export function registerCommands(
  subscriptions: Array<{ dispose(): unknown }>,
  commands: { registerCommand(id: string, handler: (...args: any[]) => unknown): { dispose(): unknown } },
  handlers: CommandHandlers,
): void {
  for (const key of Object.keys(Commands) as CommandKey[]) {
    subscriptions.push(commands.registerCommand(Commands[key], handlers[key]));
  }
}
