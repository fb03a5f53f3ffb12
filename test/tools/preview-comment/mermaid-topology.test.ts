import { expect } from "chai";
import { topologyOf } from "../../../plan/topology";
import { mermaidTopology } from "../../../tools/preview-comment/mermaid-topology";
import { topologyBlock } from "../../../tools/preview-comment/topology-block";
import { stackFileConfig } from "../../support/stack-file";

describe("the topology in the preview comment", () => {
  const lab = topologyOf(stackFileConfig("lab"));

  it("names what the change removes on its own, marked removed, since the new config has it nowhere", () => {
    const diagram = mermaidTopology(
      lab,
      new Map([
        ["tenant:legacy", "removed"],
        ["vm:old-db-1", "removed"],
        ["vm:app-web-1", "changed"],
      ] as const),
    );
    expect(diagram).to.include('  removed_tenant_legacy["tenant legacy (removed)"]');
    expect(diagram).to.include('  removed_vm_old_db_1["vm old-db-1 (removed)"]');
    expect(diagram).to.include("  class removed_tenant_legacy,removed_vm_old_db_1 removed");
    expect(diagram).to.include('vm_app_web_1("app-web-1 (changed)<br/>192.168.110.11 · on PVE-1")');
    expect(diagram).to.include("  class vm_app_web_1 changed");
  });

  it("writes a quote in a label as Mermaid's entity, so that no label ends early", () => {
    const quoted = { ...lab, routers: lab.routers.map((r, i) => (i === 0 ? { ...r, name: 'MTK-"1"' } : r)) };
    expect(mermaidTopology(quoted, new Map())).to.include(
      'router_MTK__1_["MTK-#quot;1#quot;<br/>lo 192.168.254.1/32"]',
    );
  });

  it("is shown open for a small cloud and folded under <details> for one of more than 20 elements", () => {
    expect(topologyBlock(lab, [])).to.match(
      /^\*\*Topology of stack lab after this change \(0 marked\)\*\*\n\n```mermaid\n/,
    );
    const vms = Array.from({ length: 20 }, (_, n) => ({ ...lab.vms[0], name: `web-${n}` }));
    const folded = topologyBlock({ ...lab, vms }, []);
    expect(folded).to.match(
      /^<details>\n<summary>Topology of stack lab after this change \(0 marked\)<\/summary>\n\n```mermaid\n/,
    );
    expect(folded).to.match(/\n<\/details>$/);
  });
});
