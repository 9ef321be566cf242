// Parses an HTTP body, query or path parameter at the edge; a bad one is a 400 with the reason.
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
  throw new BadRequestException(reason);
}
