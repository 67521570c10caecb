// Types of the ForceAtlas2 package's iteration function, which it ships without a declaration.
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /** One ForceAtlas2 iteration on the node matrix (10 values a node) and edge matrix (source, target, weight). */
  export default function iterate(settings: Record<string, unknown>, nodes: Float32Array, edges: Float32Array): unknown;
}
