// The one place that names the real-photo fixtures the tests read: test/fixtures/real, inside the
// repository, so a fresh clone tests exactly what CI tests (the larger shared set beside the repo is
// the benchmark's business, never the tests').
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const REAL_FIXTURES = resolve(import.meta.dirname, '../fixtures/real');

// Only what the tests read; the rest of the ground-truth file (notes, source, sha256) passes through.
const FixtureMeta = z.looseObject({
  file: z.string().min(1),
  docType: z.string(),
  side: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  pages: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});
export type FixtureMeta = z.infer<typeof FixtureMeta>;

/** Absolute path of a file in the fixture folder (an image or its JSON). */
export function realFixturePath(file: string): string {
  return join(REAL_FIXTURES, file);
}

/** The ground truth of a fixture, by name without extension (`vehicle-licence-front-01`). */
export function realTruth(name: string): FixtureMeta {
  return FixtureMeta.parse(JSON.parse(readFileSync(realFixturePath(`${name}.json`), 'utf8')));
}

/** A fixture's image bytes and its ground truth. */
export function realFixture(name: string): { bytes: Buffer; meta: FixtureMeta; fields: Record<string, string> } {
  const meta = realTruth(name);
  return { bytes: readFileSync(realFixturePath(meta.file)), meta, fields: meta.fields ?? {} };
}
