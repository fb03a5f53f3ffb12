import { CODE_FORMATS, PROPERTY_STRING_FORMATS, splitList } from "./formats";
import { wholeMatch } from "./patterns";
import type { PropertySchema } from "./schema";

/**
 * PVE's parameter check (pve-common JSONSchema.pm check_prop, check_object, check_format and
 * parse_property_string), ported rule for rule so that a request fails with the same error keys
 * and texts. Perl quirks are kept where a client can see them: errors on one key are joined with a
 * literal backslash-n, and a message from a `die` keeps its trailing newline.
 */

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };
export type ParamObject = { [key: string]: ParamValue };
export type Errors = Record<string, string>;

/** A property string PVE cannot parse: `text` is what Perl's `$@` would hold. */
export class FormatFailure extends Error {
  constructor(readonly text: string) {
    super(text.trimEnd());
  }
}

function addError(errors: Errors, path: string, message: string): void {
  const key = path === "" ? "_root" : path;
  errors[key] = errors[key] === undefined ? message : `${errors[key]}\\n${message}`;
}

const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);
const isNumber = (text: string) => /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/.test(text);
const isInteger = (text: string) => /^[+-]?\d+$/.test(text);
const isObject = (value: ParamValue | undefined): value is ParamObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What Perl's ref() says about a decoded JSON value, or undefined for a plain scalar. */
function perlRef(value: ParamValue): string | undefined {
  if (Array.isArray(value)) return "ARRAY";
  if (typeof value === "boolean") return "JSON::PP::Boolean";
  if (isObject(value)) return "HASH";
  return undefined;
}

/** How Perl prints a number taken from the schema (limits may be written as strings). */
const perlNumber = (value: number | string) => String(Number(value));

function checkType(path: string, type: string | string[] | undefined, value: ParamValue, errors: Errors): boolean {
  if (type === undefined) return true;
  if (Array.isArray(type)) {
    if (type.some((t) => checkType(path, t, value, {}))) return true;
    addError(errors, path, `type check ('${type.join("|")}') failed`);
    return false;
  }
  if (type === "any") return true;
  if (type === "null") {
    if (value === null) return true;
    addError(errors, path, `type check ('null') failed - value is not null`);
    return false;
  }
  const ref = perlRef(value);
  if (type === "array" || type === "object") {
    if (ref === (type === "array" ? "ARRAY" : "HASH")) return true;
    addError(errors, path, `type check ('${type}') failed`);
    return false;
  }
  if (ref !== undefined) {
    if (type === "boolean" && ref === "JSON::PP::Boolean") return true;
    addError(errors, path, `type check ('${type}') failed - got ${ref}`);
    return false;
  }
  const text = String(value);
  const valid =
    type === "boolean"
      ? text === "1" || text === "0"
      : type === "integer"
        ? isInteger(text)
        : type === "number"
          ? isNumber(text)
          : true;
  if (!valid) addError(errors, path, `type check ('${type}') failed - got '${text}'`);
  return valid;
}

function checkProp(
  value: ParamValue | undefined,
  schema: PropertySchema,
  path: string,
  errors: Errors,
  instanceType?: string,
): void {
  let optionalForType = false;
  if (schema.oneOf && schema["type-property"]) {
    optionalForType = true;
    for (const variant of schema.oneOf) {
      if (instanceType === undefined) break;
      if (!variant["instance-types"]?.includes(instanceType)) continue;
      optionalForType = Boolean(variant.optional);
      checkProp(value, variant, path, errors);
    }
  } else if (instanceType !== undefined && schema["instance-types"]) {
    // An option of another section type may be left out, whatever its own optionality.
    optionalForType = !schema["instance-types"].includes(instanceType);
  }
  if (schema.alias) return;
  if (value === undefined || value === null) {
    if (schema.type === "null") return;
    if (!schema.optional && !schema.group && !optionalForType) {
      addError(errors, path, "property is missing and it is not optional");
    }
    return;
  }
  if (!checkType(path, schema.type, value, errors)) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) {
      for (const [i, item] of value.entries()) checkProp(item, items, `${path}[${i}]`, errors);
    }
    return;
  }
  if (isObject(value)) {
    if (schema.properties || schema.additionalProperties) {
      checkObject(path, schema.properties ?? {}, value, schema.additionalProperties, errors);
    }
    return;
  }
  checkScalar(typeof value === "boolean" ? (value ? "1" : "0") : String(value), schema, path, errors);
}

function checkScalar(text: string, schema: PropertySchema, path: string, errors: Errors): void {
  if (schema.format !== undefined) {
    const failure = checkFormat(schema.format, text, path);
    if (failure !== undefined) {
      addError(errors, path, `invalid format - ${failure}`);
      return;
    }
  }
  if (schema.pattern !== undefined && !wholeMatch(schema.pattern).test(text)) {
    addError(errors, path, "value does not match the regex pattern");
    return;
  }
  if (schema.maxLength !== undefined && text.length > schema.maxLength) {
    addError(errors, path, `value may only be ${schema.maxLength} characters long`);
    return;
  }
  if (schema.minLength !== undefined && text.length < schema.minLength) {
    addError(errors, path, `value must be at least ${schema.minLength} characters long`);
    return;
  }
  if (isNumber(text)) {
    if (schema.maximum !== undefined && Number(text) > Number(schema.maximum)) {
      addError(errors, path, `value must have a maximum value of ${perlNumber(schema.maximum)}`);
      return;
    }
    if (schema.minimum !== undefined && Number(text) < Number(schema.minimum)) {
      addError(errors, path, `value must have a minimum value of ${perlNumber(schema.minimum)}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some((allowed) => String(allowed) === text)) {
    addError(errors, path, `value '${text}' does not have a value in the enumeration '${schema.enum.join(", ")}'`);
  }
}

function checkObject(
  path: string,
  schema: Record<string, PropertySchema>,
  value: ParamObject,
  additionalProperties: PropertySchema["additionalProperties"],
  errors: Errors,
): void {
  for (const key of Object.keys(value)) {
    const alias = schema[key]?.alias;
    if (alias === undefined) continue;
    if (value[alias] !== undefined && value[alias] !== null) {
      addError(errors, join(path, key), `cannot set both '${key}' and its alias target '${alias}'`);
    } else {
      value[alias] = value[key];
      delete value[key];
    }
  }
  const instanceTypeOf = (key: string) => {
    const typeProperty = schema[key]["type-property"];
    const type = typeProperty === undefined ? undefined : value[typeProperty];
    return typeof type === "string" ? type : undefined;
  };
  for (const key of Object.keys(schema))
    checkProp(value[key], schema[key], join(path, key), errors, instanceTypeOf(key));
  for (const key of Object.keys(value)) {
    const keyPath = join(path, key);
    const subschema = schema[key];
    if (subschema) {
      const requires = subschema.requires;
      if (typeof requires === "object") checkProp(value, requires, path, errors);
      else if (requires !== undefined && (value[requires] === undefined || value[requires] === null)) {
        addError(errors, join(path, requires), `missing property required by '${keyPath}'`);
      }
      const instanceType = instanceTypeOf(key);
      const matched =
        !subschema.oneOf ||
        subschema.oneOf.some((v) => !v["instance-types"] || v["instance-types"].includes(instanceType ?? ""));
      if (matched) continue;
    }
    if (additionalProperties !== undefined && !additionalProperties) {
      addError(
        errors,
        keyPath,
        "property is not defined in schema and the schema does not allow additional properties",
      );
    } else if (typeof additionalProperties === "object") {
      checkProp(value[key], additionalProperties, keyPath, errors);
    }
  }
}

/** check_format: undefined when valid, else Perl's `$@` for the failure. */
function checkFormat(format: NonNullable<PropertySchema["format"]>, text: string, path: string): string | undefined {
  if (typeof format === "object") return propertyStringFailure(format, text, path);
  if (format === "regex") return undefined;
  const [, name, suffix] = /^(.*?)(?:-(list|opt))?$/.exec(format) ?? [];
  const hash = PROPERTY_STRING_FORMATS[name];
  if (hash) return suffix === undefined ? propertyStringFailure(hash, text, path) : undefined;
  const check = CODE_FORMATS[name];
  if (!check) return undefined;
  if (suffix === "list")
    return splitList(text)
      .map(check)
      .find((failure) => failure !== undefined);
  if (suffix === "opt" && text === "") return undefined;
  return check(text);
}

function propertyStringFailure(format: Record<string, PropertySchema>, text: string, path: string) {
  try {
    parsePropertyString(format, text, path);
    return undefined;
  } catch (error) {
    if (error instanceof FormatFailure) return error.text;
    throw error;
  }
}

function parseBoolean(text: string): string | undefined {
  if (/^(1|on|yes|true)$/i.test(text)) return "1";
  if (/^(0|off|no|false)$/i.test(text)) return "0";
  return undefined;
}

/**
 * Reads `key=value,…` the way PVE does, checks it against `format`, and answers the keys with
 * aliases resolved (`virtio=AA:…` becomes model and macaddr). Throws FormatFailure.
 */
export function parsePropertyString(
  format: Record<string, PropertySchema> | string,
  data: string,
  path = "",
): Record<string, string> {
  const schema = typeof format === "string" ? PROPERTY_STRING_FORMATS[format] : format;
  if (!schema) throw new Error(`unknown property-string format ${format}`);
  const result: Record<string, string> = {};
  let defaultKey: string | undefined;
  for (const part of data.split(",")) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)$/s.exec(part);
    if (pair) {
      let [, key, value] = pair;
      if (result[key] !== undefined)
        throw new FormatFailure(`duplicate key in comma-separated list property: ${key}\n`);
      let property = schema[key];
      if (property?.alias) {
        if (property.keyAlias) {
          if (result[property.keyAlias] !== undefined) {
            throw new FormatFailure(`key alias '${property.keyAlias}' is already defined\n`);
          }
          result[property.keyAlias] = key;
        }
        key = property.alias;
        property = schema[key];
        if (result[key] !== undefined) throw new FormatFailure(`key '${key}' is already defined (via alias)\n`);
      }
      if (!property) throw new FormatFailure(`invalid key in comma-separated list property: ${key}\n`);
      result[key] = property.type === "boolean" ? (parseBoolean(value) ?? value) : value;
    } else if (!part.includes("=")) {
      if (defaultKey !== undefined) {
        throw new FormatFailure(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      }
      defaultKey = Object.keys(schema).find((key) => schema[key].default_key);
      if (defaultKey === undefined) {
        throw new FormatFailure("value without key, but schema does not define a default key\n");
      }
      if (result[defaultKey] !== undefined) {
        throw new FormatFailure(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      }
      result[defaultKey] = schema[defaultKey].type === "boolean" ? (parseBoolean(part) ?? part) : part;
    } else {
      throw new FormatFailure("missing key in comma-separated list property\n");
    }
  }
  const errors: Errors = {};
  checkObject(path, schema, result, 0, errors);
  const keys = Object.keys(errors).sort();
  if (keys.length > 0) throw new FormatFailure(`format error\n${keys.map((k) => `${k}: ${errors[k]}\n`).join("")}`);
  return result;
}

const formatSize = (bytes: number) => {
  for (const [unit, size] of [
    ["T", 2 ** 40],
    ["G", 2 ** 30],
    ["M", 2 ** 20],
    ["K", 2 ** 10],
  ] as const) {
    if (bytes % size === 0 && bytes >= size) return `${bytes / size}${unit}`;
  }
  return String(bytes);
};

/**
 * print_property_string: the default key's bare value first (joined with its key alias, as in
 * `virtio=AA:…`), then the required keys, then the rest, each group sorted.
 */
export function printPropertyString(format: Record<string, PropertySchema>, data: Record<string, string>): string {
  const defaultKey = Object.keys(format).find((key) => format[key].default_key);
  const combined = new Map<string, string>();
  for (const property of Object.values(format)) {
    if (property.alias && property.keyAlias) combined.set(property.keyAlias, property.alias);
  }
  const done = new Set<string>();
  const parts: string[] = [];
  const printed = (key: string) => {
    const given = data[key];
    return format[key]?.format === "disk-size" && /^\d+$/.test(given) ? formatSize(Number(given)) : given;
  };
  const add = (key: string, isDefault: boolean) => {
    if (done.has(key) || data[key] === undefined) return;
    done.add(key);
    const partner = combined.get(key);
    if (partner !== undefined && data[partner] !== undefined) {
      done.add(partner);
      parts.push(`${printed(key)}=${printed(partner)}`);
    } else parts.push(isDefault ? printed(key) : `${key}=${printed(key)}`);
  };
  if (defaultKey !== undefined) add(defaultKey, true);
  const keys = Object.keys(data).sort();
  for (const key of keys) if (format[key] && !format[key].optional) add(key, false);
  for (const key of keys) add(key, false);
  return parts.join(",");
}

/**
 * Checks request parameters against a method's schema. Answers the errors by parameter, empty
 * when the request is valid; aliases in `params` are rewritten to their targets, as PVE does.
 */
export function validateParameters(params: ParamObject, schema: PropertySchema): Errors {
  const errors: Errors = {};
  checkProp(params, schema, "", errors);
  return errors;
}
