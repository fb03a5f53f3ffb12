import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { readStackFile } from "../cli/stack-file";
import { UNDERLAY_FABRIC } from "../plan/fabric";
import { pluginTrustBundle } from "../providers/proxmox/plugin-trust";
import type { RedfishLab } from "./bmc/redfish";
import { clusterPower } from "./dataplane/bmc-power";
import type { ClusterPower } from "./dataplane/hypervisor-death";
import { LibreNmsLab } from "./librenms/api-server";
import { projectCopy } from "./project-copy";
import { haRecoveryBoundMs, SCALED_HA_TIMINGS } from "./proxmox/ha-stack";
import type { ProxmoxLab } from "./proxmox/lab";
import { bmcFor, LAB_BMC_USER, LAB_WRITE_TOKEN_ID, proxmoxClusterFor } from "./proxmox-cluster";
import { RouterOsLab } from "./routeros/lab";
import type { StateBackend } from "./s3-server";
import { CentralLab } from "./zerotier/api-server";
import type { Central } from "./zerotier/central";
import { joinRouters } from "./zerotier/router-joins";

/** The lab stack's secrets, as its stack file holds them encrypted with the lab passphrase. */
export const LAB_PASSWORD = "budgetcloud-lab";
export const LAB_PROXMOX_TOKEN = "00000000-0000-4000-8000-00000000b0c1";
export const LAB_ZEROTIER_TOKEN = "lab-zerotier-central-token-0000";
export const LAB_LIBRENMS_TOKEN = "lab-librenms-api-token-0000";
/** A LibreNMS token of a global-read user, for a stack whose own credentials only read. */
export const LAB_LIBRENMS_READ_TOKEN = "lab-librenms-read-token-0000";
/** The lab's principals that may write: what an up job's write set names (README, "Least privilege"). */
export const LAB_WRITE_USER = "budgetcloud";

/** The write set the lab's ups hold, as an up job's environment does. */
export const LAB_WRITE_CREDENTIALS: Readonly<Record<string, string>> = {
  BUDGETCLOUD_WRITE_ROUTER_USERNAME: LAB_WRITE_USER,
  BUDGETCLOUD_WRITE_ROUTER_PASSWORD: LAB_PASSWORD,
  BUDGETCLOUD_WRITE_PROXMOX_TOKEN_ID: LAB_WRITE_TOKEN_ID,
  BUDGETCLOUD_WRITE_PROXMOX_TOKEN_SECRET: LAB_PROXMOX_TOKEN,
  BUDGETCLOUD_WRITE_LIBRENMS_TOKEN: LAB_LIBRENMS_TOKEN,
};
/** The lab stack's SNMPv3 passwords, which no state, output or log may show. */
export const LAB_SNMP_PASSWORDS = { auth: "lab-snmp-auth-0000", priv: "lab-snmp-priv-0000" };

const root = path.resolve(__dirname, "..");

/**
 * The real lab stack (the project's own program and Pulumi.lab.yaml, or another stack file of the
 * same secrets) on a copy of the project, against emulators started for the test: the end-to-end
 * tests' world.
 */
export class LabUnderTest {
  routers!: RouterOsLab;
  cluster!: ProxmoxLab;
  /** The nodes' BMCs, one Redfish service. */
  bmc!: RedfishLab;
  /** The lab's ZeroTier Central, when the stack has a ZeroTier network. */
  central?: CentralLab;
  /** The lab's LibreNMS, when the stack is monitored. */
  librenms?: LibreNmsLab;
  /** Where the lab stack's state is, for other projects that read it. */
  backendUrl!: string;
  stack!: Stack;
  private project!: ReturnType<typeof projectCopy>;
  private stackText!: string;
  /** The roots the proxmoxve plugin verifies the cluster with (SSL_CERT_FILE), when the stack verifies it. */
  private pluginTrustFile?: string;
  /** The stack's own API token, which the proxmoxve plugin takes in a run without the write set. */
  private stackPluginToken?: string;
  /** Whether the runs hold the write set, as an up job does; a preview job's do not. */
  private writing = true;

  /**
   * @param source the stack file the lab runs, Pulumi.lab.yaml unless given
   * @param state the server that keeps the stack's state, started before the lab: a folder of the test's copy unless given
   */
  constructor(
    private readonly source = path.join(root, "Pulumi.lab.yaml"),
    private readonly state?: { readonly backend: StateBackend },
  ) {}

  /** What another project's CLI needs in its environment to read this stack's backend. */
  get backendEnv(): Record<string, string> {
    return this.state?.backend.env ?? {};
  }

  async start(): Promise<void> {
    const config = readStackFile(this.source);
    this.routers = new RouterOsLab({
      routers: config.routers.map((r) => ({
        name: r.name,
        port: 0,
        model: r.model,
        uplink: r.uplink,
        // The write user, and the stack's own user where it is another: one whose group only reads.
        users: [
          { name: LAB_WRITE_USER, password: LAB_PASSWORD },
          ...(config.routerApi.username === LAB_WRITE_USER
            ? []
            : [{ name: config.routerApi.username, password: LAB_PASSWORD, group: "read" }]),
        ],
      })),
    });
    await this.routers.start();
    this.project = projectCopy();
    const cluster = proxmoxClusterFor(config, LAB_PROXMOX_TOKEN, path.join(this.project.dir, "proxmox"), true);
    if (!cluster) throw new Error("the lab stack has no Proxmox cluster");
    // Tests and the data plane's hypervisor fault kill nodes: HA acts in seconds, in PVE's order.
    Object.assign(cluster.knobs, SCALED_HA_TIMINGS);
    this.cluster = cluster;
    await cluster.start();
    this.bmc = bmcFor(cluster, LAB_PROXMOX_TOKEN);
    await this.bmc.start();
    if (config.zerotier) {
      this.central = new CentralLab({ tokens: [LAB_ZEROTIER_TOKEN] });
      await this.central.start();
    }
    if (config.monitoring) {
      this.librenms = new LibreNmsLab({ tokens: [LAB_LIBRENMS_TOKEN], readOnlyTokens: [LAB_LIBRENMS_READ_TOKEN] });
      await this.librenms.start();
    }
    // Point the stack at the emulators' free ports: each port line is unique in the file.
    let text = fs.readFileSync(this.source, "utf8");
    for (const r of config.routers) {
      text = text.replace(`port: ${r.port}\n`, `port: ${this.routers.router(r.name).port}\n`);
    }
    for (const h of config.hypervisors) {
      text = text.replace(`sshPort: ${h.sshPort}\n`, `sshPort: ${cluster.sshPort(h.name)}\n`);
    }
    text = text.replace(`endpoint: ${config.proxmox?.endpoint}`, `endpoint: https://127.0.0.1:${cluster.port}`);
    if (this.central)
      text = text.replace(`endpoint: ${config.zerotier?.endpoint}`, `endpoint: ${this.central.endpoint}`);
    if (this.librenms)
      text = text.replace(`endpoint: ${config.monitoring?.endpoint}`, `endpoint: ${this.librenms.endpoint}`);
    this.stackText = text;
    fs.writeFileSync(path.join(this.project.dir, "Pulumi.lab.yaml"), text);
    this.backendUrl = this.state?.backend.url ?? `file://${this.project.dir}/state`;
    // What `make lab` hands the proxmoxve plugin: the cluster's CA or pinned certificate as a root.
    const trust = config.proxmox && (await pluginTrustBundle(`https://127.0.0.1:${cluster.port}`, config.proxmox.tls));
    if (trust) {
      this.pluginTrustFile = path.join(this.project.dir, "plugin-trust.pem");
      fs.writeFileSync(this.pluginTrustFile, trust);
    }
    this.stackPluginToken = config.proxmox && `${config.proxmox.tokenId}=${LAB_PROXMOX_TOKEN}`;
    this.stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "lab", workDir: this.project.dir },
      { envVars: this.cliEnv },
    );
  }

  /**
   * The cluster's nodes' power through their BMCs, for the data plane's hypervisor fault, with the
   * cluster read through its API as the stack's own token reads it.
   */
  clusterPower(): Promise<ClusterPower> {
    const bmc = { endpoint: this.bmc.endpoint, user: LAB_BMC_USER, password: LAB_PROXMOX_TOKEN };
    return clusterPower(
      readStackFile(this.stackFile),
      LAB_PROXMOX_TOKEN,
      bmc,
      haRecoveryBoundMs(this.cluster.knobs) / 1000,
    );
  }

  async stop(): Promise<void> {
    await this.routers?.stop();
    await this.bmc?.stop();
    await this.cluster?.stop();
    await this.central?.stop();
    await this.librenms?.stop();
    this.project?.remove();
  }

  /** The lab's Central, for tests that look into it or change it by hand. */
  get zeroTierCentral(): Central {
    if (!this.central) throw new Error("the lab stack has no ZeroTier network");
    return this.central.central;
  }

  /** The routers' ZeroTier packages ask Central for their networks, as they do every few seconds in make lab. */
  joinZeroTier(): string[] {
    return joinRouters(this.routers.all(), this.zeroTierCentral);
  }

  /** The test's copy of the project, where the CLI runs. */
  get projectDir(): string {
    return this.project.dir;
  }

  /** The environment the stack's CLI runs with: its backend, passphrase, and the plugin's token and roots. */
  get cliEnv(): Record<string, string> {
    return this.cliEnvHolding(this.writing);
  }

  /** The CLI's environment of an up job (with the write set) or of a preview job (without it). */
  cliEnvHolding(writing: boolean): Record<string, string> {
    return {
      PULUMI_BACKEND_URL: this.backendUrl,
      PULUMI_CONFIG_PASSPHRASE: LAB_PASSWORD,
      ...this.backendEnv,
      ...(this.pluginTrustFile ? { SSL_CERT_FILE: this.pluginTrustFile } : {}),
      ...(writing ? LAB_WRITE_CREDENTIALS : {}),
      ...(this.stackPluginToken
        ? {
            PROXMOX_VE_API_TOKEN: writing ? `${LAB_WRITE_TOKEN_ID}=${LAB_PROXMOX_TOKEN}` : this.stackPluginToken,
          }
        : {}),
    };
  }

  /**
   * From now on the stack's runs hold the write set (an up job's environment, the default) or only
   * the stack's own credentials, as a preview job does.
   */
  holdWriteCredentials(writing: boolean): void {
    this.writing = writing;
    const { envVars } = this.stack.workspace;
    for (const name of Object.keys(LAB_WRITE_CREDENTIALS)) delete envVars[name];
    Object.assign(envVars, this.cliEnv);
  }

  /** The lab stack file as the test's copy of the project holds it, pointed at the emulators. */
  get stackFile(): string {
    return path.join(this.project.dir, "Pulumi.lab.yaml");
  }

  /** Rewrites the lab stack file the way an operator edits it. */
  editStackFile(edit: (text: string) => string): void {
    const edited = edit(this.stackText);
    if (edited === this.stackText) throw new Error("the edit changed nothing");
    this.stackText = edited;
    fs.writeFileSync(path.join(this.project.dir, "Pulumi.lab.yaml"), edited);
  }

  /** What the Proxmox cluster holds that budgetcloud manages, by id, for before-and-after comparisons. */
  clusterSnapshot(): Record<string, string[]> {
    const { state } = this.cluster;
    const ids = (collection: string, scope?: Record<string, string>) => state.config(collection, scope).ids().sort();
    return {
      vms: [...state.vms.keys()].map(String).sort(),
      pools: [...state.cephPools.keys()].sort(),
      storage: ids("/storage"),
      fabrics: ids("/cluster/sdn/fabrics/fabric"),
      fabricNodes: ids("/cluster/sdn/fabrics/node/{fabric_id}", { fabric_id: UNDERLAY_FABRIC }),
      zones: ids("/cluster/sdn/zones"),
      vnets: ids("/cluster/sdn/vnets"),
      haResources: ids("/cluster/ha/resources"),
      haRules: ids("/cluster/ha/rules"),
      // A NIC's MTU as it runs: factory NICs have none.
      nicMtus: state.nodes.flatMap((node) =>
        this.cluster.networks.live(node).flatMap((i) => (i.mtu === undefined ? [] : [`${node}:${i.iface} ${i.mtu}`])),
      ),
      snippets: state.nodes.flatMap((node) =>
        fs.readdirSync(this.cluster.snippetsDir(node)).map((file) => `${node}:${file}`),
      ),
    };
  }

  /** Every router's managed menus, as printed, for before-and-after comparisons. */
  snapshot(menus: readonly string[]): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
      this.routers.all().map((r) => [r.name, Object.fromEntries(menus.map((m) => [m, r.print(m)]))]),
    );
  }
}
