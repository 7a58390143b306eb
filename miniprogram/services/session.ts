// Hands the freshly recognized record (and the local photo) from the scan page to the review page
// without a second round trip; the review page falls back to `get` when opened another way.
import type { LicenseRecord } from '../core/contracts/records';

export interface ScanResult {
  record: LicenseRecord;
  /** Local temporary path of the uploaded (cropped, compressed) photo. */
  photoPath: string;
}

let last: ScanResult | null = null;

export function putScan(result: ScanResult): void {
  last = result;
}

export function takeScan(id: string): ScanResult | null {
  return last && last.record._id === id ? last : null;
}

export function clearScan(): void {
  last = null;
}
