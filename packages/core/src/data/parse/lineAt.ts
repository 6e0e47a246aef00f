/** 1-based line number of position `pos` in text (counts '\n'; only used when reporting an error). */
export function lineAt(text: string, pos: number): number {
  let line = 1;
  let i = text.indexOf('\n');
  while (i !== -1 && i < pos) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}
