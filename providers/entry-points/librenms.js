// The state of every LibreNMS resource names this file, by this path, as its provider's entry point
// (providers/shared/runtime-provider.ts). Moving or renaming it would break refresh and destroy of
// every existing stack: it stays here, and points to wherever the runtime lives.
// The provider process is plain Node.js, and the runtimes behind the entry points are TypeScript.
require("../../loader/typescript");
const { entryPointOf } = require("../shared/runtime-provider");
module.exports = entryPointOf(require("../librenms/runtime"));
