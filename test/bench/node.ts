/**
 * Benchmarks that run in Node against the real modules (fake-indexeddb stands in for the
 * browser's IndexedDB where one is needed; those figures say so).
 */
import type { Figure } from './browser';

export async function nodeBenchmarks(): Promise<Figure[]> {
  const figures: Figure[] = [];
  return figures;
}
