/**
 * The credentials budgetcloud needs, each a stack config key of its own that must be set with
 * `pulumi config set --secret`. Keeping them out of the structured config keeps the plan plain
 * data, and the values only ever travel as Pulumi secrets.
 */
export const secretKeys = {
  routerPassword: "password of the RouterOS API user on every router",
  ospfAuthKey: "OSPF MD5 authentication key of the fabric's point-to-point links",
  vrrpPassword: "VRRP authentication password of the tenant gateways",
  proxmoxTokenSecret: "secret of the Proxmox API token",
  snippetsSshKey: "private key (OpenSSH format) for uploading snippets to the hypervisors",
  jumpcloudApiKey: "JumpCloud API key that new VMs register with",
  jumpcloudConnectKey: "JumpCloud connect key for the agent's kickstart",
  zerotierToken: "ZeroTier Central API token that manages the operators' network",
  snmpAuthPassword: "SNMPv3 authentication password of the monitoring user on every device (8 characters or more)",
  snmpPrivPassword: "SNMPv3 encryption password of the monitoring user on every device (8 characters or more)",
  librenmsToken: "LibreNMS API token that registers the devices",
} as const;

export type SecretName = keyof typeof secretKeys;
