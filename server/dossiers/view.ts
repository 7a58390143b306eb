// A dossier as the clients show it: member summaries, the cross-document warnings and the expiries,
// computed from the member records as they are now (a corrected record changes the warnings).
import type { Dossier, DossierView } from '../../core/contracts/dossiers';
import type { LicenseRecord } from '../../core/contracts/records';
import { checkDossier, daysUntil, dossierPages } from '../../core/dossier';
import { recordPages } from '../../core/records/pages';
import type { RecordStore } from '../stores/types';
import type { DossierStore } from '../stores/dossiers/types';
import { todayOf } from './file';

export async function viewOf(stores: { store: RecordStore; dossiers: DossierStore }, dossier: Dossier, now: Date): Promise<DossierView> {
  const records = (await Promise.all(dossier.recordIds.map((id) => stores.store.getRecord(id)))).filter((r): r is LicenseRecord => r !== null);
  const today = todayOf(now);
  const warnings = checkDossier({ pages: records.flatMap(dossierPages), today, purpose: dossier.purpose });
  const expiries = (await stores.dossiers.expiriesOf(records.map((r) => r._id))).map((e) => ({ ...e, daysLeft: daysUntil(e.date, today) }));
  return {
    ...dossier,
    recordIds: records.map((r) => r._id),
    records: records.map((r) => ({
      _id: r._id,
      docType: r.docType,
      side: r.side,
      status: r.status,
      createdAt: r.createdAt,
      pages: recordPages(r).map((p) => ({ docType: p.docType, side: p.side })),
    })),
    warnings,
    expiries,
  };
}
