import type { Settings } from '@pulse/shared';

export type Path = readonly (string | number)[];

export function pathKey(path: Path): string {
  return path.join('.');
}

/** An immutable update of one leaf of the settings draft (copy-on-write along the path). */
export function setAt(settings: Settings, path: Path, value: unknown): Settings {
  const write = (node: unknown, depth: number): unknown => {
    if (depth === path.length) return value;
    const key = path[depth]!;
    if (Array.isArray(node)) {
      const copy = [...node];
      copy[Number(key)] = write(node[Number(key)], depth + 1);
      return copy;
    }
    if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      return { ...record, [key]: write(record[String(key)], depth + 1) };
    }
    throw new Error(`settings path ${pathKey(path)} does not exist`);
  };
  return write(settings, 0) as Settings;
}

/** The value at `path` (undefined when a step of the path is missing). */
export function getAt(settings: Settings, path: Path): unknown {
  let node: unknown = settings;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(key)];
  }
  return node;
}
