import * as path from "node:path";
import { runMain, stopOnSignal } from "../cli/command-line";
import { S3StateServer } from "./s3-server";

// The lab's state in a real S3 server, as prod keeps its own in Ceph RGW (`make lab STATE=s3`):
//   state-server-main.ts serve   runs it on 127.0.0.1:17480 over .lab/s3 until stopped
//   state-server-main.ts env     prints the backend's environment, as shell exports
const root = path.resolve(__dirname, "..", ".lab", "s3");
const server = new S3StateServer({ root, port: 17480 });

if (process.argv[2] === "serve") {
  runMain(async () => {
    await server.start();
    console.log(`lab state server ready: http://127.0.0.1:${server.port}, bucket ${server.bucket} in ${root}`);
    stopOnSignal(() => server.stop());
  });
} else if (process.argv[2] === "env") {
  const { url, env } = server.backend;
  for (const [name, value] of Object.entries({ PULUMI_BACKEND_URL: url, ...env }))
    console.log(`export ${name}='${value}'`);
} else {
  console.error("usage: state-server-main.ts serve|env");
  process.exit(2);
}
