// Filing a record: its expiry dates are stored beside its printed text, and a vehicle document joins
// the user's dossier for that vehicle (created when there is none). A person's document (ID card,
// driving licence) joins the dossier the user chose. Derived data: it never fails a submission, and
// refiling the same record gives the same result.
import { chinaToday } from '../../core/normalize/date';
import type { LicenseRecord } from '../../core/contracts/records';
import { dossierPages, expiriesOf, vehicleKeyOf, type Expiry } from '../../core/dossier';
import { ApiError } from '../../core/contracts/errors';
import type { DossierStore } from '../stores/dossiers/types';

/** The expiry dates a record states, over all its pages (the first page stating a field wins). */
export function recordExpiries(record: LicenseRecord): Expiry[] {
  const out = new Map<string, Expiry>();
  for (const p of dossierPages(record)) for (const e of expiriesOf(p.docType, p.side, p.values)) if (!out.has(e.field)) out.set(e.field, e);
  return [...out.values()];
}

const VEHICLE_DOCS = new Set(['vehicle_license', 'e_vehicle_license', 'vehicle_registration_certificate']);

export async function fileRecord(dossiers: DossierStore, record: LicenseRecord, chosenDossierId?: string): Promise<string | null> {
  await dossiers.setExpiries({ recordId: record._id, openid: record._openid, docType: record.docType }, recordExpiries(record));
  if (chosenDossierId) {
    const chosen = await dossiers.get(chosenDossierId);
    if (!chosen || chosen._openid !== record._openid) throw new ApiError('NOT_FOUND', '档案不存在');
    await dossiers.attach(chosen._id, record._id);
    return chosen._id;
  }
  if (!VEHICLE_DOCS.has(record.docType)) return (await dossiers.dossierOf(record._id))?._id ?? null;
  const key = vehicleKeyOf(record);
  if (!key) return null;
  const current = await dossiers.dossierOf(record._id);
  if (current) return current._id;
  const found =
    (await dossiers.findForVehicle(record._openid, key)) ??
    (await dossiers.create({ openid: record._openid, vin: key.vin, plate: key.plate, purpose: 'basic', title: null }));
  // A dossier known by its plate learns the VIN from the first document that reads it.
  if (!found.vin && key.vin) await dossiers.update(found._id, { vin: key.vin });
  await dossiers.attach(found._id, record._id);
  return found._id;
}

/** Today in China, the day expiries and reminders count from. */
export const todayOf = (now: Date): string => chinaToday(now);
