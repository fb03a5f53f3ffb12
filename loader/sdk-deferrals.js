// The SDK loads the TypeScript compiler and npm's Arborist as it starts, for closure serialization,
// which budgetcloud never uses (its resources name their providers by a module text, not a
// serialized closure): some 80 MB of the program's memory and a third of a second of its start.
// Required from the SDK, each is an object that loads the real module on its first use, so the
// SDK's closure serialization still works the day something calls it.
// test/loader/sdk-deferrals.test.ts fails on the SDK upgrade that changes how it requires them.
const Module = require("node:module");
const path = require("node:path");

const deferred = new Set(["typescript", "@npmcli/arborist"]);
const sdk = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
const load = Module._load;

Module._load = function (request, parent, isMain) {
  if (!deferred.has(request) || !parent?.filename?.includes(sdk)) return load.call(this, request, parent, isMain);
  let real;
  const target = () => {
    real ??= load.call(this, request, parent, isMain);
    return real;
  };
  // As an ES module's namespace, so that the SDK's TypeScript-made __importStar takes it as it is.
  return new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : target()[key]),
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
};
