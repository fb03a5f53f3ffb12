import type { Row } from "../../providers/routeros/client";

/** Something a device holds that the data plane cannot build: named by device, menu, item and field. */
export class NotRealizableError extends Error {
  constructor(
    readonly device: string,
    readonly menu: string,
    readonly item: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${device} ${menu} ${item}: ${field}${/^[=:]/.test(reason) ? "" : " "}${reason}`);
    this.name = "NotRealizableError";
  }
}

/** A menu's fields the data plane knows: what it builds from, and values it accepts without building anything. */
export interface MenuFields {
  /** Fields the realizer turns into Linux configuration. */
  built: readonly string[];
  /** Fields that change nothing on a data plane when they hold these values (state, counters, factory defaults). */
  inert: Record<string, readonly string[] | "any">;
}

/**
 * One item of a menu, read strictly: a field that is neither built nor at an inert value is an
 * error, so nothing a router holds is skipped without saying so.
 */
export class DeviceRow {
  constructor(
    readonly device: string,
    readonly menu: string,
    readonly row: Row,
    fields: MenuFields,
  ) {
    for (const [field, value] of Object.entries(row)) {
      if (field === ".id" || fields.built.includes(field)) continue;
      const inert = fields.inert[field];
      if (inert === "any" || inert?.includes(value)) continue;
      throw new NotRealizableError(
        device,
        menu,
        this.label,
        field,
        `=${value || '""'} is not realized by the data plane${inert ? ` (it takes ${inert.map((v) => v || '""').join(", ")})` : ""}`,
      );
    }
  }

  /** How an operator names the item: its name, else its id. */
  get label(): string {
    return this.row.name ?? this.row[".id"] ?? "?";
  }

  get disabled(): boolean {
    return this.row.disabled === "true";
  }

  text(field: string): string {
    return this.row[field] ?? "";
  }

  number(field: string): number {
    const value = Number(this.row[field]);
    if (!Number.isFinite(value)) throw this.unrealizable(field, `=${this.row[field] ?? ""} is not a number`);
    return value;
  }

  /** A RouterOS duration (`1s`, `200ms`, `1m`) in seconds. */
  seconds(field: string): number {
    const match = /^(\d+)(ms|s|m)?$/.exec(this.text(field));
    if (!match) throw this.unrealizable(field, `=${this.text(field)} is not a duration`);
    const value = Number(match[1]);
    return match[2] === "ms" ? value / 1000 : match[2] === "m" ? value * 60 : value;
  }

  /** A value that must be one of a few the data plane builds. */
  oneOf<T extends string>(field: string, values: readonly T[]): T {
    const value = this.text(field) as T;
    if (!values.includes(value)) {
      throw this.unrealizable(
        field,
        `=${value || '""'} is not realized by the data plane (it takes ${values.join(", ")})`,
      );
    }
    return value;
  }

  unrealizable(field: string, reason: string): NotRealizableError {
    return new NotRealizableError(this.device, this.menu, this.label, field, reason);
  }
}
