// The vendored real photos: every image has its ground truth, a source whose licence allows
// redistribution, its licence text in LICENSES/, and a row in the folder's README.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REAL_FIXTURES, realFixture, realFixturePath, realTruth } from './fixtures';

const files = readdirSync(REAL_FIXTURES);
const names = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
const readme = readFileSync(realFixturePath('README.md'), 'utf8');

// licence as the source JSON declares it → the notice file this folder must carry for it
const NOTICE: { licence: RegExp; file: string; repo: RegExp }[] = [
  { licence: /^Apache-2\.0\b/, file: 'LICENSES/Apache-2.0.txt', repo: /^(huaweicloudsdk\/ais-sdk|mazaiting\/Facepp)$/ },
  { licence: /^MIT\b/, file: 'LICENSES/MIT-chineseocr.txt', repo: /^chineseocr\/chineseocr$/ },
  { licence: /MIT licence$/, file: 'LICENSES/MIT-suguangnet.txt', repo: /suguangnet\/baidu-ocr-sdk-xingshizheng/ },
];

function sourceOf(name: string): { repo: string; licence: string } {
  const raw = (JSON.parse(readFileSync(realFixturePath(`${name}.json`), 'utf8')) as { source: unknown }).source;
  // one older file describes its source in a sentence rather than an object
  if (typeof raw === 'string') return { repo: raw, licence: raw };
  const s = raw as { repo: string; licence: string };
  return { repo: s.repo, licence: s.licence };
}

describe('vendored real fixtures (test/fixtures/real)', () => {
  it('holds the photos the tests read, each image beside its ground truth', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const n of names) {
      const { meta, bytes } = realFixture(n);
      expect(bytes.length, n).toBeGreaterThan(1000);
      expect(meta.fields ?? meta.pages, n).toBeTruthy();
    }
    // every file is an image with its JSON, the README, or a licence text: nothing stray
    const images = files.filter((f) => /\.(png|jpe?g)$/.test(f));
    expect(images.sort()).toEqual(names.map((n) => realTruth(n).file).sort());
  });

  it('carries only redistributable sources, each with its licence text and a README row', () => {
    for (const n of names) {
      const src = sourceOf(n);
      const notice = NOTICE.find((x) => x.licence.test(src.licence) && x.repo.test(src.repo));
      expect(notice, `${n}: ${src.repo} (${src.licence}) is not a source we may redistribute`).toBeDefined();
      expect(existsSync(realFixturePath(notice!.file)), notice!.file).toBe(true);
      expect(readme, `${n} is not listed in README.md`).toContain(realTruth(n).file);
    }
  });

  it('never carries the photos that show a real person', () => {
    expect(names).not.toContain('driver-licence-front-02');
    expect(names).not.toContain('driver-licence-front-07');
  });
});
