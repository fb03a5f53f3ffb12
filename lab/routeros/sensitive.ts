/** Arguments whose values are secrets (SNMP and VRRP passwords, OSPF keys, login passwords). */
const SENSITIVE = /password|secret|(^|-)key$/;

/** Whether RouterOS treats `name`'s value as sensitive: hidden from /export and from the lab's log. */
export function isSensitive(name: string): boolean {
  return SENSITIVE.test(name);
}
