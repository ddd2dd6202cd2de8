// Auth0's published Management/Authentication API rate limits per plan (fact sheet §5), as bucket specs per
// request category, and the parser for the `--rate-limit` / control-route profile strings.
import { badRequest } from '../errors.js';
import type { BucketSpec } from './tokenBucket.js';

/** What a request counts against. Management API: read_users, write_users, other. Authentication API: the rest. */
export type RateLimitCategory = 'read_users' | 'write_users' | 'other' | 'oauth_token' | 'jwks';

export const MANAGEMENT_CATEGORIES: readonly RateLimitCategory[] = ['read_users', 'write_users', 'other'];

export type RateLimitProfile =
  | { name: 'off' | 'free' | 'essentials' | 'enterprise' | 'enterprise-nonprod' }
  | {
      name: 'custom';
      burst: number;
      perSecond: number;
      /** Optional endpoint buckets behind the global one (not expressible in the string form). */
      endpoints?: Partial<Record<RateLimitCategory, BucketSpec>>;
    };

export interface ProfileBuckets {
  /** The whole-Management-API bucket, checked before the endpoint bucket. */
  global?: BucketSpec;
  endpoints: Partial<Record<RateLimitCategory, BucketSpec>>;
}

/** Authentication API limits (free tenant figures; the emulator applies them on every plan but `off`). */
const AUTHENTICATION_API: Partial<Record<RateLimitCategory, BucketSpec>> = {
  oauth_token: { burst: 30, perSecond: 30 },
  jwks: { burst: 20, perSecond: 20 },
};

const perMinute = (n: number) => n / 60;

export function profileBuckets(profile: RateLimitProfile): ProfileBuckets {
  switch (profile.name) {
    case 'off':
      return { endpoints: {} };
    case 'free':
      return { global: { burst: 2, perSecond: 2 }, endpoints: { ...AUTHENTICATION_API } };
    case 'essentials':
      return {
        endpoints: {
          read_users: { burst: 40, perSecond: perMinute(500) },
          write_users: { burst: 20, perSecond: perMinute(200) },
          other: { burst: 10, perSecond: perMinute(150) },
          ...AUTHENTICATION_API,
        },
      };
    case 'enterprise':
      return { global: { burst: 50, perSecond: 16 }, endpoints: { ...AUTHENTICATION_API } };
    case 'enterprise-nonprod':
      return { global: { burst: 10, perSecond: 2 }, endpoints: { ...AUTHENTICATION_API } };
    case 'custom':
      return {
        global: { burst: profile.burst, perSecond: profile.perSecond },
        endpoints: { ...AUTHENTICATION_API, ...profile.endpoints },
      };
  }
}

export function profileName(profile: RateLimitProfile): string {
  return profile.name === 'custom' ? `custom:${profile.burst}:${profile.perSecond}` : profile.name;
}

const ALIASES: Record<string, RateLimitProfile['name']> = {
  off: 'off',
  none: 'off',
  free: 'free',
  essentials: 'essentials',
  professional: 'essentials',
  enterprise: 'enterprise',
  'enterprise-nonprod': 'enterprise-nonprod',
  'enterprise-non-prod': 'enterprise-nonprod',
};

export const PROFILE_HELP =
  'Rate limit profile must be one of off, free, essentials, enterprise, enterprise-nonprod or custom:<burst>:<perSecond> (e.g. custom:20:5).';

/** `free`, `essentials`, `custom:20:5`, ...; throws a 400 ApiError naming the valid choices. */
export function parseRateLimitProfile(text: string): RateLimitProfile {
  const s = text.trim().toLowerCase();
  const named = ALIASES[s];
  if (named !== undefined && named !== 'custom') return { name: named } as RateLimitProfile;
  const m = /^custom:(\d+):(\d+(?:\.\d+)?)$/.exec(s);
  if (m) {
    const burst = Number(m[1]);
    const perSecond = Number(m[2]);
    if (Number.isSafeInteger(burst) && burst >= 1 && perSecond > 0) return { name: 'custom', burst, perSecond };
  }
  throw badRequest(`${PROFILE_HELP} Got "${text}".`);
}
