#!/usr/bin/env bash
# Debian packages the tests use: OpenSSH's sshd (snippet uploads are tested against the real one),
# openssl (test certificates), cloud-init (rendered user-data is checked by `cloud-init schema`
# and read by the same Python YAML and MIME parsers cloud-init and cloudbase-init use), and the lab's
# data plane (make lab-verify): FRR, keepalived, nftables, ping and tcpdump; Net-SNMP's snmpd and
# snmpget (the SNMPv3 agent a VM's user-data sets up is started and asked); Graphviz (the topology
# pictures) and Ansible (the inventory is read by the real ansible-inventory). Installed when missing
# and we may; otherwise said, not guessed.
set -euo pipefail

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v openssl >/dev/null || need+=(openssl)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v cloud-init >/dev/null || need+=(cloud-init)
[ -x /usr/lib/frr/ospfd ] || need+=(frr)
command -v keepalived >/dev/null || need+=(keepalived)
command -v nft >/dev/null || need+=(nftables)
command -v ping >/dev/null || need+=(iputils-ping)
command -v tcpdump >/dev/null || need+=(tcpdump)
[ -x /usr/sbin/snmpd ] || need+=(snmpd)
command -v snmpget >/dev/null || need+=(snmp)
command -v dot >/dev/null || need+=(graphviz)
command -v ansible-inventory >/dev/null || need+=(ansible)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "system packages: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
else
  echo "system packages: the tests need ${need[*]}; install them (sudo apt-get install ${need[*]})" >&2
  exit 1
fi
