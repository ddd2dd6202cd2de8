// Entry of dist/tenant.cjs: everything that needs the auth0 SDK for real tenants, loaded on first use so that
// activation stays light (as the emulator's directory bundle).
export { connectTenant, TenantConnection, TenantError, NEEDED_SCOPES } from './tenantConnection.js';
export { planSync, runSync, pullSample, toSeedUser, TenantStateFiles } from './tenantSync.js';
export { describeReport } from './syncApply.js';
