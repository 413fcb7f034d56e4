import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

const MAX_SHOWN = 60;

/** What came, short enough for a message: `"2025/3/1"`, `-1`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `an ${typeof value}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function bound(issue: { inclusive?: boolean }, smaller: boolean): string {
  if (smaller) return issue.inclusive === false ? '>' : '≥';
  return issue.inclusive === false ? '<' : '≤';
}

/** The expectation in words, then what came: `expected a number, got "12,5"`. */
function explain(issue: z.core.$ZodIssue, got: unknown): string {
  const came = describeValue(got);
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? `required: expected ${issue.expected}, nothing came`
        : `expected ${issue.expected}, got ${came}`;
    case 'invalid_value':
      return got === undefined
        ? `required: one of ${issue.values.map(String).join(', ')}`
        : `expected one of ${issue.values.map(String).join(', ')}; got ${came}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} items, got ${describeValue(got)}`
        : issue.origin === 'string'
          ? `expected at least ${issue.minimum} characters, got ${came}`
          : `expected a number ${bound(issue, true)} ${issue.minimum}, got ${came}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${issue.maximum} items, got ${describeValue(got)}`
        : issue.origin === 'string'
          ? `expected at most ${issue.maximum} characters, got ${came}`
          : `expected a number ${bound(issue, false)} ${issue.maximum}, got ${came}`;
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    default:
      // Only say what came when it is known: "got nothing" would be false for a check
      // across fields whose input was not handed in.
      return got === undefined ? issue.message : `${issue.message}; got ${came}`;
  }
}

/**
 * Turns zod issues into what a person can act on: the field, what was expected and what
 * came (e.g. `unit: expected string, got 5`). `input` is the value that was parsed; the
 * offending values are read from it, so any safeParse result can be explained.
 */
export function fieldErrors(error: z.ZodError, input?: unknown): FieldError[] {
  return error.issues.map((issue) => {
    const got = 'input' in issue ? issue.input : valueAt(input, issue.path);
    return {
      path: issue.path.map(String).join('.') || '(item)',
      message: explain(issue, got),
    };
  });
}

/** One line for logs and summaries: "quantity: expected a number ≥ 0, got -1; unit: …". */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}
