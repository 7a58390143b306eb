// Cross-document checks of a dossier: the documents of one vehicle and of the people on it, checked
// against each other the way a clerk checks them by eye. Each finding is a warning with a stable code
// and a Chinese message, naming the records it concerns. Pure: the caller gives the pages and today.
import { platesAgree } from '../validate/plate';
import { daysUntil, expiriesOf } from './expiry';
import { classesFor, licenceCovers } from './licence-class';
import { PURPOSES, type DossierPurpose } from './purposes';

export const DOSSIER_MESSAGES = {
  DOSSIER_PLATE_MISMATCH: '各证件上的号牌号码不一致',
  DOSSIER_VIN_MISMATCH: '行驶证与登记证书的车辆识别代号不一致',
  DOSSIER_ENGINE_MISMATCH: '行驶证与登记证书的发动机号码不一致',
  DOSSIER_MODEL_MISMATCH: '行驶证的品牌型号与登记证书的车辆型号不一致',
  DOSSIER_OWNER_MISMATCH: '行驶证与登记证书的所有人不一致',
  DOSSIER_OWNER_NOT_ID_HOLDER: '行驶证所有人与身份证上的姓名不一致',
  DOSSIER_EXPIRED: '证件已过有效期',
  DOSSIER_CLASS_NOT_COVERED: '驾驶证的准驾车型不能驾驶该车辆类型',
  DOSSIER_MISSING_DOCUMENT: '档案缺少证件',
} as const;
export type DossierWarningCode = keyof typeof DOSSIER_MESSAGES;

export interface DossierWarning {
  code: DossierWarningCode;
  message: string;
  /** The records the finding concerns (to open them from the dossier). */
  recordIds: string[];
}

/** One page of a record in the dossier, with its values (submitted, else recognized). */
export interface DossierPage {
  recordId: string;
  docType: string;
  side: 'front' | 'back' | null;
  values: Record<string, string>;
}

const squeeze = (s: string | undefined): string => (s ?? '').replace(/[\s\u3000]+/gu, '').toUpperCase();
const present = (s: string | undefined): s is string => !!s && s.trim() !== '' && s.trim() !== '--';

const LABELS: Readonly<Record<string, string>> = {
  vehicle_license: '行驶证',
  e_vehicle_license: '电子行驶证',
  vehicle_registration_certificate: '登记证书',
  driver_license: '驾驶证',
  e_driver_license: '电子驾驶证',
  id_card: '身份证',
};
const nameOf = (docType: string): string => LABELS[docType] ?? docType;

/** An organisation, not a person (a company's car has no ID card to match). */
const isOrganisation = (owner: string): boolean => /公司|有限|集团|厂|局|中心|银行|协会|学校|医院|委员会|政府|部队|研究/u.test(owner);

function warn(code: DossierWarningCode, pages: readonly DossierPage[], detail?: string): DossierWarning {
  const message = DOSSIER_MESSAGES[code];
  return { code, message: detail ? `${message}（${detail}）` : message, recordIds: [...new Set(pages.map((p) => p.recordId))] };
}

/** Every value of `key` on pages of these documents, with the page it is on. */
function valuesOf(pages: readonly DossierPage[], docTypes: readonly string[], key: string): { page: DossierPage; value: string }[] {
  return pages
    .filter((p) => docTypes.includes(p.docType))
    .flatMap((p) => (present(p.values[key]) ? [{ page: p, value: p.values[key]! }] : []));
}

const VEHICLE_DOCS = ['vehicle_license', 'e_vehicle_license'];
const CERT = ['vehicle_registration_certificate'];

/** Same value across documents: one warning listing the differing ones. */
function agree(code: DossierWarningCode, found: { page: DossierPage; value: string }[], same: (a: string, b: string) => boolean): DossierWarning[] {
  const first = found[0];
  if (!first) return [];
  const differing = found.filter((f) => !same(first.value, f.value));
  if (differing.length === 0) return [];
  const shown = [first, ...differing].map((f) => `${nameOf(f.page.docType)}：${f.value}`).join('；');
  return [warn(code, [first.page, ...differing.map((d) => d.page)], shown)];
}

/** The registration certificate prints brand and model apart (大众汽车 / SVW7182LFD); the licence
 *  prints them together (大众汽车牌SVW7182LFD): the certificate's model code must be in the licence's. */
function modelsAgree(licence: string, certificateModel: string): boolean {
  const a = squeeze(licence).replace(/牌/gu, '');
  const b = squeeze(certificateModel).replace(/牌/gu, '');
  return a.includes(b) || b.includes(a);
}

export interface DossierCheckInput {
  pages: readonly DossierPage[];
  /** YYYY-MM-DD in China. */
  today: string;
  purpose?: DossierPurpose;
}

export function checkDossier({ pages, today, purpose = 'basic' }: DossierCheckInput): DossierWarning[] {
  const out: DossierWarning[] = [];
  const plates = [...valuesOf(pages, VEHICLE_DOCS, 'plateNo'), ...valuesOf(pages, CERT, 'plateNo')];
  out.push(...agree('DOSSIER_PLATE_MISMATCH', plates, platesAgree));

  const licenceVin = valuesOf(pages, VEHICLE_DOCS, 'vin');
  const certVin = valuesOf(pages, CERT, 'vin');
  if (certVin.length > 0) out.push(...agree('DOSSIER_VIN_MISMATCH', [...licenceVin, ...certVin], (a, b) => squeeze(a) === squeeze(b)));
  const certEngine = valuesOf(pages, CERT, 'engineNo');
  if (certEngine.length > 0)
    out.push(...agree('DOSSIER_ENGINE_MISMATCH', [...valuesOf(pages, VEHICLE_DOCS, 'engineNo'), ...certEngine], (a, b) => squeeze(a) === squeeze(b)));
  for (const cert of valuesOf(pages, CERT, 'model'))
    for (const lic of valuesOf(pages, VEHICLE_DOCS, 'model'))
      if (!modelsAgree(lic.value, cert.value)) out.push(warn('DOSSIER_MODEL_MISMATCH', [lic.page, cert.page], `${lic.value} / ${cert.value}`));
  const certOwner = valuesOf(pages, CERT, 'owner');
  if (certOwner.length > 0)
    out.push(...agree('DOSSIER_OWNER_MISMATCH', [...valuesOf(pages, VEHICLE_DOCS, 'owner'), ...certOwner], (a, b) => squeeze(a) === squeeze(b)));

  // A person owner should be one of the ID cards in the dossier (another ID card may be the driver's).
  const idNames = valuesOf(pages, ['id_card'], 'name');
  if (idNames.length > 0) {
    for (const o of valuesOf(pages, VEHICLE_DOCS, 'owner')) {
      if (isOrganisation(o.value)) continue;
      if (!idNames.some((n) => squeeze(n.value) === squeeze(o.value)))
        out.push(warn('DOSSIER_OWNER_NOT_ID_HOLDER', [o.page, ...idNames.map((n) => n.page)], o.value));
    }
  }

  for (const p of pages) {
    for (const e of expiriesOf(p.docType, p.side, p.values)) {
      if (daysUntil(e.date, today) < 0) out.push(warn('DOSSIER_EXPIRED', [p], `${nameOf(p.docType)}有效期至${e.date}`));
    }
  }

  const types = valuesOf(pages, VEHICLE_DOCS, 'vehicleType');
  for (const lic of valuesOf(pages, ['driver_license', 'e_driver_license'], 'licenseClass')) {
    for (const t of types) {
      if (licenceCovers(lic.value, t.value) === false)
        out.push(warn('DOSSIER_CLASS_NOT_COVERED', [lic.page, t.page], `${lic.value} / ${t.value}，需${classesFor(t.value)?.join('或')}`));
    }
  }

  const missing = PURPOSES[purpose].required.filter(
    (need) => !pages.some((p) => p.docType === need.docType && (need.side === null || p.side === need.side)),
  );
  if (missing.length > 0) out.push({ ...warn('DOSSIER_MISSING_DOCUMENT', [], missing.map((m) => m.label).join('、')) });
  return out;
}
