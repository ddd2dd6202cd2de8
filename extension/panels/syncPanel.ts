// The sync panel: the preview of a sync from the emulator to one tenant (per user the status, the metadata diff and
// the exact PATCH body; conflicts with an overwrite switch), a dry run, and Apply after a confirmation naming the
// tenant, with progress, cancellation and the final report. The webview only shows; this side talks to the tenant.
import * as vscode from 'vscode';
import type { SyncExtensionToWebview, SyncReportLine, SyncRow, SyncWebviewToExtension } from '../../webview/protocol.js';
import { isSyncWebviewMessage } from '../../webview/protocol.js';
import type { SyncReport } from '../tenant/syncApply.js';
import type { MatchBy, SyncUser, UserPlan } from '../tenant/syncPlan.js';
import type { TenantHub } from '../tenant/tenantHub.js';
import type { TenantEntry } from '../tenant/tenantRegistry.js';
import type { Prompts } from '../ui.js';
import { TypedWebviewPanel } from './typedWebviewPanel.js';

export const SYNC_PANEL_VIEW_TYPE = 'auth0Emulator.sync';

export interface SyncPanelDeps {
  hub: TenantHub;
  prompts: Prompts;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  /** Re-reads the chosen users from the emulator (they may have changed since the panel opened). */
  readEmulatorUsers(): Promise<SyncUser[]>;
  /** After a sync wrote something: refresh the Tenants view. */
  onDidWrite?(): void;
}

export class SyncPanel extends TypedWebviewPanel<SyncWebviewToExtension, SyncExtensionToWebview> {
  private plans: UserPlan[] = [];
  private readonly overwrite = new Set<string>();
  private running: AbortController | undefined;
  lastReport: SyncReport | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    readonly tenant: TenantEntry,
    readonly matchBy: MatchBy,
    private readonly deps: SyncPanelDeps,
  ) {
    super(panel, deps.extensionUri, { title: `Sync to ${tenant.name}`, bundle: 'sync' }, isSyncWebviewMessage);
  }

  get currentPlans(): readonly UserPlan[] {
    return this.plans;
  }

  async receive(m: SyncWebviewToExtension): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.replan();
        this.markReady();
        return;
      case 'sync/replan':
        await this.replan();
        return;
      case 'sync/overwrite':
        if (m.overwrite) this.overwrite.add(m.emulatorUserId);
        else this.overwrite.delete(m.emulatorUserId);
        await this.replan();
        return;
      case 'sync/dryRun':
        await this.run(true);
        return;
      case 'sync/apply':
        await this.run(false);
        return;
      case 'sync/cancel':
        this.running?.abort();
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  /** Reads both sides again and computes the plan (also what the panel shows first). */
  async replan(): Promise<UserPlan[]> {
    this.post({ type: 'sync/busy', what: 'planning' });
    try {
      const mod = this.deps.hub.load();
      const conn = await this.deps.hub.connection(this.tenant.id);
      const users = await this.deps.readEmulatorUsers();
      this.plans = await mod.planSync(conn, users, this.deps.hub.files(this.tenant), { matchBy: this.matchBy, overwrite: this.overwrite });
      this.post({ type: 'sync/plan', tenant: { name: this.tenant.name, domain: this.tenant.domain }, matchBy: this.matchBy, rows: this.plans.map((p) => this.row(p)) });
    } catch (err) {
      this.post({ type: 'sync/error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.post({ type: 'sync/busy', what: null });
    }
    return this.plans;
  }

  /** A dry run (writes nothing) or, after confirmation, the real thing. Undefined when the user declined. */
  async run(dryRun: boolean): Promise<SyncReport | undefined> {
    if (this.running) return undefined;
    await this.replan();
    const toWrite = this.plans.filter((p) => p.patch).length;
    if (!dryRun) {
      if (toWrite === 0) {
        void vscode.window.showInformationMessage(`Nothing to write to ${this.tenant.name}: the selected users already match, or are skipped.`);
        return undefined;
      }
      const ok = await this.deps.prompts.confirm(
        `Write metadata of ${toWrite} user${toWrite === 1 ? '' : 's'} to the tenant ${this.tenant.name} (${this.tenant.domain})?`,
        `This sends ${toWrite} PATCH request${toWrite === 1 ? '' : 's'} to the real tenant ${this.tenant.domain}: only the top-level metadata keys shown in the preview are replaced. Conflicts and unchanged users are skipped.`,
        'Write to Tenant',
      );
      if (!ok) return undefined;
    }
    const mod = this.deps.hub.load();
    const conn = await this.deps.hub.connection(this.tenant.id);
    const abort = new AbortController();
    this.running = abort;
    this.post({ type: 'sync/busy', what: dryRun ? 'dry-run' : 'applying' });
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: dryRun ? `Dry run against ${this.tenant.name}` : `Syncing to ${this.tenant.name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return mod.runSync(conn, this.plans, this.deps.hub.files(this.tenant), {
            dryRun,
            signal: abort.signal,
            onProgress: (done, total, line) => {
              progress.report({ increment: 100 / Math.max(1, total), message: `${done}/${total} ${line.label}` });
              this.post({ type: 'sync/progress', done, total, line: reportLine(line) });
            },
          });
        },
      );
      this.lastReport = report;
      const text = mod.describeReport(report, `${this.tenant.name} (${this.tenant.domain})`);
      this.deps.log.info(text);
      for (const l of report.lines) this.deps.log.info(`  ${l.outcome}: ${l.label}${l.tenantUserId ? ` -> ${l.tenantUserId}` : ''}: ${l.reason}`);
      this.post({ type: 'sync/report', dryRun, text, lines: report.lines.map(reportLine) });
      const show = report.failed || report.stopped ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(text);
      if (!dryRun && report.written > 0) this.deps.onDidWrite?.();
      return report;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.post({ type: 'sync/error', message });
      void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      this.running = undefined;
      this.post({ type: 'sync/busy', what: null });
    }
  }

  cancel(): void {
    this.running?.abort();
  }

  private row(p: UserPlan): SyncRow {
    return {
      emulatorUserId: p.emulator.user_id,
      label: p.emulator.email ?? p.emulator.user_id,
      ...(p.tenant ? { tenantUserId: p.tenant.user_id } : {}),
      status: p.status,
      reason: p.reason,
      keys: p.keys.map((k) => ({ kind: k.kind, key: k.key, outcome: k.outcome, ...(k.tenant !== undefined ? { tenant: k.tenant } : {}), ...(k.emulator !== undefined ? { emulator: k.emulator } : {}) })),
      ...(p.patch ? { patch: p.patch } : {}),
      overwrite: this.overwrite.has(p.emulator.user_id),
    };
  }

  protected override beforeDispose(): void {
    this.running?.abort();
  }
}

function reportLine(l: SyncReport['lines'][number]): SyncReportLine {
  return { emulatorUserId: l.emulatorUserId, label: l.label, ...(l.tenantUserId ? { tenantUserId: l.tenantUserId } : {}), outcome: l.outcome, reason: l.reason };
}

export function openSyncPanel(tenant: TenantEntry, matchBy: MatchBy, deps: SyncPanelDeps): SyncPanel {
  const panel = vscode.window.createWebviewPanel(SYNC_PANEL_VIEW_TYPE, `Sync to ${tenant.name}`, vscode.ViewColumn.Active, { enableScripts: true });
  return new SyncPanel(panel, tenant, matchBy, deps);
}
