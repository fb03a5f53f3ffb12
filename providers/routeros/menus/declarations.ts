// Every declared RouterOS menu, one export each: adding a menu is adding a file and a line here.
export { bridge } from "./bridge";
export { bridgePort } from "./bridge-port";
export { ethernet } from "./ethernet";
export { firewallAddressList } from "./firewall-address-list";
export { firewallFilter } from "./firewall-filter";
export { natRule } from "./firewall-nat";
export { ipAddress } from "./ip-address";
export { ospfArea } from "./ospf-area";
export { ospfInstance } from "./ospf-instance";
export { ospfInterfaceTemplate } from "./ospf-interface-template";
export { snmp } from "./snmp";
export { snmpCommunity } from "./snmp-community";
export { vrrp } from "./vrrp";
export { vxlan } from "./vxlan";
export { vxlanVtep } from "./vxlan-vtep";
export { zerotierInstance } from "./zerotier-instance";
export { zerotierInterface } from "./zerotier-interface";
