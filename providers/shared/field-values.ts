import { propertyName } from "./naming";

/** Properties as Pulumi holds them, by property name. */
export type Props = Record<string, unknown>;

/** What the value logic needs of a declared field, whichever device's declaration it is. */
export interface ValueField {
  kind: string;
  /** What the device holds when the field was never set: leaving it out of a stack means this. */
  default?: string;
  required?: boolean;
  /** Read from the device, never written. */
  readOnly?: boolean;
}

/** How one kind of device writes, shows and defaults its fields' values. */
export interface FieldRules<F extends ValueField> {
  /** The one form a value is compared in, whichever way it was written or shown. */
  canonical(field: F, value: unknown): string;
  /** A canonical device value in the type the stack writes the field in. */
  typed(field: F, value: string): unknown;
  /** Whether a read shows the field at all; one it never shows stays as the stack gave it. */
  shown(field: F): boolean;
  /** Whether a managed field a read no longer shows was taken away on the device. */
  absentMeansUnset(field: F): boolean;
  /**
   * What a field the props leave out stands for on the device: a canonical value, null for "not
   * shown", or undefined when nothing is known.
   */
  implied(field: F, props: Props, name: string): string | null | undefined;
}

export const given = (value: unknown): boolean => value !== undefined && value !== null;

/** The value logic every declared provider runs over its fields, given its device's rules. */
export function fieldValues<F extends ValueField>(rules: FieldRules<F>) {
  type Fields = Record<string, F>;

  /** What a field amounts to on the device: the given value, or the default left in place. */
  const effective = (field: F, props: Props, name: string): string | undefined => {
    const value = props[propertyName(name)];
    if (given(value)) return rules.canonical(field, value);
    return field.default === undefined ? undefined : rules.canonical(field, field.default);
  };

  /** A device value in the type the stack writes it in; the stack's own spelling where it means the same. */
  const typed = (field: F, value: string, previous: unknown): unknown =>
    given(previous) && rules.canonical(field, previous) === value ? previous : rules.typed(field, value);

  return {
    effective,

    /** Throws what `refusal` makes of the fields a `required` mark makes mandatory but the props leave out. */
    requireGiven: (fields: Fields, props: Props, refusal: (reason: string) => Error): void => {
      const missing = Object.entries(fields)
        .filter(([name, field]) => field.required && !given(props[propertyName(name)]))
        .map(([name]) => propertyName(name));
      if (missing.length > 0) throw refusal(`${missing.join(", ")} required`);
    },

    /** Declared, writable fields whose effective value differs between two sets of props. */
    changedFields: (fields: Fields, olds: Props, news: Props): string[] =>
      Object.entries(fields)
        .filter(([name, field]) => !field.readOnly && effective(field, olds, name) !== effective(field, news, name))
        .map(([name]) => name),

    /**
     * The props a refresh reports: each field the props manage as the device holds it, and each
     * field they leave out that the device holds at another value than the one it stands for (drift
     * away from the default). A managed field the device took away is dropped, so the next update
     * sets it again.
     */
    refreshedProps: (fields: Fields, props: Props, actual: Map<string, string>): Props => {
      const refreshed: Props = { ...props };
      for (const [name, field] of Object.entries(fields)) {
        if (!rules.shown(field)) continue;
        const property = propertyName(name);
        const value = actual.get(name);
        if (value === undefined) {
          if (rules.absentMeansUnset(field)) delete refreshed[property];
          continue;
        }
        if (!given(props[property])) {
          const implied = rules.implied(field, props, name);
          if (implied === undefined || implied === value) continue;
        }
        refreshed[property] = typed(field, value, props[property]);
      }
      return refreshed;
    },
  };
}
