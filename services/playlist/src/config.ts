// playlist's configuration: the shared settings plus its own, validated at start.
import { baseConfigSchema } from '@charts-vibe/shared';
import { z } from 'zod';

export const SERVICE_NAME = 'playlist';

export const configSchema = baseConfigSchema.extend({});
export type ServiceConfig = z.infer<typeof configSchema>;
