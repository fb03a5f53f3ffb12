import { fieldValues, given, type Props } from "../shared/field-values";
import { propertyName } from "../shared/naming";
import { canonical, type Field, itemSeparator, wire } from "./fields";

export type Fields = Record<string, Field>;
/** Parameters as PVE takes them: an array parameter as its values. */
export type Params = Record<string, string | string[]>;
/** An object as PVE returns it. */
export type Row = Record<string, unknown>;

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

export type { Props };

export const { effective, requireGiven, changedFields, refreshedProps } = fieldValues<Field>({
  canonical,
  typed: (field, value) => {
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
  },
  // A node is only ever in a path, and PVE never returns a secret: both stay as the stack gave them.
  shown: (field) => !field.location && !field.secret,
  absentMeansUnset: () => true,
  implied: (field) => (field.default === undefined ? undefined : canonical(field, field.default)),
});
