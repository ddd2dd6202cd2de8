// Hono environment shared by every route: the verified principal and the tenant domain of the request.
import type { Principal } from '../core/tokens/principal.js';

export type AppEnv = {
  Variables: {
    principal: Principal;
  };
};
