/**
 * Hidden at the top of the comment so the next run finds it again and edits it instead of adding
 * another; one per stack, so the qa and prod previews each keep their own comment.
 */
export function commentMarker(stack: string): string {
  return `<!-- budgetcloud-preview:${stack} -->`;
}
