/** parseSearchSpaceYaml(text, where) – a search-space YAML file (name → {type, low, high, log, step} | {choices}) validated by validateSearchSpace. */
import { parse } from 'yaml';
import { UserInputError } from '../util/errors.ts';
import type { SearchSpace } from './space.ts';
import { validateSearchSpace } from './space.ts';

export function parseSearchSpaceYaml(text: string, where = 'space'): SearchSpace {
  let raw: unknown;
  try { raw = parse(text); } catch (e) { throw new UserInputError(where, `expected YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`); }
  return validateSearchSpace(raw, where);
}

/** parseYamlValue(text, where) – plain YAML → value, a syntax error as a UserInputError. */
export function parseYamlValue(text: string, where: string): unknown {
  try { return parse(text); } catch (e) { throw new UserInputError(where, `expected YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`); }
}
