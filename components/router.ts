import * as pulumi from "@pulumi/pulumi";
import type { RouterPlan } from "../plan/router-plan";
import * as routeros from "../providers/routeros/resources";
import * as zerotier from "../providers/zerotier/resources";

export interface RouterArgs {
  plan: RouterPlan;
  /** Key of the MD5-authenticated OSPF interfaces. */
  ospfAuthKey?: pulumi.Input<string>;
  /** Central's id of the operators' ZeroTier network, which a router whose plan joins it needs. */
  zerotierNetwork?: pulumi.Input<string>;
  /** The monitoring user's SNMPv3 passwords, which a router whose plan monitors it needs. */
  snmpPasswords?: { auth: pulumi.Input<string>; priv: pulumi.Input<string> };
}

/**
 * One router of the fabric: its ports, loopback, addresses, OSPF, firewall and src-NAT, from a
 * checked plan, its membership of the operators' ZeroTier network when it joins, and its SNMP
 * agent when the stack monitors it. Tenant
 * gateways on it belong to their TenantNetwork.
 */
export class Router extends pulumi.ComponentResource {
  readonly loopback: pulumi.Output<string>;
  /** Its ZeroTier address, which only the router knows, when it joins the operators' network. */
  readonly zerotierAddress?: pulumi.Output<string>;

  constructor(name: string, args: RouterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:Router", name, {}, opts);
    const { plan } = args;
    const router = plan.name;
    const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({ parent: this, dependsOn });

    // A router's items come in sets, one resource per concern, each keyed by what its item was
    // named before sets (the resource name after the router's): a set costs the engine one step.
    const { loopback } = plan;
    const comment = loopback.comment ? { comment: loopback.comment } : {};
    const interfaceItems: Record<string, routeros.SetItemArgs> = {};
    for (const port of plan.ports) interfaceItems[port.defaultName] = { menu: "EthernetSettings", ...port };
    // RouterOS 7's built-in lo exists already: its address carries the loopback's comment.
    if (loopback.bridge) interfaceItems[loopback.name] = { menu: "Bridge", name: loopback.name, ...comment };
    interfaceItems[`${loopback.name}-address`] = {
      menu: "IpAddress",
      address: loopback.address,
      interface: loopback.name,
      ...(loopback.bridge ? {} : comment),
    };
    for (const a of plan.addresses) {
      interfaceItems[`${a.interface}-address`] = {
        menu: "IpAddress",
        address: a.address,
        interface: a.interface,
        ...(a.comment ? { comment: a.comment } : {}),
      };
    }
    const interfaces = new routeros.ItemSet(
      `${name}-interfaces`,
      { router, concern: "interfaces", items: interfaceItems },
      child(),
    );

    const ospfAfter: pulumi.Resource[] = [interfaces];
    if (plan.zerotier) {
      const zt = plan.zerotier;
      const network = args.zerotierNetwork;
      if (network === undefined) {
        throw new Error(`${router}: joins the operators' ZeroTier network, but the stack gives no network to join`);
      }
      const instance = new routeros.ZeroTierInstance(
        `${name}-${zt.instance}`,
        { router, name: zt.instance, port: zt.port, routeDistance: zt.routeDistance, disabled: false },
        child(),
      );
      ospfAfter.push(
        new routeros.ZeroTierInterface(
          `${name}-${zt.interface}`,
          { router, name: zt.interface, instance: zt.instance, network },
          child([instance]),
        ),
      );
      // The instance's public identity starts with the router's ZeroTier address.
      this.zerotierAddress = instance.identityPublic.apply((identity) => String(identity).split(":")[0]);
      new zerotier.ZeroTierMember(
        `${name}-zerotier-member`,
        { network, nodeId: this.zerotierAddress, ...zt.member },
        child(),
      );
    }

    const { ospf } = plan;
    const ospfItems: Record<string, routeros.SetItemArgs> = {
      ospf: { menu: "OspfInstance", name: ospf.instance, routerId: ospf.routerId },
      [`ospf-${ospf.area.name}`]: {
        menu: "OspfArea",
        name: ospf.area.name,
        instance: ospf.instance,
        areaId: ospf.area.id,
      },
    };
    for (const template of ospf.templates) {
      if (template.md5 && args.ospfAuthKey === undefined) {
        throw new Error(
          `${router}: OSPF on ${template.interfaces.join(",")} is MD5-authenticated but no key was given`,
        );
      }
      ospfItems[`ospf-${template.interfaces.join("-")}`] = {
        menu: "OspfInterfaceTemplate",
        area: template.area,
        interfaces: template.interfaces,
        type: template.type,
        passive: template.passive,
        ...(template.md5 ? { auth: "md5", authKey: args.ospfAuthKey } : {}),
      };
    }
    new routeros.ItemSet(`${name}-ospf`, { router, concern: "ospf", items: ospfItems }, child(ospfAfter));

    if (plan.snmp) {
      const { snmp } = plan;
      const passwords = args.snmpPasswords;
      if (passwords === undefined)
        throw new Error(`${router} is monitored, but no SNMPv3 passwords are given for its SNMP user`);
      const items: Record<string, routeros.SetItemArgs> = {
        // An SNMPv3 user is a community of security private that only the poller may use.
        [`snmp-${snmp.user.name}`]: {
          menu: "SnmpCommunity",
          name: snmp.user.name,
          addresses: [`${snmp.poller}/32`],
          security: "private",
          // The poller reads; nothing writes a router over SNMP.
          readAccess: true,
          writeAccess: false,
          authenticationProtocol: snmp.user.authProtocol,
          encryptionProtocol: snmp.user.privProtocol,
          authenticationPassword: passwords.auth,
          encryptionPassword: passwords.priv,
        },
        snmp: {
          menu: "SnmpSettings",
          enabled: true,
          contact: snmp.contact,
          location: snmp.location,
          trapTarget: [snmp.poller],
          trapCommunity: snmp.user.name,
          trapVersion: 3,
        },
      };
      new routeros.ItemSet(`${name}-snmp`, { router, concern: "snmp", items }, child());
    }

    // The input chain goes first: it is the one that keeps the management network in.
    const input = new routeros.FirewallChain(`${name}-input`, { router, chain: "input", rules: plan.input }, child());
    const lists =
      plan.addressLists.length === 0
        ? []
        : [
            new routeros.ItemSet(
              `${name}-address-lists`,
              {
                router,
                concern: "address-lists",
                items: Object.fromEntries(
                  plan.addressLists.map((entry): [string, routeros.SetItemArgs] => [
                    `list-${entry.list}-${entry.address}`,
                    { menu: "FirewallAddressList", ...entry },
                  ]),
                ),
              },
              child(),
            ),
          ];
    if (plan.forward.length > 0) {
      new routeros.FirewallChain(
        `${name}-forward`,
        { router, chain: "forward", rules: plan.forward },
        child([input, ...lists]),
      );
    }
    plan.nat.forEach(({ key, rule }, i) => {
      // Stacks from before NAT rules had keys named them by position.
      new routeros.NatRule(
        `${name}-srcnat-${key}`,
        { router, chain: "srcnat", ...rule },
        { ...child(), aliases: [{ name: `${name}-srcnat-${i + 1}` }] },
      );
    });

    this.loopback = pulumi.output(loopback.address);
    this.registerOutputs({ loopback: this.loopback, zerotierAddress: this.zerotierAddress });
  }
}
