import { propertyName } from "../shared/naming";
import { canonical, type Field, itemSeparator, wire } from "./fields";

/** Properties as Pulumi holds them, by property name. */
export type Props = Record<string, unknown>;
export type Fields = Record<string, Field>;
/** Parameters as PVE takes them: an array parameter as its values. */
export type Params = Record<string, string | string[]>;
/** An object as PVE returns it. */
export type Row = Record<string, unknown>;

const given = (value: unknown) => value !== undefined && value !== null;

/** The declared fields a `required` mark makes mandatory but the props leave out. */
export function missingRequired(fields: Fields, props: Props): string[] {
  return Object.entries(fields)
    .filter(([name, field]) => field.required && !given(props[propertyName(name)]))
    .map(([name]) => propertyName(name));
}

/** What a field amounts to on PVE: the given value, or the default PVE holds when it is not set. */
export function effective(field: Field, props: Props, name: string): string | undefined {
  const value = props[propertyName(name)];
  if (given(value)) return canonical(field, value);
  return field.default === undefined ? undefined : canonical(field, field.default);
}

/** Declared fields whose effective value differs between two sets of props. */
export function changedFields(fields: Fields, olds: Props, news: Props): string[] {
  return Object.entries(fields)
    .filter(([name, field]) => effective(field, olds, name) !== effective(field, news, name))
    .map(([name]) => name);
}

/** What a create sends: every field the props give, but those only in the path. */
export function createParams(fields: Fields, props: Props): Params {
  const params: Params = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = props[propertyName(name)];
    if (!field.location && given(value)) params[name] = wire(field, value);
  }
  return params;
}

/**
 * What an update sends for the changed fields: the new values, and for a field left out of the
 * stack, its default or (where PVE takes it) its name in `delete`.
 */
export function updateParams(fields: Fields, names: string[], news: Props, unsetWithDelete: boolean): Params {
  const params: Params = {};
  const unset: string[] = [];
  const reset = names.flatMap((name) => fields[name].resets ?? []);
  for (const name of [...new Set([...names, ...reset])]) {
    const field = fields[name];
    const value = news[propertyName(name)];
    if (field.location || field.replaceOnChange) continue;
    if (given(value)) params[name] = wire(field, value);
    else if (unsetWithDelete) unset.push(name);
    else if (field.default !== undefined) params[name] = wire(field, field.default);
  }
  if (unset.length > 0) params.delete = unset.join(",");
  return params;
}

/** A returned object's declared fields, canonical; a field PVE leaves out holds its default. */
export function rowValues(fields: Fields, row: Row): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(fields)) {
    if (field.location) continue;
    const value = row[field.readAs ?? name];
    if (given(value) && value !== "") values.set(name, canonical(field, value));
    else if (field.default !== undefined) values.set(name, canonical(field, field.default));
  }
  return values;
}

/**
 * The props a refresh reports for an object: each field the props manage, and each defaulted field
 * PVE holds at another value (drift away from the default the stack implies). A managed field PVE
 * no longer holds is dropped, so the next update sets it again; a secret, which PVE never returns,
 * is kept as the stack gave it.
 */
export function refreshedProps(fields: Fields, props: Props, actual: Map<string, string>): Props {
  const refreshed: Props = { ...props };
  for (const [name, field] of Object.entries(fields)) {
    if (field.location || field.secret) continue;
    const property = propertyName(name);
    const value = actual.get(name);
    if (value === undefined) {
      delete refreshed[property];
      continue;
    }
    if (!given(props[property]) && (field.default === undefined || value === canonical(field, field.default))) {
      continue;
    }
    refreshed[property] = typed(field, value, props[property]);
  }
  return refreshed;
}

/** A canonical PVE value in the type the stack writes it in. */
function typed(field: Field, value: string, previous: unknown): unknown {
  if (given(previous) && canonical(field, previous) === value) return previous;
  switch (field.kind) {
    case "int":
    case "number":
      return Number.isFinite(Number(value)) ? Number(value) : value;
    case "bool":
      return value === "1";
    case "list":
    case "set":
      return value === "" ? [] : value.split(itemSeparator(field));
    default:
      return value;
  }
}
