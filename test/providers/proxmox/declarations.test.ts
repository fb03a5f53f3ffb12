import * as fs from "node:fs";
import { expect } from "chai";
import { DEFAULT_API_FILE } from "../../../lab/proxmox/schema";
import type { Field } from "../../../providers/proxmox/fields";
import type { Operation } from "../../../providers/proxmox/object";
import { objects, sdnApplyRequest } from "../../../providers/proxmox/objects";

// "property is not defined in schema" and "property is missing and it is not optional" are how a
// Proxmox automation breaks on a real node. Every path, method and parameter the declarations and
// the VM engine send must exist in the real PVE 9.1 API, required ones must all be sent, and every
// request that answers with a task must be one the engine waits for.
interface Schema {
  type?: string;
  optional?: number;
  enum?: string[];
  minimum?: number | string;
  maximum?: number | string;
  pattern?: string;
  typetext?: string;
  format?: string | Record<string, Schema>;
  keyAlias?: string;
  default_key?: number;
  properties?: Record<string, Schema>;
  /** One schema per section type, chosen by the parameter `type-property` names (a fabric's protocol). */
  oneOf?: Schema[];
  "type-property"?: string;
  "instance-types"?: string[];
}
type MethodInfo = { parameters: Schema; returns: Schema };
const api = JSON.parse(fs.readFileSync(DEFAULT_API_FILE, "utf8")) as Record<string, Record<string, MethodInfo>>;

const method = (apiPath: string, verb: string): MethodInfo | undefined => api[apiPath]?.[verb];
const params = (apiPath: string, verb: string) => method(apiPath, verb)?.parameters.properties ?? {};
/** `net0` is listed once, as `net[n]`. */
const numbered = (properties: Record<string, Schema> | undefined, name: string): Schema | undefined =>
  properties?.[name] ?? properties?.[name.replace(/\d+$/, "[n]")];
const param = (apiPath: string, verb: string, name: string) => numbered(params(apiPath, verb), name);
const pathParams = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
/** Whether a parameter may be left out; a `oneOf` one, as its schema for the section type sent says. */
function optional(schema: Schema, sent: Readonly<Record<string, string>>): boolean {
  if (!schema.oneOf || !schema["type-property"]) return Boolean(schema.optional);
  const type = sent[schema["type-property"]];
  const variant = schema.oneOf.find((v) => v["instance-types"]?.includes(type));
  return variant === undefined || Boolean(variant.optional);
}
const required = (apiPath: string, verb: string, sent: Readonly<Record<string, string>> = {}) =>
  Object.entries(params(apiPath, verb))
    .filter(([, schema]) => !optional(schema, sent))
    .map(([name]) => name);
const wholeMatch = (pattern: string) =>
  new RegExp(`^(?:${pattern.replace(/\(\?\^([a-z]*):/g, (_, f: string) => (f ? `(?${f}:` : "(?:"))})$`);

/** Whether a value is one the parameter accepts: its enum, its range, its pattern. */
function acceptable(schema: Schema, value: string): boolean {
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.type === "integer" && !/^-?\d+$/.test(value)) return false;
  if (schema.type === "boolean" && !/^[01]$/.test(value)) return false;
  if (schema.minimum !== undefined && Number(value) < Number(schema.minimum)) return false;
  if (schema.maximum !== undefined && Number(value) > Number(schema.maximum)) return false;
  return schema.pattern === undefined || wholeMatch(schema.pattern).test(value);
}

function checkField(name: string, field: Field, schema: Schema | undefined, where: string) {
  expect(schema, `${where} takes ${name}`).not.to.equal(undefined);
  if (!schema) return;
  // "" stands for "not set", which PVE never sees as a value.
  if (field.default !== undefined && field.default !== "") {
    expect(acceptable(schema, field.default), `${where} ${name} accepts its default ${field.default}`).to.equal(true);
  }
  // An array parameter takes its values one by one, any other a list joined in one string.
  expect(schema.type === "array", `${where} ${name} is an array parameter`).to.equal(field.array === true);
}

describe("Proxmox VE declarations against the PVE 9.1 API schema", () => {
  for (const object of Object.values(objects)) {
    describe(`${object.type} (${object.collection})`, () => {
      const requests: [Operation, string, string][] = [
        ["create", object.collection, "POST"],
        ["update", object.item, "PUT"],
        ["delete", object.item, "DELETE"],
      ];
      const fields = Object.entries(object.fields);

      it("has every path and method the engine sends", () => {
        for (const [, apiPath, verb] of requests) expect(method(apiPath, verb), `${verb} ${apiPath}`).to.exist;
        expect(method(object.read ?? object.collection, "GET"), `GET ${object.read ?? object.collection}`).to.exist;
      });

      it("reads each field where the read answers it", () => {
        const read = object.read ?? object.collection;
        for (const name of Object.keys(object.readParams ?? {})) expect(params(read, "GET")).to.have.property(name);
        const answer = method(read, "GET")?.returns as Schema & { items?: Schema };
        const answered = answer.properties ?? answer.items?.properties ?? {};
        for (const [name, field] of fields.filter(([, f]) => f.readAs)) {
          expect(answered, `${name} is read as ${field.readAs}`).to.have.property(field.readAs as string);
        }
      });

      it("finds an object in its collection's list by the name the list gives it", () => {
        const listed = method(object.collection, "GET")?.returns as { items?: Schema } | undefined;
        expect(listed?.items?.properties).to.have.property(object.listedAs ?? object.id);
      });

      it("waits for a task exactly where the API answers with one", () => {
        for (const [operation, apiPath, verb] of requests) {
          const answersTask = method(apiPath, verb)?.returns.type === "string";
          expect(answersTask, `${verb} ${apiPath} answers a task`).to.equal(object.tasks?.includes(operation) ?? false);
        }
      });

      it("fills every path parameter from its id or a location field", () => {
        for (const template of [object.collection, object.item, ...(object.read ? [object.read] : [])]) {
          for (const name of pathParams(template)) {
            expect(name === object.id || object.fields[name]?.location, `${template}: {${name}}`).to.equal(true);
            expect(params(template, "GET"), `GET ${template} takes ${name}`).to.have.property(name);
          }
        }
      });

      for (const [name, field] of fields.filter(([, f]) => !f.location)) {
        it(`sends ${name} as the API takes it`, () => {
          checkField(name, field, param(object.collection, "POST", name), `POST ${object.collection}`);
          if (!field.replaceOnChange) checkField(name, field, param(object.item, "PUT", name), `PUT ${object.item}`);
        });
      }

      it("sends every parameter the API requires, and its constants as the API takes them", () => {
        const given = (verb: "create" | "update") => Object.keys(object.constants?.[verb] ?? {});
        const alwaysSent = fields.filter(([, f]) => f.required).map(([name]) => name);
        const unsent = (apiPath: string, verb: "create" | "update", sent: string[]) =>
          required(apiPath, verb === "create" ? "POST" : "PUT", object.constants?.[verb]).filter(
            (name) => !pathParams(apiPath).includes(name) && !sent.includes(name),
          );
        // An object PVE already has (a NIC) is never POSTed: its create is a PUT of the item.
        if (!object.preexisting)
          expect(unsent(object.collection, "create", [...alwaysSent, ...given("create")]), "POST").to.deep.equal([]);
        expect(unsent(object.item, "update", given("update")), "PUT").to.deep.equal([]);
        for (const [verb, apiPath, httpVerb] of [
          ["create", object.collection, "POST"],
          ["update", object.item, "PUT"],
        ] as const) {
          for (const [name, value] of Object.entries(object.constants?.[verb] ?? {})) {
            const schema = param(apiPath, httpVerb, name);
            expect(schema && acceptable(schema, value), `${httpVerb} ${apiPath} ${name}=${value}`).to.equal(true);
          }
        }
      });

      it("can put every optional field back to what PVE holds when it is not set", () => {
        if (object.unsetWithDelete || object.preexisting) {
          expect(params(object.item, "PUT"), `PUT ${object.item}`).to.have.property("delete");
          return;
        }
        const unsettable = fields.filter(([, f]) => !f.required && !f.location && !f.replaceOnChange);
        for (const [name, field] of unsettable) expect(field.default, `${name} has a default`).not.to.equal(undefined);
      });

      it("deletes with parameters the API takes, and applies what it stages", () => {
        for (const name of Object.keys(object.deleteParams ?? {})) {
          expect(params(object.item, "DELETE")).to.have.property(name);
        }
        if (object.appliedBy) {
          expect(method(object.appliedBy.path, object.appliedBy.method)?.returns.type).to.equal("string");
          for (const name of pathParams(object.appliedBy.path))
            expect(object.fields[name]?.location, `${object.appliedBy.path}: {${name}}`).to.equal(true);
        }
      });
    });
  }

  describe("the SDN apply and the tasks every engine waits for", () => {
    it("applies SDN with a request that answers a task", () => {
      expect(method(sdnApplyRequest.path, sdnApplyRequest.method)?.returns.type).to.equal("string");
      expect(required(sdnApplyRequest.path, sdnApplyRequest.method)).to.deep.equal([]);
    });

    it("reads a task's status and the end of its log", () => {
      expect(method("/nodes/{node}/tasks/{upid}/status", "GET")?.returns.properties).to.include.keys(
        "status",
        "exitstatus",
      );
      expect(params("/nodes/{node}/tasks/{upid}/log", "GET")).to.include.keys("start", "limit");
    });
  });

  describe("the VMs of stacks from before proxmoxve's VmLegacy", () => {
    const vm = "/nodes/{node}/qemu/{vmid}";
    const task = (apiPath: string, verb: string) => expect(method(apiPath, verb)?.returns.type, `${verb} ${apiPath}`);

    it("finds them in the cluster's resources, wherever HA has moved them", () => {
      expect(params("/cluster/resources", "GET").type.enum).to.include("vm");
      expect(method("/cluster/resources", "GET")?.returns).to.have.nested.property("items.properties.node");
    });

    it("starts, stops and destroys with purge, as tasks", () => {
      task(`${vm}/status/start`, "POST").to.equal("string");
      task(`${vm}/status/stop`, "POST").to.equal("string");
      expect(params(vm, "DELETE")).to.include.keys("purge", "destroy-unreferenced-disks");
      task(vm, "DELETE").to.equal("string");
    });
  });
});
