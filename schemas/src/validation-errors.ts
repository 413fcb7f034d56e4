import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Turns zod issues into what a person can act on: the field and what was wrong, with
 * what came when it helps (e.g. `unit: expected a string, got number`).
 */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(message)',
    message: issue.message,
  }));
}

/** One line for logs and summaries: "quantity: Too small: expected number to be >=0; unit: …". */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}
