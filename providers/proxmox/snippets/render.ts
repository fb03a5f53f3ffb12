import * as fs from "node:fs";
import * as path from "node:path";
import * as ejs from "ejs";
import { InputChecks } from "./input-checks";
import { powerShellString, shellWord, yamlString } from "./quoting";

/** What a new VM registers with JumpCloud, the identity service of the talk; every field is a secret. */
export interface JumpCloudRegistration {
  /** API key that adds the new system to its group, once, from the VM itself. */
  apiKey: string;
  /** Connect key the agent's installer registers the system with. */
  connectKey: string;
  /** Id of the system group new VMs join (a JumpCloud object id, 24 hex digits). */
  systemGroupId: string;
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
    destructuredLocals: ["vm", "jumpcloud", "yaml", "sh", "ps"],
  });

const linuxTemplate = template("linux-user-data.yaml.ejs");
const windowsTemplate = template("windows-user-data.mime.ejs");
const quoting = { yaml: yamlString, sh: shellWord, ps: powerShellString };

/** The `#cloud-config` user-data of a Linux VM: the talk's template, every value quoted. */
export function renderLinuxUserData(vm: LinuxUserData): string {
  const check = new InputChecks(vm.hostname);
  check.hostname(vm.hostname);
  check.domain(vm.domain);
  if (vm.jumpcloud) {
    for (const field of ["apiKey", "connectKey"] as const) check.scriptLine(`jumpcloud.${field}`, vm.jumpcloud[field]);
    check.jumpCloudObjectId("jumpcloud.systemGroupId", vm.jumpcloud.systemGroupId);
  }
  return linuxTemplate({ vm: { ...vm, fqdn: `${vm.hostname}.${vm.domain}` }, jumpcloud: vm.jumpcloud, ...quoting });
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
  return windowsTemplate({ vm, jumpcloud: vm.jumpcloud, ...quoting });
}
