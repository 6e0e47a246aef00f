/**
 * Issue 13 re-probe: a 10 kB config text nested 1,000 then 5,000 levels deep (`data: [[[…]]]`) overflowed the
 * YAML parser's stack and then crashed the whole process (V8 out of memory compiling a regular expression).
 * Nesting is now measured from the lexer, without recursion, before the parser runs.
 */
import { describe, expect, it } from 'vitest';
import { configToYaml, defaultConfig, MAX_CONFIG_NESTING, parseConfigText, yamlNestingLine } from '../index.ts';

describe('config text nesting', () => {
  it('refuses deep flow, block-sequence and indentation nesting with the line', () => {
    for (const text of [`data: ${'['.repeat(1000)}${']'.repeat(1000)}`, `data: ${'['.repeat(5000)}${']'.repeat(5000)}`, `name: x\nhpo:\n  space: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n`]) {
      const r = parseConfigText(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0].text).toMatch(/^config:\d: expected at most 64 levels of nesting \(a config is about 6 deep\)$/);
    }
    expect(yamlNestingLine(`name: x\nhpo:\n  space: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n`)).toBe(3);
    expect(yamlNestingLine(`${'- '.repeat(100)}x`)).toBe(1);
    const indented = Array.from({ length: 200 }, (_, i) => `${' '.repeat(2 * i)}k${i}:`).join('\n');
    expect(yamlNestingLine(indented)).toBe(MAX_CONFIG_NESTING + 1);
  });

  it('counts no brackets inside quotes or comments, and passes every real config', () => {
    expect(yamlNestingLine(`name: "${'['.repeat(500)}"\n# ${'{'.repeat(500)}\nseed: 1\n`)).toBeNull();
    expect(yamlNestingLine(configToYaml(defaultConfig()))).toBeNull();
    expect(parseConfigText(configToYaml(defaultConfig())).ok).toBe(true);
    // a 60-deep list is still the schema's to refuse (a plain type error, not a nesting refusal)
    const r = parseConfigText(`data: ${'['.repeat(60)}${']'.repeat(60)}`);
    expect(!r.ok && r.issues[0].text).toMatch(/^data: .*expected object/);
  });
});

describe('hpo search-space YAML', () => {
  it('is refused the same way before parsing', async () => {
    const { parseSearchSpaceYaml, parseYamlValue } = await import('../../hpo/spaceYaml.ts');
    expect(() => parseYamlValue(`a: ${'['.repeat(5000)}`, '--space s.yml')).toThrow('--space s.yml:1: expected at most 64 levels of nesting');
    expect(() => parseSearchSpaceYaml(`${'- '.repeat(1000)}x`, 'space')).toThrow('space:1: expected at most 64 levels of nesting');
    expect(parseYamlValue('a: [1, 2]', 'x')).toEqual({ a: [1, 2] });
  });
});

describe('fuzzed config texts built from YAML structure characters', () => {
  it('parseConfigText answers every one (ok or issues), never throws', async () => {
    const fc = (await import('fast-check')).default;
    const chars = fc.constantFrom('[', ']', '{', '}', '-', '?', ':', ' ', '  ', '\n', '"', "'", '#', ',', 'a', '1', '&x ', '*x', '|', '>');
    fc.assert(fc.property(fc.array(chars, { maxLength: 4000 }), (parts) => {
      const text = parts.join('');
      const r = parseConfigText(text);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 300, seed: 13 });
    // and the worst case of each kind at full size
    for (const open of ['[', '{', '- ', '? ']) expect(parseConfigText(`a: ${open.repeat(60_000)}`).ok).toBe(false);
  });
});
