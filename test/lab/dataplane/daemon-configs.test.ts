import { expect } from "chai";
import { frrConfig } from "../../../lab/dataplane/frr-config";
import { keepalivedConfig } from "../../../lab/dataplane/keepalived-config";
import { nftablesConfig } from "../../../lab/dataplane/nftables-config";
import { planDataPlane } from "../../../lab/dataplane/topology";
import { smallDump, smallLinks } from "./small-dump";

describe("the daemons' configuration, rendered from the plan", () => {
  const plan = planDataPlane(smallDump(), smallLinks, "t-");
  const named = (device: string) => {
    const ns = plan.namespaces.find((n) => n.device === device);
    if (!ns?.ospf) throw new Error(`the small dump plans no OSPF on ${device}`);
    return { ...ns, ospf: ns.ospf, firewall: ns.firewall ?? { input: [], forward: [], srcnat: [] } };
  };
  const r1 = named("R1");
  const pve = named("PVE-1");

  it("FRR: one interface block per OSPF interface, with the data plane's short timers, then the router-id", () => {
    expect(frrConfig(r1, r1.ospf)).to.equal(`frr defaults traditional
hostname R1
log stdout warnings
!
interface sfp28-1
 ip ospf area 0.0.0.0
 ip ospf network point-to-point
 ip ospf hello-interval 1
 ip ospf dead-interval 3
 ip ospf cost 1
 ip ospf authentication message-digest
 ip ospf message-digest-key 1 md5 secret-key
exit
!
interface lo
 ip ospf area 0.0.0.0
 ip ospf passive
 ip ospf cost 1
exit
!
interface sfp28-2
 ip ospf area 0.0.0.0
 ip ospf hello-interval 1
 ip ospf dead-interval 3
 ip ospf cost 10
 ip ospf priority 128
exit
!
router ospf
 ospf router-id 10.0.254.1
exit
!
`);
  });

  it("FRR on a hypervisor: the fabric's node IP as router-id, its numbered interfaces broadcast", () => {
    expect(frrConfig(pve, pve.ospf)).to.contain("interface ens1f0\n ip ospf area 0.0.0.0\n ip ospf hello-interval 1\n");
    expect(frrConfig(pve, pve.ospf)).to.contain("interface lo\n ip ospf area 0.0.0.0\n ip ospf passive\nexit");
    expect(frrConfig(pve, pve.ospf)).to.contain(" ospf router-id 10.0.254.11\n");
  });

  it("keepalived: each VRRP interface as an instance that starts as backup", () => {
    expect(keepalivedConfig(r1)).to.equal(`global_defs {
  router_id R1
  script_user root
}

vrrp_instance vrrp110 {
  state BACKUP
  interface vbr110
  virtual_router_id 110
  priority 200
  version 3
  advert_int 1
  virtual_ipaddress {
    10.1.10.1/32 dev vbr110
  }
}
`);
  });

  it("keepalived: VRRPv2 with a password and no preemption", () => {
    const [vrrp] = r1.vrrp;
    const text = keepalivedConfig({
      device: "R1",
      vrrp: [{ ...vrrp, version: 2, preempt: false, password: "s3cret" }],
    });
    expect(text).to.contain(
      "  version 2\n  advert_int 1\n  nopreempt\n  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }\n",
    );
  });

  it("nftables: input, forward and srcnat in the router's order, each rule saying where it comes from", () => {
    expect(nftablesConfig(r1.firewall)).to.equal(`table ip budgetcloud {
  chain input {
    type filter hook input priority filter; policy accept;
    ct state { established, related } accept comment "/ip/firewall/filter rule 0 'established, related'"
    ip saddr 10.0.255.0/24 accept comment "/ip/firewall/filter rule 1 'management network'"
    ip saddr 127.0.0.0/8 meta l4proto 6 tcp dport { 22, 8728 } accept comment "/ip/firewall/filter rule 2 'operators'"
    drop comment "/ip/firewall/filter rule 4 'drop all'"
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    ip saddr { 10.0.254.1, 10.0.254.11 } ip daddr { 10.0.254.1, 10.0.254.11 } accept comment "/ip/firewall/filter rule 5 'underlay, loopback to loopback'"
    oifname "sfp28-3" ip saddr 10.1.10.0/24 accept comment "/ip/firewall/filter rule 6 'tenant app to the internet'"
    drop comment "/ip/firewall/filter rule 7 'drop all'"
  }
  chain srcnat {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "sfp28-3" ip saddr 10.1.10.0/24 masquerade comment "/ip/firewall/nat rule 0 'tenants'"
  }
}
`);
  });
});
