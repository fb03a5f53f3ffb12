import { propertyName } from "../shared/naming";
import type { Row } from "./client";
import { canonical, type Field, nameOn, wire } from "./fields";
import type { Menu } from "./menu";

/** Properties as Pulumi holds them, by property name. */
export type Props = Record<string, unknown>;

/** The canonical value of every declared field the props give, by RouterOS name. */
export function givenValues(menu: Menu, props: Props): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, field] of Object.entries(menu.fields)) {
    const value = props[propertyName(name)];
    if (value !== undefined && value !== null) values.set(name, canonical(field, value));
  }
  return values;
}

/** The declared fields a `required` mark makes mandatory but the props leave out. */
export function missingRequired(menu: Menu, props: Props): string[] {
  return Object.entries(menu.fields)
    .filter(([name, field]) => field.required && (props[propertyName(name)] ?? null) === null)
    .map(([name]) => propertyName(name));
}

/** What a field amounts to on the router: the given value, or the default left in place. */
export function effective(field: Field, props: Props, name: string): string | undefined {
  const value = props[propertyName(name)];
  if (value !== undefined && value !== null) return canonical(field, value);
  return field.default === undefined ? undefined : canonical(field, field.default);
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

/** Declared, writable fields whose effective value differs between two sets of props. */
export function changedFields(menu: Menu, olds: Props, news: Props): string[] {
  return Object.entries(menu.fields)
    .filter(([name, field]) => !field.readOnly && effective(field, olds, name) !== effective(field, news, name))
    .map(([name]) => name);
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

/**
 * The props a refresh reports for a row: each field the props manage, and each defaulted field the
 * router holds at another value (drift away from the default the stack implies).
 */
export function refreshedProps(menu: Menu, props: Props, actual: Map<string, string>): Props {
  const refreshed: Props = { ...props };
  for (const [name, field] of Object.entries(menu.fields)) {
    const property = propertyName(name);
    const value = actual.get(name);
    if (value === undefined) {
      // Unset on the router behind the stack's back; a secret the API user may not see is not
      // printed either, so only a field that is not secret counts as unset.
      if (field.onRemove === "unset" && !field.secret) delete refreshed[property];
      continue;
    }
    if (props[property] === undefined) {
      const implied = impliedValue(field, props, name);
      if (implied === undefined || implied === value) continue;
    }
    refreshed[property] = typed(field, value, props[property]);
  }
  return refreshed;
}

/** A canonical router value in the type the stack writes it in. */
function typed(field: Field, value: string, previous: unknown): unknown {
  if (field.kind === "int" && /^-?\d+$/.test(value)) return Number(value);
  if (field.kind === "bool") return value === "true";
  if (field.kind === "list") return value === "" ? [] : value.split(",");
  if (previous !== undefined && canonical(field, previous) === value) return previous;
  return value;
}
