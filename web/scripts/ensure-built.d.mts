export function isWebStale(): boolean;
export function ensureWebBuilt(opts?: { log?: (line: string) => void }): Promise<boolean>;
