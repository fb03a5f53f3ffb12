import { fieldValues, given, type Props } from "../shared/field-values";
import { propertyName } from "../shared/naming";
import type { Row } from "./client";
import { canonical, type Field, nameOn, wire } from "./fields";
import type { Menu } from "./menu";

/** The canonical value of every declared field the props give, by RouterOS name. */
export function givenValues(menu: Menu, props: Props): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(menu.fields)) {
    const value = props[propertyName(name)];
    if (given(value)) values.set(name, canonical(field, value));
  }
  return values;
}

/**
 * What a field the props leave out stands for on the router: its default, null for "not shown" (an
 * unset field, or a factory item's field that was unset before budgetcloud came), or undefined when
 * nothing is known (a field the stack must keep giving).
 */
export function impliedValue(field: Field, props: Props, name: string): string | null | undefined {
  if (field.default !== undefined) return canonical(field, field.default);
  if (field.onRemove === "unset") return null;
  if (field.onRemove === "factory") return (props.factoryValues as Record<string, string | null> | undefined)?.[name];
  return undefined;
}

/** The reason a field may not be left out of the stack, when it may not. */
export function refusedRemoval(field: Field): string | undefined {
  return typeof field.onRemove === "object" ? field.onRemove.refuse : undefined;
}

/** A printed row's declared fields, canonical, by declared name whatever the router's version calls them. */
export function rowValues(menu: Menu, row: Row, version: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(menu.fields)) {
    const onRouter = nameOn(field, name, version);
    if (onRouter !== undefined && row[onRouter] !== undefined) values.set(name, canonical(field, row[onRouter]));
  }
  return values;
}

/**
 * `=name=value` attributes in the names the router's version knows; read-only fields are never sent.
 * Throws the name of a field the version does not have yet.
 */
export function attributesFor(menu: Menu, values: Map<string, string>, version: string): Row {
  const attributes: Row = {};
  for (const [name, value] of values) {
    const field = menu.fields[name];
    if (field.readOnly) continue;
    const onRouter = nameOn(field, name, version);
    if (onRouter === undefined) {
      throw new Error(`${propertyName(name)} needs RouterOS ${field.since} or newer (it runs ${version})`);
    }
    attributes[onRouter] = wire(field, value);
  }
  return attributes;
}

export type { Props };

export const { effective, requireGiven, changedFields, refreshedProps } = fieldValues<Field>({
  canonical,
  typed: (field, value) => {
    if (field.kind === "int" && /^-?\d+$/.test(value)) return Number(value);
    if (field.kind === "bool") return value === "true";
    if (field.kind === "list") return value === "" ? [] : value.split(",");
    return value;
  },
  shown: () => true,
  // A secret the API user may not see is not printed either: only a field that is not secret
  // counts as unset behind the stack's back when the router leaves it out.
  absentMeansUnset: (field) => field.onRemove === "unset" && !field.secret,
  implied: impliedValue,
});
