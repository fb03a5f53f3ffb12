import type { StepEventMetadata } from "@pulumi/pulumi/automation";
import { formatPropertyPath, type PathSegment, parsePropertyPath } from "./property-path";
import { isPlainObject, isSecret } from "./property-value";

/** One property an update or replacement changes; `undefined` on a side means the property is unset there. */
export interface PropertyChange {
  path: string;
  old: unknown;
  new: unknown;
  forcesReplacement: boolean;
  /** The RouterOS menu of the item a change is in, when the resource is a set of a router's items. */
  menu?: string;
}

type Properties = Record<string, unknown>;

/**
 * The properties a step changes. A provider that reports a detailed diff is taken at its word; the
 * dynamic providers budgetcloud runs report none, so the old and new inputs are compared as
 * `pulumi preview --diff` compares them. Creates and deletes list nothing: every property changes.
 */
export function propertyChanges(step: StepEventMetadata): PropertyChange[] {
  if (step.op !== "update" && step.op !== "replace") return [];
  return changedProperties(step).map((change) => {
    const menu = itemMenu(step, change.path);
    return menu === undefined ? change : { ...change, menu };
  });
}

/** A set of a router's items (`items`, by key) names each item's menu in the item. */
function itemMenu(step: StepEventMetadata, path: string): string | undefined {
  const [top, key] = parsePropertyPath(path);
  if (top !== "items" || typeof key !== "string") return undefined;
  const menuOf = (inputs?: Properties) => (inputs?.items as Record<string, Properties> | undefined)?.[key]?.menu;
  const menu = menuOf(step.new?.inputs) ?? menuOf(step.old?.inputs);
  return typeof menu === "string" ? menu : undefined;
}

function changedProperties(step: StepEventMetadata): PropertyChange[] {
  const olds = step.old?.inputs ?? {};
  const news = step.new?.inputs ?? {};
  const replacing = new Set(step.keys ?? []);
  if (step.detailedDiff && Object.keys(step.detailedDiff).length > 0) {
    return Object.entries(step.detailedDiff).map(([path, diff]) => {
      const segments = parsePropertyPath(path);
      return {
        path,
        old: valueAt(diff.inputDiff ? olds : (step.old?.outputs ?? {}), segments),
        new: valueAt(news, segments),
        forcesReplacement: diff.diffKind.endsWith("-replace"),
      };
    });
  }
  // Keys the engine names as changed are listed even when nothing shows: a secret's change is hidden.
  const named = new Set([...(step.diffs ?? []), ...replacing]);
  const candidates = step.diffs ? [...named] : [...new Set([...Object.keys(olds), ...Object.keys(news), ...named])];
  const changes = candidates
    .filter((key) => !key.startsWith("__"))
    .sort()
    .flatMap((key) => {
      const found = differences(olds[key], news[key], [key]);
      if (found.length > 0 || !named.has(key)) return found;
      return [{ path: formatPropertyPath([key]), old: olds[key], new: news[key] }];
    })
    .map((change) => ({ ...change, forcesReplacement: replacing.has(topLevelKey(change.path)) }));
  if (changes.length > 0) return changes;
  // The provider sees a change the inputs do not show: it can only hide in a secret.
  return Object.keys(news)
    .filter((key) => isSecret(news[key]))
    .sort()
    .map((key) => ({ path: key, old: olds[key], new: news[key], forcesReplacement: replacing.has(key) }));
}

function differences(old: unknown, now: unknown, at: PathSegment[]): Omit<PropertyChange, "forcesReplacement">[] {
  // The engine writes object keys sorted, so equal values serialize alike.
  if (JSON.stringify(old) === JSON.stringify(now)) return [];
  if (Array.isArray(old) && Array.isArray(now)) {
    const length = Math.max(old.length, now.length);
    return Array.from({ length }, (_, index) => differences(old[index], now[index], [...at, index])).flat();
  }
  if (isPlainObject(old) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
    return keys.flatMap((key) => differences(old[key], now[key], [...at, key]));
  }
  return [{ path: formatPropertyPath(at), old, new: now }];
}

/** The value at a path; a secret met on the way stands for everything inside it. */
function valueAt(properties: Properties, path: PathSegment[]): unknown {
  let value: unknown = properties;
  for (const segment of path) {
    if (isSecret(value)) return value;
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function topLevelKey(path: string): string {
  return String(parsePropertyPath(path)[0]);
}
