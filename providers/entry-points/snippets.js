// The state of every snippet resource names this file, by this path, as its provider's entry point
// (providers/shared/runtime-provider.ts). Moving or renaming it would break refresh and destroy of
// every existing stack: it stays here, and points to wherever the runtime lives.
require("./register-typescript");
module.exports = require("../proxmox/snippets/runtime");
