/** parseSearchSpaceYaml(text, where) – a search-space YAML file (name → {type, low, high, log, step} | {choices}) validated by validateSearchSpace. */
import { parse } from 'yaml';
import { UserInputError } from '../util/errors.ts';
import type { SearchSpace } from './space.ts';
import { validateSearchSpace } from './space.ts';
import { MAX_CONFIG_NESTING, yamlNestingLine } from '../config/load.ts';

/** Refuses a text nested too deep for the recursive YAML parser (see config yamlNestingLine) before it runs. */
function checkNesting(text: string, where: string): void {
  const line = yamlNestingLine(text);
  if (line !== null) throw new UserInputError(`${where}:${line}`, `expected at most ${MAX_CONFIG_NESTING} levels of nesting`);
}

export function parseSearchSpaceYaml(text: string, where = 'space'): SearchSpace {
  checkNesting(text, where);
  let raw: unknown;
  try { raw = parse(text); } catch (e) { throw new UserInputError(where, `expected YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`); }
  return validateSearchSpace(raw, where);
}

/** parseYamlValue(text, where) – plain YAML → value, a syntax error as a UserInputError. */
export function parseYamlValue(text: string, where: string): unknown {
  checkNesting(text, where);
  try { return parse(text); } catch (e) { throw new UserInputError(where, `expected YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`); }
}
