import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../../config/load";
import type { MonitoringConfig, StackConfig } from "../../config/schema";
import { inputChain } from "../../plan/firewall-plan";
import { monitoringProblems, planMonitoring, planRouterSnmp, planVmSnmp } from "../../plan/monitoring-plan";
import { stackFileConfig } from "../support/stack-file";

const lab = stackFileConfig("lab");

/** The lab stack with its monitoring block changed as a test needs. */
const monitored = (change: Partial<MonitoringConfig>, base: StackConfig = lab): StackConfig => ({
  ...base,
  monitoring: { ...(base.monitoring as MonitoringConfig), ...change },
});

describe("monitoring in the plan", () => {
  it("registers every router, hypervisor and VM at the address the poller reaches, in groups per role and tenant", () => {
    const plan = planMonitoring(lab);
    expect(plan?.endpoint).to.equal("http://127.0.0.1:18080/api/v0");
    expect(plan?.user).to.deep.equal({ name: "librenms", authProtocol: "SHA1", privProtocol: "AES" });
    expect(plan?.devices.map((d) => `${d.name} ${d.role} ${d.hostname} ${d.group}`)).to.deep.equal([
      // A router's interface on the management network; a hypervisor's managementAddress.
      "MTK-1 router 192.168.255.1 lab-routers",
      "MTK-2 router 192.168.255.2 lab-routers",
      "MTK-3 router 192.168.255.3 lab-routers",
      "MTK-4 router 192.168.255.4 lab-routers",
      "PVE-1 hypervisor 192.168.255.11 lab-hypervisors",
      "PVE-2 hypervisor 192.168.255.12 lab-hypervisors",
      "PVE-3 hypervisor 192.168.255.13 lab-hypervisors",
      "prod-sql14-1 vm 192.168.111.52 lab-vms-sql",
      "app-web-1 vm 192.168.110.11 lab-vms-app",
      "app-web-2 vm 192.168.110.12 lab-vms-app",
    ]);
    expect(plan?.groups.map((g) => g.name)).to.deep.equal([
      "lab-routers",
      "lab-hypervisors",
      "lab-vms-sql",
      "lab-vms-app",
    ]);
    expect(plan?.devices.every((d) => d.snmp && d.location === "Lab")).to.equal(true);
  });

  it("polls a hypervisor the stack places on no management address at its loopback, which OSPF routes", () => {
    const config: StackConfig = {
      ...lab,
      hypervisors: lab.hypervisors.map(({ managementAddress: _, ...h }) => h),
    };
    expect(
      planMonitoring(config)
        ?.devices.filter((d) => d.role === "hypervisor")
        .map((d) => `${d.name} ${d.hostname}`),
    ).to.deep.equal(["PVE-1 192.168.254.11", "PVE-2 192.168.254.12", "PVE-3 192.168.254.13"]);
  });

  it("pings a Windows VM instead of polling it: its SNMP service has no v3", () => {
    const config: StackConfig = {
      ...lab,
      vms: lab.vms.map((vm) => (vm.name === "app-web-2" ? { ...vm, os: "windows" } : vm)),
    };
    const devices = planMonitoring(config)?.devices ?? [];
    expect(devices.filter((d) => !d.snmp).map((d) => d.name)).to.deep.equal(["app-web-2"]);
    expect(planVmSnmp(config, "app-web-1")?.user.name).to.equal("librenms");
  });

  it("leaves out what the stack excludes, with the groups left empty, and places devices where it says", () => {
    const plan = planMonitoring(monitored({ exclude: ["MTK-4", "prod-sql14-1"], locations: { "PVE-1": "Rack 2" } }));
    const names = plan?.devices.map((d) => d.name);
    expect(names).not.to.include.members(["MTK-4", "prod-sql14-1"]);
    expect(plan?.groups.map((g) => g.name)).not.to.include("lab-vms-sql");
    expect(plan?.devices.find((d) => d.name === "PVE-1")?.location).to.equal("Rack 2");
    const config = monitored({ exclude: ["MTK-4", "app-web-1"] });
    expect(planRouterSnmp(config, "MTK-4")).to.equal(undefined);
    expect(planVmSnmp(config, "app-web-1")).to.equal(undefined);
  });

  it("turns a monitored router's agent on for the poller, which the input chain lets in on UDP 161 only", () => {
    expect(planRouterSnmp(lab, "MTK-1")).to.deep.equal({
      contact: "noc@transnomis.com",
      location: "Lab",
      poller: "192.168.255.10",
      user: { name: "librenms", authProtocol: "SHA1", privProtocol: "AES" },
    });
    const mtk1 = lab.routers[0];
    const unmonitored = inputChain({ ...lab, monitoring: undefined }, mtk1);
    const input = inputChain(lab, mtk1);
    expect(input.filter((r) => !unmonitored.some((u) => u.comment === r.comment))).to.deep.equal([
      { action: "accept", protocol: "udp", srcAddress: "192.168.255.10/32", dstPort: "161", comment: "SNMP poller" },
    ]);
    expect(input.findIndex((r) => r.comment === "SNMP poller")).to.be.lessThan(
      input.findIndex((r) => r.comment === "management network"),
    );
  });

  it("names the key of a poller off the management network, an unknown device, and two devices at one address", () => {
    const problems = monitoringProblems(
      monitored({ poller: "10.1.2.3", exclude: ["MTK-9"], locations: { "PVE-7": "Rack 1" } }),
    );
    expect(problems).to.deep.equal([
      "budgetcloud:monitoring.poller: 10.1.2.3 is not on the management network 192.168.255.0/24 (budgetcloud:management.cidr); the devices answer SNMP to the poller there",
      "budgetcloud:monitoring.exclude[0]: unknown router, hypervisor or VM MTK-9",
      "budgetcloud:monitoring.locations.PVE-7: unknown router, hypervisor or VM PVE-7",
    ]);
    const twice: StackConfig = {
      ...lab,
      vms: lab.vms.map((vm) => (vm.name === "app-web-2" ? { ...vm, ip: "192.168.110.11" } : vm)),
    };
    expect(monitoringProblems(twice)).to.include(
      "budgetcloud:monitoring.exclude: app-web-1 and app-web-2 are both polled at 192.168.110.11; LibreNMS registers one device per address (exclude one)",
    );
  });

  it("asks for the SNMPv3 passwords and LibreNMS's token, and refuses a password SNMPv3 cannot use", () => {
    const values = {
      environment: "lab",
      domain: "lab.example",
      management: JSON.stringify({ cidr: "192.168.255.0/24", operators: ["10.99.0.0/24"] }),
      monitoring: JSON.stringify({
        endpoint: "https://librenms.example/api/v0",
        poller: "192.168.255.10",
        snmp: { user: "librenms" },
      }),
      snmpAuthPassword: "short",
    };
    let problems: string[] = [];
    try {
      parseStackConfig({ values, secret: new Set(["snmpAuthPassword"]) });
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).to.deep.equal([
      "budgetcloud:snmpAuthPassword: must be 8 characters or more (SNMPv3)",
      "budgetcloud:snmpPrivPassword: missing secret (SNMPv3 encryption password of the monitoring user on every device (8 characters or more)); set it with pulumi config set --secret budgetcloud:snmpPrivPassword",
      "budgetcloud:librenmsToken: missing secret (LibreNMS API token that registers the devices); set it with pulumi config set --secret budgetcloud:librenmsToken",
    ]);
    expect(problems.join("\n")).not.to.include("short");
  });
});
