/** Types of layers.mjs, for the tests that check the layer map itself. */
export declare const DOMAINS: readonly string[];
export declare const DOMAIN_DEPENDENCIES: Readonly<Record<string, readonly string[]>>;
export declare const LIBRARIES: readonly string[];
export declare const PACKAGE_CLASSES: Readonly<Record<string, 'node' | 'browser' | 'shared' | 'electron' | 'tooling'>>;
export declare function layerOf(path: string): { layer: string; folder: string | undefined } | null;
export declare function fileRefusal(fromPath: string, targetPath: string): string | null;
export declare function layersPlugin(options: { root: string; exists: (path: string) => boolean }): unknown;
