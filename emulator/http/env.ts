// Hono environment shared by every route: the verified principal and the tenant domain of the request.
import type { Principal } from '../core/tokens/principal.js';

export type AppEnv = {
  Variables: {
    principal: Principal;
    /** The domain this request addressed: the configured --domain, else the Host header (host:port). */
    domain: string;
  };
};
