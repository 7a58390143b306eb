// What a dossier must hold for what it is for: a clerk's checklist, one list per purpose.

export interface RequiredDocument {
  docType: string;
  /** null: any side (a one-sided document). */
  side: 'front' | 'back' | null;
  label: string;
}

const LICENCE_PAGES: RequiredDocument[] = [
  { docType: 'vehicle_license', side: 'front', label: '行驶证正页' },
  { docType: 'vehicle_license', side: 'back', label: '行驶证副页' },
];
const ID_FRONT: RequiredDocument = { docType: 'id_card', side: 'front', label: '身份证人像面' };
const ID_BACK: RequiredDocument = { docType: 'id_card', side: 'back', label: '身份证国徽面' };

export const PURPOSES = {
  basic: { label: '车辆档案', required: LICENCE_PAGES },
  rental: { label: '租车', required: [...LICENCE_PAGES, ID_FRONT, ID_BACK, { docType: 'driver_license', side: 'front', label: '驾驶证正页' }] },
  insurance: { label: '投保', required: [...LICENCE_PAGES, ID_FRONT] },
  transfer: {
    label: '过户',
    required: [...LICENCE_PAGES, { docType: 'vehicle_registration_certificate', side: null, label: '机动车登记证书' }, ID_FRONT, ID_BACK],
  },
} as const satisfies Record<string, { label: string; required: readonly RequiredDocument[] }>;

export type DossierPurpose = keyof typeof PURPOSES;
export const DOSSIER_PURPOSES = Object.keys(PURPOSES) as DossierPurpose[];
