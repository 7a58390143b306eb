// Which vehicle a record belongs to: its VIN when read, else its plate. A scan whose key matches a
// dossier of the same user joins it (server/dossiers); people's documents carry no vehicle key and
// join the dossier the user chooses.
import { recordPages } from '../records/pages';
import type { LicenseRecord } from '../contracts/records';
import { vehicleIdKey } from '../contracts/review';
import type { DossierPage } from './checks';

export interface VehicleKey {
  vin: string | null;
  plate: string | null;
}

/** The canonical plate/VIN (the one rule the duplicate hint compares with too); null when none. */
const clean = (v: string | undefined): string | null => vehicleIdKey(v) || null;

type RecordLike = Pick<LicenseRecord, '_id' | 'docType' | 'side' | 'recognized' | 'extra' | 'warnings' | 'submitted' | 'corrections' | 'pages'>;

/** Every page of a record with its values: what the user submitted, else what was recognized. */
export function dossierPages(record: RecordLike): DossierPage[] {
  return recordPages(record).map((p) => ({
    recordId: record._id,
    docType: p.docType,
    side: p.side,
    values: p.submitted ?? Object.fromEntries(Object.entries(p.recognized).map(([k, f]) => [k, f.value])),
  }));
}

/** The vehicle a record names, from any of its pages; null when it names none. */
export function vehicleKeyOf(record: RecordLike): VehicleKey | null {
  let vin: string | null = null;
  let plate: string | null = null;
  for (const p of dossierPages(record)) {
    vin ??= clean(p.values.vin);
    plate ??= clean(p.values.plateNo);
  }
  return vin || plate ? { vin, plate } : null;
}
