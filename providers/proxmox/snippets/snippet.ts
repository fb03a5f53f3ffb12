// What the snippet resource class (resource.ts) and the provider process (runtime.ts) share: the
// program loads this without the provider's SSH and SFTP code.

/** The Pulumi type name of a snippet. */
export const snippetType = "Snippet";

/** What a program gives a snippet. */
export interface SnippetInputs {
  node: string;
  fileName: string;
  content: string;
}

/** What the state keeps of a snippet: never its content, which holds secrets. */
export interface SnippetOutputs {
  node: string;
  fileName: string;
  /** For `cicustom`: `local:snippets/prod-sql14-1-user-data.yaml`. */
  volume: string;
  /** Where the file is on the node; read and delete go there even after the stack moves snippets. */
  path: string;
  /** SHA-256 of the content, hex: what the node had at the last up or refresh. */
  sha256: string;
}
