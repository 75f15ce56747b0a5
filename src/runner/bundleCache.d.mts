/** The project's folder: the nearest folder above `fromUrl` whose package.json names backorder-lab. */
export function projectRoot(fromUrl: string | URL): string;
/** Where the project keeps its bundles. */
export function cachedBundlePath(root: string, name: string): string;
/** `entry` (relative to `root`) bundled into `bundle`, rebuilt when an input changed; null when it cannot be had. */
export function bundled(root: string, entry: string, bundle: string): URL | null;
