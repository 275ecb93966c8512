/** Types for layers.js, which ESLint's config loads as plain JavaScript. */
export interface Layer {
  name: string;
  files: string[];
  except?: string[];
  forbid: string[];
  allow?: string[];
  types?: boolean;
  why: string;
}
export const LAYERS: Layer[];
export function resolveImport(specifier: string, fromFile: string, root: string): string;
export function matchesEntry(target: string, entry: string): boolean;
export function layersFor(file: string): Layer[];
export function violation(
  file: string,
  target: string,
  typeOnly: boolean,
): { layer: Layer; entry: string } | null;
declare const plugin: { rules: Record<string, unknown> };
export default plugin;
