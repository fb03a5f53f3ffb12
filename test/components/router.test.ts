import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Router } from "../../components/router";
import { planRouter } from "../../plan/router-plan";
import { stackFileConfig } from "../support/stack-file";
import { recorder, setItems, settled, ZEROTIER_ADDRESS } from "./graph";

describe("the Router component", () => {
  const prod = stackFileConfig("prod");
  const plan = planRouter(prod, prod.routers.find((r) => r.name === "MTK-3") ?? prod.routers[0]);
  const zerotierNetwork = "8056c2e21c000001";
  const snmpPasswords = { auth: pulumi.secret("auth-pass"), priv: pulumi.secret("priv-pass") };

  it("declares MTK-3's resources as its children, named after it, its items in one set per concern", async () => {
    const { declared, transformations } = recorder();
    const router = new Router(
      "prod-MTK-3",
      { plan, ospfAuthKey: pulumi.secret("key"), zerotierNetwork, snmpPasswords },
      { transformations },
    );
    const children = declared.filter((d) => d.parent === router);
    expect(children.map((d) => `${d.type.replace(/^pulumi-nodejs:dynamic\/\w+:/, "")} ${d.name}`)).to.deep.equal([
      "ItemSet prod-MTK-3-interfaces",
      "ZeroTierInstance prod-MTK-3-zt1",
      "ZeroTierInterface prod-MTK-3-zerotier1",
      "Member prod-MTK-3-zerotier-member",
      "ItemSet prod-MTK-3-ospf",
      "ItemSet prod-MTK-3-snmp",
      "FirewallChain prod-MTK-3-input",
      "ItemSet prod-MTK-3-address-lists",
      "FirewallChain prod-MTK-3-forward",
      "NatRule prod-MTK-3-srcnat-tenants",
      "NatRule prod-MTK-3-srcnat-bastion",
      "NatRule prod-MTK-3-srcnat-operators-192.168.192.0-24-to-management",
    ]);
    const keys = (set: string) =>
      Object.entries(setItems(declared, set)).map(([key, item]) => `${String(item.menu)} ${key}`);
    expect(keys("prod-MTK-3-interfaces")).to.deep.equal([
      "EthernetSettings ether1",
      "EthernetSettings qsfp28-1-1",
      "EthernetSettings qsfp28-2-1",
      "EthernetSettings sfp28-1",
      "EthernetSettings sfp28-2",
      "IpAddress lo-address",
      "IpAddress ether1-address",
      "IpAddress qsfp28-1-1-address",
      "IpAddress qsfp28-2-1-address",
      "IpAddress sfp28-1-address",
      "IpAddress sfp28-2-address",
    ]);
    expect(keys("prod-MTK-3-ospf")).to.deep.equal([
      "OspfInstance ospf",
      "OspfArea ospf-backbone",
      "OspfInterfaceTemplate ospf-qsfp28-1-1",
      "OspfInterfaceTemplate ospf-qsfp28-2-1",
      "OspfInterfaceTemplate ospf-lo",
      "OspfInterfaceTemplate ospf-zerotier1",
      "OspfInterfaceTemplate ospf-sfp28-1",
      "OspfInterfaceTemplate ospf-sfp28-2",
    ]);
    expect(keys("prod-MTK-3-snmp")).to.deep.equal(["SnmpCommunity snmp-librenms", "SnmpSettings snmp"]);
    expect(keys("prod-MTK-3-address-lists")).to.deep.equal(
      ["1", "2", "3", "4", "11", "12", "13"].map((host) => `FirewallAddressList list-underlay-192.168.254.${host}`),
    );
    for (const set of children.filter((d) => d.type.endsWith(":ItemSet"))) {
      expect(set.props, set.name).to.include({ router: "MTK-3", concern: set.name.slice("prod-MTK-3-".length) });
    }
    expect(declared.filter((d) => d.resource !== router)).to.have.length(children.length);
    expect(await settled(router.loopback)).to.equal("192.168.254.3/32");
  });

  it("gives each item of MTK-3 the plan's values, and OSPF waits for the ports, addresses and zerotier1", async () => {
    const { declared, transformations } = recorder();
    new Router(
      "prod-MTK-3",
      { plan, ospfAuthKey: pulumi.secret("key"), zerotierNetwork, snmpPasswords },
      { transformations },
    );
    const interfaces = setItems(declared, "prod-MTK-3-interfaces");
    expect(interfaces["qsfp28-1-1"]).to.include({
      menu: "EthernetSettings",
      defaultName: "qsfp28-1-1",
      mtu: 9050,
      l2mtu: 9134,
    });
    // On RouterOS 7's built-in lo, which no resource makes: the address carries the loopback's comment.
    expect(interfaces["lo-address"]).to.include({
      address: "192.168.254.3/32",
      interface: "lo",
      comment: "loopback for OSPF",
    });
    const ospf = setItems(declared, "prod-MTK-3-ospf");
    expect(ospf.ospf).to.include({ name: "default", routerId: "192.168.254.3" });
    const ring = ospf["ospf-qsfp28-1-1"];
    expect(ring).to.include({ area: "backbone", type: "ptp", passive: false, auth: "md5" });
    expect(await pulumi.isSecret(pulumi.output(ring.authKey))).to.equal(true);
    expect(ospf["ospf-lo"]).to.include({ passive: true }).and.not.have.any.keys("auth", "authKey");
    const byName = (name: string) => declared.find((d) => d.name === name);
    expect(byName("prod-MTK-3-ospf")?.opts.dependsOn).to.deep.equal([
      byName("prod-MTK-3-interfaces")?.resource,
      byName("prod-MTK-3-zerotier1")?.resource,
    ]);
    expect(byName("prod-MTK-3-srcnat-tenants")?.props).to.include({
      chain: "srcnat",
      action: "masquerade",
      srcAddress: "192.168.110.0/23",
      outInterface: "bell",
    });
  });

  it("gives MTK-3 the SNMPv3 user only the poller may use, its passwords as secrets, and turns the agent on", async () => {
    const { declared, transformations } = recorder();
    new Router(
      "prod-MTK-3",
      { plan, ospfAuthKey: pulumi.secret("key"), zerotierNetwork, snmpPasswords },
      { transformations },
    );
    const snmp = setItems(declared, "prod-MTK-3-snmp");
    const community = snmp["snmp-librenms"];
    expect(community).to.deep.include({
      name: "librenms",
      addresses: ["192.168.255.10/32"],
      security: "private",
      readAccess: true,
      writeAccess: false,
      authenticationProtocol: "SHA1",
      encryptionProtocol: "AES",
    });
    expect(await pulumi.isSecret(pulumi.output(community.authenticationPassword))).to.equal(true);
    expect(await pulumi.isSecret(pulumi.output(community.encryptionPassword))).to.equal(true);
    expect(snmp.snmp).to.deep.include({
      enabled: true,
      contact: "noc@transnomis.com",
      location: "Toronto",
      trapTarget: ["192.168.255.10"],
      trapCommunity: "librenms",
      trapVersion: 3,
    });
  });

  it("joins MTK-3 to the operators' network: zt1 on, zerotier1 on the network, and a member from the router's own address", async () => {
    const { declared, transformations } = recorder();
    const router = new Router(
      "prod-MTK-3",
      { plan, ospfAuthKey: pulumi.secret("key"), zerotierNetwork, snmpPasswords },
      { transformations },
    );
    const byName = (name: string) => declared.find((d) => d.name === name);
    expect(byName("prod-MTK-3-zt1")?.props).to.include({
      router: "MTK-3",
      name: "zt1",
      port: 9993,
      disabled: false,
    });
    expect(byName("prod-MTK-3-zerotier1")?.props).to.include({
      router: "MTK-3",
      name: "zerotier1",
      instance: "zt1",
      network: zerotierNetwork,
    });
    expect(byName("prod-MTK-3-zerotier1")?.opts.dependsOn).to.deep.equal([byName("prod-MTK-3-zt1")?.resource]);
    const member = byName("prod-MTK-3-zerotier-member");
    expect(member?.type).to.equal("pulumi-nodejs:dynamic/zerotier:Member");
    expect(await settled(member?.props.nodeId as pulumi.Input<string>)).to.equal(ZEROTIER_ADDRESS);
    expect(member?.props).to.deep.include({
      network: zerotierNetwork,
      name: "MTK-3",
      authorized: true,
      ipAssignments: ["192.168.192.3"],
      noAutoAssignIps: true,
      capabilities: ["fabric"],
    });
    expect(await settled(router.zerotierAddress as pulumi.Output<string>)).to.equal(ZEROTIER_ADDRESS);
  });

  it("refuses MD5 OSPF without a key", () => {
    expect(() => new Router("prod-MTK-3", { plan, zerotierNetwork })).to.throw(
      "MTK-3: OSPF on qsfp28-1-1 is MD5-authenticated but no key was given",
    );
  });

  it("refuses to join a router to no network", () => {
    expect(() => new Router("prod-MTK-3", { plan, ospfAuthKey: pulumi.secret("key") })).to.throw(
      "MTK-3: joins the operators' ZeroTier network, but the stack gives no network to join",
    );
  });
});
