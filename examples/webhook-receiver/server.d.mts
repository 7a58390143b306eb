// Types for TypeScript users of the example (the example itself stays plain JavaScript, no build).
import type { IncomingMessage, ServerResponse } from 'node:http';

export function verifySignature(input: {
  secret: string;
  timestamp: string | string[] | undefined | null;
  signature: string | string[] | undefined | null;
  body: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean;

export interface SeenKeys {
  has(key: string): boolean | Promise<boolean>;
  add(key: string): unknown;
}

export function createHandler(options: {
  secret: string;
  onDelivery?: (payload: any, key: string) => unknown;
  seen?: SeenKeys;
  toleranceSeconds?: number;
  now?: () => number;
}): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
