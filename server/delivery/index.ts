export { canonicalJson } from './canonical';
export { HEADER_IDEMPOTENCY_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, sign, verify } from './sign';
export { buildDelivery, idempotencyKeyFor, outboxFor, type DeliveryPayload } from './outbox';
export { backoffDelayMs, buildRequest, DELIVERY_DEFAULTS, redeliver, runDeliveries } from './worker';
export type { DeliveryOptions, DeliveryRunResult } from './worker';
export { runScheduledJobs, startDeliveryScheduler } from './scheduler';
export type { ScheduledJobsInput, ScheduledJobsResult, SchedulerOptions } from './scheduler';
