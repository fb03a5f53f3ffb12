import { renderLinuxUserData, renderWindowsUserData } from "../../../../providers/proxmox/snippets/render";

const jc = {
  apiKey: "0123456789abcdef0123456789abcdef01234567",
  connectKey: "fedcba9876543210fedcba9876543210fedcba98",
  systemGroupId: "5f0c1e2d3b4a596877665544",
};
process.stdout.write(
  renderLinuxUserData({
    hostname: "prod-sql14-1",
    domain: "transnomis.com",
    timezone: "America/Toronto",
    users: [{ name: "ansible", sudo: true, sshAuthorizedKeys: ["ssh-ed25519 AAAAC3 ansible@ci"] }],
    jumpcloud: jc,
  }),
);
process.stdout.write("=====\n");
process.stdout.write(renderWindowsUserData({ hostname: "prod-app1-1", timezone: "America/Toronto", jumpcloud: jc }));
