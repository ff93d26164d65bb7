import { parseDocument } from 'yaml';
import type { Outcome } from './types.ts';

/** A file's text split into front matter and body. */
export interface FrontMatter {
  /** The front matter mapping; empty when the file has none. */
  data: Record<string, unknown>;
  /** Offset of the body in the text: 0 without front matter, else just after the closing `---` line. */
  bodyOffset: number;
}

const OPENING = /^---[ \t]*(?:\n|$)/;
const CLOSING = /^---[ \t]*$/gm;
const RULE_HINT = 'If the first line --- is meant as a horizontal rule, put a blank line before it';

/**
 * Splits YAML front matter (between a first line `---` and the next line `---`) from the body.
 *
 * Parsed with the `yaml` package (YAML 1.2 core schema), which never executes anything: custom
 * tags such as `!!js/function` stay plain strings. That is why gray-matter is not used.
 * Dates therefore stay strings; `normaliseDate` still accepts `Date` in case that changes.
 *
 * @param text - BOM-stripped, LF-normalised file text
 * @returns the mapping and body offset, or a reason that names the file line of a YAML error
 */
export function splitFrontMatter(text: string): Outcome<FrontMatter> {
  const opening = OPENING.exec(text);
  if (opening === null) return { ok: true, value: { data: {}, bodyOffset: 0 } };

  const yamlStart = opening[0].length;
  CLOSING.lastIndex = yamlStart;
  const closing = CLOSING.exec(text);
  if (closing === null) {
    return {
      ok: false,
      reason: `has front matter that is never closed (line 1 is --- but no later line is ---); add the closing --- line. ${RULE_HINT}`,
    };
  }
  const closingEnd = closing.index + closing[0].length;
  const bodyOffset = text[closingEnd] === '\n' ? closingEnd + 1 : closingEnd;

  const parsed = parseYaml(text.slice(yamlStart, closing.index));
  if (!parsed.ok) return parsed;
  return { ok: true, value: { data: parsed.value, bodyOffset } };
}

function parseYaml(source: string): Outcome<Record<string, unknown>> {
  const doc = parseDocument(source, { prettyErrors: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    // The YAML starts on file line 2, after the opening ---.
    const line = (error.linePos?.[0].line ?? 1) + 1;
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, reason: `has front matter that is not valid YAML (line ${line}: ${message}); fix that line` };
  }
  let data: unknown;
  try {
    // toJS can still refuse, e.g. an alias bomb exceeding yaml's maxAliasCount.
    data = doc.toJS();
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    return { ok: false, reason: `has front matter that cannot be read (${message})` };
  }
  if (data === null || data === undefined) return { ok: true, value: {} };
  // A plain-object check, because `!!binary` or `!!set` at the top level yield other objects.
  if (Object.prototype.toString.call(data) !== '[object Object]') {
    const shape = Array.isArray(data) ? 'a list' : `a single ${typeof data} value`;
    return {
      ok: false,
      reason: `has front matter that is ${shape}, not "key: value" lines such as "title: ..."; rewrite it as key: value lines. ${RULE_HINT}`,
    };
  }
  return { ok: true, value: data as Record<string, unknown> };
}
