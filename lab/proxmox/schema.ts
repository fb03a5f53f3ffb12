import { readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The Proxmox VE 9.1 API reference (the API viewer's data), which decides what paths, methods and
 * parameters exist. A path or parameter it does not list is refused as a real node refuses it.
 */

/** A JSON-schema property as PVE's JSONSchema.pm reads it (numbers are Perl's 0/1 for flags). */
export interface PropertySchema {
  type?: string | string[];
  optional?: number | boolean;
  format?: string | Record<string, PropertySchema>;
  pattern?: string;
  enum?: (string | number)[];
  minimum?: number | string;
  maximum?: number | string;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  default_key?: number;
  alias?: string;
  keyAlias?: string;
  requires?: string | PropertySchema;
  items?: PropertySchema;
  properties?: Record<string, PropertySchema>;
  additionalProperties?: number | boolean | PropertySchema;
  "type-property"?: string;
  "instance-types"?: string[];
  oneOf?: PropertySchema[];
  group?: string;
}

export interface MethodInfo {
  name: string;
  parameters: PropertySchema;
  returns: PropertySchema;
  protected?: number;
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The vendored reference (reference/README.md says where it comes from). */
export const DEFAULT_API_FILE = path.resolve(__dirname, "..", "..", "reference", "proxmox-ve-9.1-api.json");

/**
 * The API viewer writes numbered options once, as `net[n]`; the API accepts `net0` to `net{N-1}`.
 * The counts are qemu-server's, pve-container's and pve-manager's limits (MAX_NETS and friends).
 */
const NUMBERED_OPTION_COUNTS: Readonly<Record<string, number>> = {
  acmedomain: 6,
  dev: 256,
  hostpci: 16,
  ide: 4,
  ipconfig: 32,
  link: 8,
  mp: 256,
  net: 32,
  numa: 8,
  parallel: 3,
  sata: 6,
  scsi: 31,
  serial: 4,
  unused: 256,
  usb: 14,
  virtio: 16,
  virtiofs: 10,
};

/**
 * Subtrees registered with `fragmentDelimiter => ''`: what follows them is one component, so a
 * volume ID may carry a slash (`local:snippets/user.yaml`).
 */
const WHOLE_REST_PATHS = ["/nodes/{node}/storage/{storage}/content"];

interface PathNode {
  template: string;
  literals: Map<string, PathNode>;
  parameter?: { name: string; node: PathNode };
  methods: Partial<Record<HttpMethod, MethodInfo>>;
}

export interface ResolvedPath {
  /** The path as the reference writes it, e.g. "/nodes/{node}/qemu/{vmid}/config". */
  template: string;
  uriParams: Record<string, string>;
  methods: Partial<Record<HttpMethod, MethodInfo>>;
}

function expandNumberedOptions(schema: PropertySchema): PropertySchema {
  const properties = schema.properties;
  if (!properties) return schema;
  const expanded: Record<string, PropertySchema> = {};
  for (const [name, property] of Object.entries(properties)) {
    const numbered = /^(.+)\[n\]$/.exec(name);
    if (!numbered) {
      expanded[name] = property;
      continue;
    }
    const count = NUMBERED_OPTION_COUNTS[numbered[1]];
    if (count === undefined) throw new Error(`no count known for numbered option ${name}`);
    for (let i = 0; i < count; i++) expanded[`${numbered[1]}${i}`] = property;
  }
  return { ...schema, properties: expanded };
}

const loaded = new Map<string, ApiReference>();

export class ApiReference {
  private readonly root: PathNode = { template: "", literals: new Map(), methods: {} };
  private readonly byTemplate = new Map<string, PathNode>();

  private constructor(raw: Record<string, Partial<Record<HttpMethod, MethodInfo>>>) {
    for (const [template, methods] of Object.entries(raw)) {
      const node = this.insert(template);
      for (const method of HTTP_METHODS) {
        const info = methods[method];
        if (info) node.methods[method] = { ...info, parameters: expandNumberedOptions(info.parameters) };
      }
    }
  }

  static load(file = DEFAULT_API_FILE): ApiReference {
    let reference = loaded.get(file);
    if (!reference) {
      reference = new ApiReference(JSON.parse(readFileSync(file, "utf8")));
      loaded.set(file, reference);
    }
    return reference;
  }

  /** Finds the reference path for a request path (already URI-unescaped), as PVE's router does. */
  resolve(requestPath: string): ResolvedPath | undefined {
    let components = requestPath.split("/").filter((c) => c !== "");
    const uriParams: Record<string, string> = {};
    let node = this.root;
    while (components.length > 0) {
      if (WHOLE_REST_PATHS.includes(node.template) && components.length > 1) components = [components.join("/")];
      const [component, ...rest] = components;
      components = rest;
      const literal = node.literals.get(component);
      if (literal) node = literal;
      else if (node.parameter && /^\S+$/.test(component)) {
        uriParams[node.parameter.name] = component;
        node = node.parameter.node;
      } else return undefined;
    }
    return { template: node.template || "/", uriParams, methods: node.methods };
  }

  method(template: string, method: HttpMethod): MethodInfo | undefined {
    return this.byTemplate.get(template)?.methods[method];
  }

  /** Every path template the reference lists. */
  templates(): string[] {
    return [...this.byTemplate.keys()];
  }

  private insert(template: string): PathNode {
    let node = this.root;
    for (const component of template.split("/").filter((c) => c !== "")) {
      const parameter = /^\{(\w+)\}$/.exec(component);
      const childTemplate = `${node.template}/${component}`;
      if (parameter) {
        node.parameter ??= {
          name: parameter[1],
          node: { template: childTemplate, literals: new Map(), methods: {} },
        };
        node = node.parameter.node;
      } else {
        let child = node.literals.get(component);
        if (!child) {
          child = { template: childTemplate, literals: new Map(), methods: {} };
          node.literals.set(component, child);
        }
        node = child;
      }
    }
    this.byTemplate.set(template, node);
    return node;
  }
}
