import { bool, int, list, property, text } from "./fields";

/** The resource type of a VM. */
export const vmType = "Vm";

const netModels = [
  "e1000",
  "e1000-82540em",
  "e1000-82544gc",
  "e1000-82545em",
  "e1000e",
  "i82551",
  "i82557b",
  "i82559er",
  "ne2k_isa",
  "ne2k_pci",
  "pcnet",
  "rtl8139",
  "virtio",
  "vmxnet3",
] as const;

/*
  The VM settings budgetcloud manages, as GET /nodes/PVE-2/qemu/105/config (9.1) shows them:
  {"name":"prod-sql14-1","cores":4,"memory":"8192","agent":"1","onboot":1,"ostype":"l26",
   "cicustom":"user=local:snippets/prod-sql14-1.yaml","ipconfig0":"ip=192.168.111.52/24,gw=192.168.111.1",
   "nameserver":"192.168.111.21 192.168.111.22","searchdomain":"transnomis.com",
   "net0":"virtio=BC:24:11:5E:0A:01,bridge=vbr111,firewall=0","scsi0":"vm_data:vm-105-disk-0,size=30G",…}
  None has a default: a clone starts with its template's settings, and what the stack does not give
  stays the template's.
*/
export const vmConfig = {
  name: text({ required: true }),
  cores: int(),
  /** MiB. */
  memory: int(),
  /** `user=<storage>:snippets/<file>`: the cloud-init user data. */
  cicustom: property(),
  /** `ip=<address>/<length>,gw=<gateway>`. */
  ipconfig0: property(),
  nameserver: list({ separator: " " }),
  searchdomain: text(),
  /** `virtio,bridge=<vnet>`: PVE adds the MAC address, which is kept across updates. */
  net0: property({
    format: {
      defaultKey: "model",
      keyAlias: { names: netModels, key: "model", valueKey: "macaddr" },
      defaults: { firewall: "0", link_down: "0" },
      generated: ["macaddr"],
    },
  }),
  /** `1`: the QEMU guest agent. */
  agent: property({ format: { defaultKey: "enabled" } }),
  onboot: bool(),
  /** `l26`, `win11`. */
  ostype: text(),
  /** `configdrive2` for Windows (cloudbase-init); Linux takes PVE's default, nocloud. */
  citype: text(),
};
