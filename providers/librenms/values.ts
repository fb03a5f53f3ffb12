import { fieldValues, given, type Props } from "../shared/field-values";
import { canonical, typed } from "../shared/json-values";
import { propertyName } from "../shared/naming";
import type { Field } from "./fields";

type Json = Record<string, unknown>;
export type Fields = Record<string, Field>;
export type { Props };

/** A field's value as LibreNMS takes it: ids as numbers, the rest as the stack gave it. */
function wire(field: Field, value: unknown): unknown {
  return field.ids && Array.isArray(value) ? value.map(Number) : value;
}

/** The value a field is sent with: the given one, or else its default. */
function sentValue(field: Field, props: Props, name: string): unknown {
  const stated = props[propertyName(name)];
  if (given(stated)) return wire(field, stated);
  return field.default === undefined ? undefined : wire(field, typed(field, field.default));
}

/** An add's body: every field the object is made with, by the key an add takes it as. */
export function addBody(fields: Fields, props: Props): Json {
  const body: Json = {};
  for (const [name, field] of Object.entries(fields)) {
    const key = field.addAs ?? field.column;
    if (!key || field.readOnly) continue;
    const value = sentValue(field, props, name);
    if (value !== undefined) body[key] = value;
  }
  return body;
}

/** The named fields' columns and values, for an update. */
export function columnsOf(fields: Fields, names: string[], props: Props): [string, unknown][] {
  return names
    .filter((name) => fields[name].column && !fields[name].readOnly && !fields[name].addOnly)
    .map((name): [string, unknown] => [fields[name].column as string, sentValue(fields[name], props, name)]);
}

/** An object as LibreNMS answers it: each declared field's value, canonical. */
export function valuesOf(fields: Fields, row: Json): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(fields)) {
    if (!field.column || field.addOnly) continue;
    const value = row[field.column];
    if (given(value)) values.set(name, canonical(field, value));
    else if (field.default !== undefined) values.set(name, field.default);
  }
  return values;
}

export const { requireGiven, changedFields, refreshedProps } = fieldValues<Field>({
  canonical,
  typed,
  shown: (field) => field.column !== undefined && !field.readOnly && !field.addOnly,
  absentMeansUnset: () => false,
  implied: (field) => field.default,
});
