import { expect } from "chai";
import { call, labForSuite } from "./helpers";

describe("Proxmox emulator: every request is checked against the 9.1 API schema", () => {
  const lab = labForSuite();

  const refused = (errors: Record<string, string>) => ({
    data: null,
    errors,
    message: "Parameter verification failed.\n",
  });

  it("answers an unknown parameter and a value out of range with PVE's 400 and its messages", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data", size: 0, colour: "blue" });
    expect(reply.status).to.equal(400);
    expect(reply.reason).to.equal("Parameter verification failed.");
    expect(reply.json).to.deep.equal(
      refused({
        size: "value must have a minimum value of 1",
        colour: "property is not defined in schema and the schema does not allow additional properties",
      }),
    );
  });

  it("names the enumeration a value is not in, and a missing required parameter", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/ceph/pool", { pg_autoscale_mode: "sometimes" });
    expect(reply.json).to.deep.equal(
      refused({
        name: "property is missing and it is not optional",
        pg_autoscale_mode: "value 'sometimes' does not have a value in the enumeration 'on, off, warn'",
      }),
    );
  });

  it("matches patterns whole, as Perl's m/^pattern$/ does", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: "vm/data" });
    expect(reply.json).to.deep.equal(refused({ name: "value does not match the regex pattern" }));
  });

  it("checks integer and boolean types as PVE does (a form's 'true' is not a boolean)", async () => {
    const reply = await call(
      lab(),
      "POST",
      "/nodes/PVE-1/ceph/pool",
      { name: "vm_data", pg_num: "12x", add_storages: "true" },
      { form: true },
    );
    expect(reply.json).to.deep.equal(
      refused({
        pg_num: "type check ('integer') failed - got '12x'",
        add_storages: "type check ('boolean') failed - got 'true'",
      }),
    );
  });

  it("refuses a JSON value of the wrong kind by its Perl type", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: true, size: [3] });
    expect(reply.json).to.deep.equal(
      refused({
        name: "type check ('string') failed - got JSON::PP::Boolean",
        size: "type check ('integer') failed - got ARRAY",
      }),
    );
  });

  it("checks path parameters too: a VMID must be an integer and look like one", async () => {
    const text = await call(lab(), "GET", "/nodes/PVE-1/qemu/abc/config");
    expect(text.json).to.deep.equal(refused({ vmid: "type check ('integer') failed - got 'abc'" }));
    const small = await call(lab(), "GET", "/nodes/PVE-1/qemu/99/config");
    // The format is checked before the range, so a too-small VMID fails as "not a VM ID".
    expect(small.json).to.deep.equal(refused({ vmid: "invalid format - value does not look like a valid VM ID\n" }));
  });

  it("reads property strings with their nested format (net, ipconfig, cicustom) and reports the inner error", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/qemu", {
      vmid: 100,
      net0: "virtio,bridge=vm br0",
      ipconfig0: "ip=10.0.0.5/24,gw=10.0.0.300",
      cicustom: "user=local:snippets/user.yaml,colour=blue",
    });
    expect(reply.json).to.deep.equal(
      refused({
        net0: "invalid format - format error\nnet0.bridge: invalid format - invalid bridge ID 'vm br0'\n\n",
        ipconfig0:
          "invalid format - format error\nipconfig0.gw: invalid format - value does not look like a valid IPv4 address\n\n",
        cicustom: "invalid format - invalid key in comma-separated list property: colour\n",
      }),
    );
  });

  it("reports a property string's missing requirement and an unknown model", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/qemu", {
      vmid: 100,
      net0: "rtl9000,bridge=vmbr0",
      ipconfig1: "gw=10.0.0.1",
    });
    expect(reply.json).to.deep.equal(
      refused({
        net0: "invalid format - format error\nnet0.model: value 'rtl9000' does not have a value in the enumeration 'e1000, e1000-82540em, e1000-82544gc, e1000-82545em, e1000e, i82551, i82557b, i82559er, ne2k_isa, ne2k_pci, pcnet, rtl8139, virtio, vmxnet3'\n",
        ipconfig1: "invalid format - format error\nipconfig1.ip: missing property required by 'ipconfig1.gw'\n",
      }),
    );
  });

  it("checks named formats: node names, storage IDs, list formats", async () => {
    const reply = await call(lab(), "POST", "/storage", {
      storage: "x",
      type: "rbd",
      nodes: "PVE-1,PVE_2",
      content: "images,photos",
    });
    expect(reply.json).to.deep.equal(
      refused({
        storage: "invalid format - storage ID 'x' cannot be shorter than 2 characters\n",
        nodes: "invalid format - value does not look like a valid node name\n",
        content: "invalid format - invalid content type 'photos'\n",
      }),
    );
  });

  it("refuses a body parameter that contradicts the path", async () => {
    const reply = await call(lab(), "PUT", "/storage/local", { storage: "other", content: "iso" });
    expect(reply.json).to.deep.equal(
      refused({ storage: "duplicate parameter (already defined in URI) with conflicting values!" }),
    );
  });

  it("answers a path the API does not have with 501 and PVE's wording", async () => {
    const reply = await call(lab(), "GET", "/nodes/PVE-1/teapot");
    expect(reply.status).to.equal(501);
    expect(reply.reason).to.equal("Method 'GET /nodes/PVE-1/teapot' not implemented");
    expect(reply.json).to.deep.equal({ data: null, message: "Method 'GET /nodes/PVE-1/teapot' not implemented" });
    const method = await call(lab(), "POST", "/version");
    expect(method.json).to.deep.equal({ data: null, message: "Method 'POST /version' not implemented" });
  });

  it("answers a node the cluster does not have as pveproxy does when it cannot proxy", async () => {
    const reply = await call(lab(), "GET", "/nodes/PVE-9/qemu");
    expect(reply.status).to.equal(500);
    expect(reply.json).to.deep.equal({
      data: null,
      message: "hostname lookup 'PVE-9' failed - failed to get address info for: PVE-9: Name or service not known\n",
    });
  });

  it("refuses, rather than fakes, a method the reference has and the lab does not model", async () => {
    const reply = await call(lab(), "POST", "/nodes/PVE-1/qemu/9000/snapshot", { snapname: "before" });
    expect(reply.status).to.equal(501);
    expect(reply.json?.message).to.equal("Method 'POST /nodes/{node}/qemu/{vmid}/snapshot' is not emulated by the lab");
  });

  it("takes parameters from a form body, a JSON body and the query string alike", async () => {
    const query = await call(lab(), "GET", "/cluster/resources?type=node");
    expect(query.json?.data).to.have.length(3);
    const badQuery = await call(lab(), "GET", "/cluster/resources?type=pool");
    expect(badQuery.json?.errors).to.deep.equal({
      type: "value 'pool' does not have a value in the enumeration 'vm, storage, node, sdn'",
    });
    const formBody = await call(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: "a b" }, { form: true });
    expect(formBody.json?.errors).to.deep.equal({ name: "value does not match the regex pattern" });
  });

  it("answers a malformed JSON body with a 500, as decode_json dies", async () => {
    const reply = await call(lab(), "POST", "/storage", undefined, {
      raw: { body: "{storage:", contentType: "application/json" },
    });
    expect(reply.status).to.equal(500);
    expect(reply.reason).to.match(/^malformed JSON string/);
  });
});
