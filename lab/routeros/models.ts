import { createHash } from "node:crypto";
import { type EthernetPort, MODEL_PACKAGES, MODEL_PORTS } from "../../plan/router-models";

/**
 * The router models the lab can emulate: their ethernet ports, which the plan's cross-checks know
 * too (plan/router-models.ts), and what `/system/resource` says about the hardware.
 */

export interface RouterModel {
  boardName: string;
  architecture: string;
  cpu: string;
  cpuCount: number;
  totalMemory: number;
  totalHddSpace: number;
  ports: readonly EthernetPort[];
  /** First factory MAC address; each further port takes the next one. */
  baseMac: string;
  /** Extra packages installed, whose menus the model has (spec.ts's PACKAGE_SPEC_FILES). */
  packages: readonly string[];
}

export const MODELS: Readonly<Record<string, RouterModel>> = {
  "CCR2216-1G-12XS-2XQ": {
    boardName: "CCR2216-1G-12XS-2XQ",
    architecture: "arm64",
    cpu: "ARM64",
    cpuCount: 16,
    totalMemory: 17179869184,
    totalHddSpace: 134217728,
    ports: MODEL_PORTS["CCR2216-1G-12XS-2XQ"],
    baseMac: "48:8B:7C:00:00:01",
    packages: MODEL_PACKAGES["CCR2216-1G-12XS-2XQ"],
  },
  CHR: {
    boardName: "CHR QEMU Standard PC (i440FX + PIIX, 1996)",
    architecture: "x86_64",
    cpu: "QEMU",
    cpuCount: 2,
    totalMemory: 1073741824,
    totalHddSpace: 100663296,
    ports: MODEL_PORTS.CHR,
    baseMac: "52:54:00:00:00:01",
    packages: MODEL_PACKAGES.CHR,
  },
};

export const DEFAULT_MODEL = "CHR";

export function modelNamed(name: string): RouterModel {
  const model = MODELS[name];
  if (!model) throw new Error(`unknown router model "${name}"; known: ${Object.keys(MODELS).join(", ")}`);
  return model;
}

/**
 * Where a router's own block of MAC addresses starts after its model's base: every router has
 * addresses of its own, as real ones do (two routers of one model on one LAN would otherwise
 * answer for each other), and the same ones each time the lab starts it.
 */
export function routerMacOffset(name: string): number {
  return createHash("sha256").update(name).digest().readUInt16BE(0) * 256;
}

/** The `offset`-th MAC address after `base`, as RouterOS prints it (upper case, colons). */
export function macAddress(base: string, offset: number): string {
  const value = Number.parseInt(base.replaceAll(":", ""), 16) + offset;
  const hex = value.toString(16).toUpperCase().padStart(12, "0");
  return hex.match(/../g)?.join(":") ?? hex;
}
