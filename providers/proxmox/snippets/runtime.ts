import * as path from "node:path";
import type { Operations } from "../../shared/runtime-provider";
import { type SnippetsLocation, snippetsLocationsFromConfig, volumeOf } from "./endpoints";
import { sftpSessionTo } from "./sftp-session";
import { type SnippetInputs, type SnippetOutputs, snippetType } from "./snippet";
import { SnippetFiles, sha256, snippetPath } from "./snippet-files";

/**
 * The provider process's side of every snippet: one SFTP session per hypervisor, shared by all
 * snippets of the run because this module is loaded once per process.
 */
let locationOf: ((node: string) => SnippetsLocation) | undefined;

export function configure(get: (key: string) => string | undefined): void {
  locationOf = snippetsLocationsFromConfig(get);
}

function locate(node: string): SnippetsLocation {
  if (!locationOf) throw new Error("the snippets provider was not configured with the stack config");
  return locationOf(node);
}

async function filesIn(node: string, directory: string): Promise<SnippetFiles> {
  return new SnippetFiles(node, await sftpSessionTo(locate(node).ssh), directory);
}

const idOf = (outs: SnippetOutputs) => `${outs.node}/${outs.volume}`;

async function upload(inputs: SnippetInputs): Promise<SnippetOutputs> {
  const location = locate(inputs.node);
  await (await filesIn(inputs.node, location.directory)).upload(inputs.fileName, inputs.content);
  return {
    node: inputs.node,
    fileName: inputs.fileName,
    volume: volumeOf(location, inputs.fileName),
    path: snippetPath(location.directory, inputs.fileName),
    sha256: sha256(inputs.content),
  };
}

/** Pulumi's dynamic-provider operations for a snippet. */
export function operations(type: string): Operations {
  if (type !== snippetType) throw new Error(`the snippets provider has no resource type ${type}`);
  return {
    diff: async (_id, olds: SnippetOutputs, news: SnippetInputs) => {
      const location = locate(news.node);
      const replaces = [
        ...(olds.node !== news.node ? ["node"] : []),
        ...(olds.fileName !== news.fileName ? ["fileName"] : []),
        // The stack moved its snippets storage: the file goes to the new place, the old one away.
        ...(olds.volume !== volumeOf(location, news.fileName) ||
        olds.path !== snippetPath(location.directory, news.fileName)
          ? ["volume"]
          : []),
      ];
      return {
        changes: replaces.length > 0 || olds.sha256 !== sha256(news.content),
        replaces,
        deleteBeforeReplace: false,
      };
    },
    create: async (inputs: SnippetInputs) => {
      const outs = await upload(inputs);
      return { id: idOf(outs), outs };
    },
    read: async (id, props: SnippetOutputs) => {
      const files = await filesIn(props.node, path.posix.dirname(props.path));
      const remote = await files.sha256Of(props.fileName);
      // Gone from the node: gone from the state, and the next up puts it back.
      if (remote === undefined) return { props };
      return { id, props: { ...props, sha256: remote } };
    },
    update: async (_id, _olds: SnippetOutputs, news: SnippetInputs) => ({ outs: await upload(news) }),
    delete: async (_id, props: SnippetOutputs) => {
      await (await filesIn(props.node, path.posix.dirname(props.path))).remove(props.fileName);
    },
  };
}
