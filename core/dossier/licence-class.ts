// Does a driving licence's 准驾车型 cover a vehicle's 车辆类型? The classes and what each also allows
// follow 《机动车驾驶证申领和使用规定》 (公安部令第162号, 附件1 准驾车型及代号); the vehicle types are
// those of the vehicle licence (GA 802-2019). A vehicle type we cannot place is not judged.

/** What a class also permits besides itself. */
const ALSO: Readonly<Record<string, readonly string[]>> = {
  A1: ['A3', 'B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'M'],
  A2: ['B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'M'],
  A3: ['C1', 'C2', 'C3', 'C4'],
  B1: ['C1', 'C2', 'C3', 'C4', 'M'],
  B2: ['C1', 'C2', 'C3', 'C4', 'M'],
  C1: ['C2', 'C3', 'C4'],
  C2: [],
  C3: ['C4'],
  C4: [],
  C5: [],
  C6: [],
  D: ['E', 'F'],
  E: ['F'],
  F: [],
  M: [],
  N: [],
  P: [],
};

/** The classes that allow driving a vehicle of this type (any one suffices); null = not judged. */
export function classesFor(vehicleType: string): readonly string[] | null {
  const t = vehicleType.trim();
  if (!t) return null;
  if (/牵引车/u.test(t)) return ['A2'];
  if (/挂车/u.test(t)) return null; // a trailer is driven by its tractor's licence
  if (/无轨电车/u.test(t)) return ['N'];
  if (/有轨电车/u.test(t)) return ['P'];
  if (/轮式/u.test(t)) return ['M'];
  if (/轻便.*摩托车/u.test(t)) return ['F'];
  if (/三轮摩托车|正三轮|侧三轮/u.test(t)) return ['E'];
  if (/二轮摩托车/u.test(t)) return ['D'];
  if (/低速/u.test(t)) return ['C3'];
  if (/三轮汽车/u.test(t)) return ['C4'];
  if (/^(大型)/u.test(t) && /客车|轿车|校车/u.test(t)) return ['A1'];
  if (/^(中型)/u.test(t) && /客车|轿车|校车/u.test(t)) return ['B1'];
  if (/^(重型|中型)/u.test(t)) return ['B2'];
  if (/^(小型|微型|轻型)/u.test(t)) return ['C1', 'C2'];
  return null;
}

/** The classes printed on a licence ("A2D", "C1E", "C1 D" …), upper case, in order. */
export function licenceClasses(printed: string): string[] {
  return [...printed.toUpperCase().matchAll(/[ABC][1-6]|[DEFMNP]/g)].map((m) => m[0]);
}

/** Every class a licence permits, its own and those they include. */
export function permittedClasses(printed: string): Set<string> {
  const out = new Set<string>();
  for (const c of licenceClasses(printed)) {
    out.add(c);
    for (const a of ALSO[c] ?? []) out.add(a);
  }
  return out;
}

/** True / false when judged; null when the licence or the vehicle type cannot be read for it. */
export function licenceCovers(printedClasses: string, vehicleType: string): boolean | null {
  const needed = classesFor(vehicleType);
  const have = permittedClasses(printedClasses);
  if (!needed || have.size === 0) return null;
  return needed.some((c) => have.has(c));
}
