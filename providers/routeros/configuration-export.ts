import type { RouterConnection } from "./client";

/** The most /file/read hands back at once (its chunk-size bound). */
const CHUNK_BYTES = 32768;
/** Where the script is written on the router, for as long as it takes to read it back. */
const EXPORT_FILE = "budgetcloud-export";

/**
 * The router's whole configuration as its own `/export` writes it, secrets hidden (RouterOS 7's
 * default). Over the API a bare /export answers with nothing, so the script goes to a file on the
 * router, is read back in chunks and removed.
 */
export async function exportConfiguration(connection: RouterConnection): Promise<string> {
  const file = `${EXPORT_FILE}.rsc`;
  await connection.run("", "export", { file: EXPORT_FILE });
  const remove = () => connection.run("/file", "remove", { numbers: file });
  let script: string;
  try {
    script = await readFile(connection, file);
  } catch (error) {
    // The read's failure is the one to tell; the file goes if it can.
    await remove().catch(() => undefined);
    throw error;
  }
  await remove();
  return script;
}

async function readFile(connection: RouterConnection, file: string): Promise<string> {
  const chunks: string[] = [];
  for (let offset = 0; ; ) {
    const [row] = await connection.run("/file", "read", {
      file,
      offset: String(offset),
      "chunk-size": String(CHUNK_BYTES),
    });
    // The API's words are single-byte (node-routeros reads them as Windows-1252): a character is a byte.
    const chunk = row?.data ?? row?.ret ?? "";
    chunks.push(chunk);
    offset += chunk.length;
    if (chunk.length < CHUNK_BYTES) return chunks.join("");
  }
}
