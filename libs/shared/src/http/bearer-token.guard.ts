// Protects triggers and admin endpoints with the API token when one is configured.
// The comparison is constant-time so the token cannot be guessed byte by byte.
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';

export const API_TOKEN = Symbol('API_TOKEN');

export function tokensMatch(expected: string, presented: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the length.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(@Inject(API_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers
      .authorization;
    const presented = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!presented || !tokensMatch(this.token, presented)) {
      throw new UnauthorizedException('a valid bearer token is required (Authorization: Bearer <API_TOKEN>)');
    }
    return true;
  }
}
