import { InitialSchema1733300000000 } from './1733300000000-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1733300000000];
