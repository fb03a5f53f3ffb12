import * as fs from "node:fs";
import * as path from "node:path";
import * as ejs from "ejs";
import { InputChecks } from "./input-checks";
import { powerShellString, shellWord, snmpdWord, yamlString } from "./quoting";

/** What a new VM registers with JumpCloud, the identity service of the talk; every field is a secret. */
export interface JumpCloudRegistration {
  /** API key that adds the new system to its group, once, from the VM itself. */
  apiKey: string;
  /** Connect key the agent's installer registers the system with. */
  connectKey: string;
  /** Id of the system group new VMs join (a JumpCloud object id, 24 hex digits). */
  systemGroupId: string;
}

/**
 * The SNMPv3 agent of a Linux VM: Net-SNMP's snmpd, with the monitoring user that the poller asks
 * with; the passwords are secrets.
 */
export interface SnmpAgent {
  user: string;
  /** As RouterOS names them; Net-SNMP calls SHA1 SHA. */
  authProtocol: "SHA1" | "MD5";
  privProtocol: "AES" | "DES";
  authPassword: string;
  privPassword: string;
  location: string;
  contact: string;
}

export interface LinuxUser {
  name: string;
  sshAuthorizedKeys: string[];
  /** Passwordless sudo. */
  sudo: boolean;
}

/** A Linux VM's cloud-init user-data. */
export interface LinuxUserData {
  /** The VM's name, which is its host name. */
  hostname: string;
  /** The search domain: the VM's FQDN is `<hostname>.<domain>`. */
  domain: string;
  /** An IANA time zone, as `America/Toronto`. */
  timezone: string;
  /** Users besides the image's default user. */
  users: LinuxUser[];
  /** Install the JumpCloud agent and join the group; without it the VM is left to other means. */
  jumpcloud?: JumpCloudRegistration;
  /** Install snmpd with the monitoring user; without it the VM has no SNMP agent. */
  snmp?: SnmpAgent;
}

/** A Windows VM's cloudbase-init user-data. */
export interface WindowsUserData {
  hostname: string;
  /** An IANA time zone: cloudbase-init maps it to Windows' own name. */
  timezone: string;
  jumpcloud?: JumpCloudRegistration;
}

// `<%=` would HTML-escape, which is wrong in every language here: each value goes through the
// quoting helper of the language it lands in, with `<%-`.
const refuseHtmlEscaping = () => {
  throw new Error("snippet templates quote each value explicitly: use <%- with yaml(), sh() or ps()");
};

const template = (file: string) =>
  ejs.compile(fs.readFileSync(path.join(__dirname, "templates", file), "utf8"), {
    filename: file,
    strict: true,
    escape: refuseHtmlEscaping,
    destructuredLocals: ["vm", "jumpcloud", "snmp", "yaml", "sh", "ps", "snmpd"],
  });

const linuxTemplate = template("linux-user-data.yaml.ejs");
const windowsTemplate = template("windows-user-data.mime.ejs");
const quoting = { yaml: yamlString, sh: shellWord, ps: powerShellString, snmpd: snmpdWord };

const NET_SNMP_AUTH = { SHA1: "SHA", MD5: "MD5" } as const;

/** The `#cloud-config` user-data of a Linux VM: the talk's template, every value quoted. */
export function renderLinuxUserData(vm: LinuxUserData): string {
  const check = new InputChecks(vm.hostname);
  check.hostname(vm.hostname);
  check.domain(vm.domain);
  if (vm.jumpcloud) {
    for (const field of ["apiKey", "connectKey"] as const) check.scriptLine(`jumpcloud.${field}`, vm.jumpcloud[field]);
    check.jumpCloudObjectId("jumpcloud.systemGroupId", vm.jumpcloud.systemGroupId);
  }
  if (vm.snmp) {
    for (const field of ["user", "authPassword", "privPassword", "location", "contact"] as const)
      check.scriptLine(`snmp.${field}`, vm.snmp[field]);
  }
  const snmp = vm.snmp ? { ...vm.snmp, authProtocol: NET_SNMP_AUTH[vm.snmp.authProtocol] } : undefined;
  return linuxTemplate({
    vm: { ...vm, fqdn: `${vm.hostname}.${vm.domain}` },
    jumpcloud: vm.jumpcloud,
    snmp,
    ...quoting,
  });
}

/** The multipart user-data of a Windows VM: cloud-config and a PowerShell script, as in the talk. */
export function renderWindowsUserData(vm: WindowsUserData): string {
  const check = new InputChecks(vm.hostname);
  check.hostname(vm.hostname);
  check.ascii("timezone", vm.timezone);
  if (vm.jumpcloud) {
    for (const field of ["apiKey", "connectKey"] as const) check.ascii(`jumpcloud.${field}`, vm.jumpcloud[field]);
    check.jumpCloudObjectId("jumpcloud.systemGroupId", vm.jumpcloud.systemGroupId);
  }
  return windowsTemplate({ vm, jumpcloud: vm.jumpcloud, snmp: undefined, ...quoting });
}
