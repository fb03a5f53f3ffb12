// The provider process is plain Node.js and the runtimes behind the entry points are TypeScript.
// Node runs this module once per process, however many entry points load it.
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
