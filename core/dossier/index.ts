// The dossier rules (issue #18): expiry dates, cross-document checks, purposes, the vehicle key.
export * from './checks';
export * from './expiry';
export * from './key';
export * from './licence-class';
export * from './purposes';
