// The upload folder rule (core/contracts/upload.ts) and the storage security rules shipped for the
// cloud console (cloudfunctions/storage-rules.json) agree: a client writes only files it created inside
// uploads/<folder>/, reads no photo the server stored, and the ocr function takes only the caller's folder.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudPathOf, isInUploadFolder, uploadFolder } from '../../core/contracts/upload';

const rules = JSON.parse(readFileSync(resolve('cloudfunctions/storage-rules.json'), 'utf8')) as Record<string, unknown>;

/** The path regexes of one rule, as the rule engine reads them (regex literals inside the string). */
function pathPatterns(rule: string): RegExp[] {
  return [...rule.matchAll(/\/(\^.+?\$)\/\.test\(resource\.path\)/g)].map((m) => new RegExp(m[1]!));
}

describe('storage security rules', () => {
  it('define read and write only, each tied to the file owner (resource.openid == auth.openid) for uploads', () => {
    expect(Object.keys(rules).sort()).toEqual(['read', 'write']);
    expect(typeof rules.write).toBe('string');
    expect(rules.write).toContain('resource.openid == auth.openid');
    expect(rules.read).toContain('resource.openid == auth.openid');
  });

  it('let a client write only inside an upload folder, never to photos/ or exports/', () => {
    const [write] = pathPatterns(String(rules.write));
    expect(write).toBeDefined();
    const path = `${uploadFolder('oAbC_123-x')}/vehicle_license-1764740000000-k3j4h5.jpg`;
    expect(write!.test(path)).toBe(true);
    for (const bad of ['photos/2026-12-03/0123.jpg', 'exports/2026-12-03/0123.xlsx', 'uploads/a/b/c.jpg', 'uploads/x.jpg', 'other/oAbC/x.jpg']) {
      expect(write!.test(bad), bad).toBe(false);
    }
  });

  it('let a client read its own uploads and an export by its unguessable path, never a stored photo', () => {
    const read = pathPatterns(String(rules.read));
    const readable = (p: string) => read.some((r) => r.test(p));
    expect(readable('uploads/oAbC/id_card-1-a.png')).toBe(true);
    expect(readable('exports/2026-12-03/0123456789abcdef0123456789abcdef.xlsx')).toBe(true);
    expect(readable('photos/2026-12-03/0123456789abcdef0123456789abcdef.jpg')).toBe(false);
    expect(readable('exports/2026-12-03/0123456789abcdef0123456789abcdef.jpg')).toBe(false);
  });
});

describe('upload folder rule', () => {
  const A = 'oUserA_1';
  const file = (path: string) => `cloud://prod-1a2b.7072-prod-1a2b-1300000000/${path}`;

  it('accepts a file directly inside the caller’s folder', () => {
    expect(cloudPathOf(file('uploads/oUserA_1/id_card-1-a.jpg'))).toBe('uploads/oUserA_1/id_card-1-a.jpg');
    expect(isInUploadFolder(file(`${uploadFolder(A)}/vehicle_license-1764740000000-k3j4h5.jpg`), A)).toBe(true);
  });

  it('refuses other users’ folders, other folders, sub-folders, dot segments and non-cloud ids', () => {
    for (const id of [
      file('uploads/oUserB_2/x.jpg'),
      file('uploads/oUserA_1x/x.jpg'),
      file('photos/2026-12-03/x.jpg'),
      file('uploads/oUserA_1/../oUserB_2/x.jpg'),
      file('uploads/oUserA_1/sub/x.jpg'),
      file('uploads/oUserA_1/..'),
      file('uploads/oUserA_1/'),
      file('uploads/oUserA_1/%2e%2e%2fx.jpg'),
      'uploads/oUserA_1/x.jpg',
      '0123456789abcdef0123456789abcdef',
    ]) {
      expect(isInUploadFolder(id, A), id).toBe(false);
    }
    expect(isInUploadFolder(file('uploads//x.jpg'), '')).toBe(false);
  });
});
