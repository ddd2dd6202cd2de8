// Public surface of the rate-limit module: plan profiles, the limiter, token buckets and fault injection.
export { RateLimiter } from './rateLimiter.js';
export type { RateCategory, RateLimitDecision, RateLimitDescription, RateLimiterOptions } from './rateLimiter.js';
export { MANAGEMENT_CATEGORIES, parseRateLimitProfile, profileBuckets, profileName, PROFILE_HELP } from './profiles.js';
export type { ProfileBuckets, RateLimitCategory, RateLimitProfile } from './profiles.js';
export { TokenBucket } from './tokenBucket.js';
export type { BucketSpec } from './tokenBucket.js';
export { FaultInjector, faultResponse } from './faults.js';
export type { Fault, FaultResponse, FaultSpec } from './faults.js';
