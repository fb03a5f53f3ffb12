import { fieldValues, given, type Props } from "../shared/field-values";
import { propertyName } from "../shared/naming";
import { canonical, type Field, type ItemForm, typed } from "./fields";

type Json = Record<string, unknown>;
export type Fields = Record<string, Field>;
export type { Props };

/** The names a network's rules give capabilities and tags, which members are written with. */
export interface RuleNames {
  capabilitiesByName: Record<string, number>;
  tagsByName: Record<string, { id: number; enums?: Record<string, number> }>;
}

/** A name the network's rules do not declare, with the ones they do. */
export class UndeclaredName extends Error {}

function sent(form: ItemForm | undefined, item: string, names: RuleNames | undefined): unknown {
  switch (form) {
    case "range": {
      const [ipRangeStart, ipRangeEnd] = item.split("-");
      return { ipRangeStart, ipRangeEnd: ipRangeEnd ?? ipRangeStart };
    }
    case "route": {
      const [target, via] = item.split(/\s+via\s+/);
      return { target, via: via ?? null };
    }
    case "capability": {
      const id = names?.capabilitiesByName[item];
      if (id === undefined) throw new UndeclaredName(undeclared("capability", item, names?.capabilitiesByName ?? {}));
      return id;
    }
    case "tag": {
      const [name, value = ""] = item.split("=");
      const tag = names?.tagsByName[name];
      if (!tag) throw new UndeclaredName(undeclared("tag", name, names?.tagsByName ?? {}));
      const number = tag.enums?.[value] ?? (/^\d+$/.test(value) ? Number(value) : undefined);
      if (number === undefined)
        throw new UndeclaredName(`tag ${name}: "${value}" is neither a number nor one of its enums`);
      return [tag.id, number];
    }
    default:
      return item;
  }
}

function shown(form: ItemForm | undefined, item: unknown, names: RuleNames | undefined): string {
  switch (form) {
    case "range": {
      const { ipRangeStart, ipRangeEnd } = item as { ipRangeStart: string; ipRangeEnd: string };
      return `${ipRangeStart}-${ipRangeEnd}`;
    }
    case "route": {
      const { target, via } = item as { target: string; via?: string | null };
      return via ? `${target} via ${via}` : target;
    }
    case "capability": {
      const name = Object.entries(names?.capabilitiesByName ?? {}).find(([, id]) => id === item)?.[0];
      return name ?? `#${item}`;
    }
    case "tag": {
      const [id, value] = item as [number, number];
      const [name, tag] = Object.entries(names?.tagsByName ?? {}).find(([, t]) => t.id === id) ?? [`#${id}`, undefined];
      const label = Object.entries(tag?.enums ?? {}).find(([, v]) => v === value)?.[0];
      return `${name}=${label ?? value}`;
    }
    default:
      return String(item);
  }
}

const undeclared = (what: string, name: string, declared: Record<string, unknown>) =>
  `${what} "${name}" is not declared in the network's rules (declared: ${Object.keys(declared).join(", ") || "none"})`;

/** The body that writes the named fields: each at its place in Central's JSON, lists item by item. */
export function bodyOf(fields: Fields, names: string[], props: Props, rules?: RuleNames): Json {
  const body: Json = {};
  for (const name of names) {
    const field = fields[name];
    if (!field.at || field.readOnly) continue;
    const stated = props[propertyName(name)];
    const value = given(stated) ? stated : field.default === undefined ? undefined : typed(field, field.default);
    if (value === undefined) continue;
    const wire = Array.isArray(value) ? value.map((item) => sent(field.items, String(item), rules)) : value;
    const path = field.at.split(".");
    let at = body;
    for (const step of path.slice(0, -1)) {
      at[step] = at[step] ?? {};
      at = at[step] as Json;
    }
    at[path[path.length - 1]] = wire;
  }
  return body;
}

/** An object as Central returns it: each declared field's value, canonical. */
export function valuesOf(fields: Fields, answer: Json, rules?: RuleNames): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(fields)) {
    if (!field.at) continue;
    const value = field.at.split(".").reduce<unknown>((at, step) => (at as Json | undefined)?.[step], answer);
    if (!given(value)) {
      if (field.default !== undefined) values.set(name, field.default);
      continue;
    }
    const read = Array.isArray(value) ? value.map((item) => shown(field.items, item, rules)) : value;
    values.set(name, canonical(field, read));
  }
  return values;
}

export const { effective, requireGiven, changedFields, refreshedProps } = fieldValues<Field>({
  canonical,
  typed,
  shown: (field) => field.at !== undefined && !field.readOnly,
  absentMeansUnset: () => false,
  implied: (field) => field.default,
});
