// Reads the extension's settings (contributes.configuration, section `auth0Emulator`) into one typed object.
import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'auth0Emulator';

export const RATE_LIMIT_PROFILES = ['off', 'free', 'essentials', 'enterprise', 'enterprise-nonprod'] as const;

export interface EmulatorSettings {
  /** 0 = any free port. */
  port: number;
  host: string;
  autoStart: boolean;
  /** Empty = the extension's global storage folder. `${workspaceFolder}` is expanded. */
  dataFolder: string;
  rateLimitProfile: string;
  sampleData: boolean;
}

export function readSettings(): EmulatorSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    port: c.get<number>('port', 8787),
    host: c.get<string>('host', '127.0.0.1') || '127.0.0.1',
    autoStart: c.get<boolean>('autoStart', true),
    dataFolder: c.get<string>('dataFolder', '') ?? '',
    rateLimitProfile: c.get<string>('rateLimitProfile', 'off') || 'off',
    sampleData: c.get<boolean>('sampleData', true),
  };
}

export function affectsEmulator(e: vscode.ConfigurationChangeEvent): boolean {
  return ['port', 'host', 'dataFolder', 'rateLimitProfile', 'sampleData'].some((k) =>
    e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`),
  );
}
