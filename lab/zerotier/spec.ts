import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

/**
 * ZeroTier Central's own OpenAPI file (reference/README.md says where it comes from), which decides
 * what paths and methods exist and what a request body may hold. Behaviour is the emulator's; the
 * shapes are the spec's.
 */
export const CENTRAL_API_FILE = path.resolve(__dirname, "..", "..", "reference", "zerotier-central-api-v1.json");

type Schema = Record<string, unknown>;

interface OpenApi {
  paths: Record<
    string,
    Record<string, { operationId: string; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

export interface CentralOperation {
  /** The spec's operationId, as `updateNetworkMember`. */
  id: string;
  method: string;
  /** The spec's path, as `/network/{networkID}/member/{memberID}`. */
  template: string;
  /** Checks a request body against the spec; unset when the operation takes none. */
  body?: ValidateFunction;
}

export interface MatchedOperation {
  operation: CentralOperation;
  params: Record<string, string>;
}

/**
 * OpenAPI 3.0's `nullable` beside a `$ref` means "the referenced shape, or null"; JSON Schema
 * ignores a `$ref`'s siblings, so it is said as an anyOf.
 */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (node === null || typeof node !== "object") return node;
  const { $ref, nullable, ...rest } = node as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, jsonSchemaOf(v)]));
  if (typeof $ref === "string") {
    const ref = { $ref: $ref.replace(/^#/, "central#") };
    return nullable ? { anyOf: [ref, { type: "null" }] } : ref;
  }
  return nullable && "type" in converted ? { ...converted, nullable: true } : converted;
}

export class CentralSpec {
  readonly operations: readonly CentralOperation[];
  private readonly schemas: Record<string, Schema>;

  constructor(file = CENTRAL_API_FILE) {
    const spec = JSON.parse(readFileSync(file, "utf8")) as OpenApi;
    this.schemas = spec.components.schemas;
    // Central's server decodes JSON into its types: fields it does not know are ignored, not refused.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
    ajv.addSchema({ components: jsonSchemaOf(spec.components) }, "central");
    this.operations = Object.entries(spec.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method !== "parameters")
        .map(([method, op]) => {
          const schema = op.requestBody?.content["application/json"]?.schema;
          return {
            id: op.operationId,
            method: method.toUpperCase(),
            template,
            body: schema ? ajv.compile(jsonSchemaOf(schema) as Schema) : undefined,
          };
        }),
    );
  }

  /** The operation a request names, with its path parameters; undefined when the spec has none. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const params = paramsOf(operation.template, pathname);
      if (params) return { operation, params };
    }
    return undefined;
  }

  /** Whether some method of the spec serves this path. */
  hasPath(pathname: string): boolean {
    return this.operations.some((op) => paramsOf(op.template, pathname) !== undefined);
  }

  /** The fields of a schema (and of the schemas it holds by reference) that Central sets alone. */
  readOnlyFields(schema: string): string[] {
    const properties = (this.schemas[schema]?.properties ?? {}) as Record<string, Schema>;
    return Object.entries(properties).flatMap(([name, property]) => {
      if (property.readOnly === true) return [name];
      const ref = typeof property.$ref === "string" ? property.$ref.split("/").at(-1) : undefined;
      return ref ? this.readOnlyFields(ref).map((inner) => `${name}.${inner}`) : [];
    });
  }
}

function paramsOf(template: string, pathname: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const found = new RegExp(`^${pattern}$`).exec(pathname);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}
