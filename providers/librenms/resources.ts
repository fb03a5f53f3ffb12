import { declaredResources } from "../shared/declared-resource";
import { device, deviceGroup } from "./objects";

export const { LibreNmsDevice, LibreNmsDeviceGroup } = declaredResources("librenms", {
  /** A device LibreNMS polls over SNMPv3 (or pings), by its address; its SNMP passwords stay encrypted in the state. */
  LibreNmsDevice: device,
  /** A static device group: the devices it lists, by their LibreNMS ids. */
  LibreNmsDeviceGroup: deviceGroup,
});
