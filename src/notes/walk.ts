/**
 * A lean `unist-util-visit` for the notes step: each node of one type, in
 * document order (the root too), with its index and parent. It is what
 * `visit(tree, type, visitor)` does when the visitor returns nothing: the
 * node is visited before its children, and children are read as they are
 * when reached (a visitor may replace the node it is given). Without
 * unist-util-visit's closure and ancestor array per node: the notes step
 * walks the tree seven times, and those walks were most of its time.
 */
import type {Link, Nodes, Parents, Text} from 'mdast'

export type NodeOfType<Type extends Nodes['type']> = Extract<Nodes, {type: Type}>

export function eachOfType<Type extends Nodes['type']>(
  tree: Nodes,
  type: Type,
  visitor: (node: NodeOfType<Type>, index: number | undefined, parent: Parents | undefined) => void
): void {
  walk(tree, undefined, undefined)

  function walk(node: Nodes, index: number | undefined, parent: Parents | undefined): void {
    if (node.type === type) visitor(node as NodeOfType<Type>, index, parent)
    if (!('children' in node)) return
    for (let child = 0; child < node.children.length; child++) walk(node.children[child] as Nodes, child, node)
  }
}

/**
 * Each link (its children not entered) and each text node outside links, in
 * document order: `visit(tree, visitor)` with a visitor that returns `SKIP`
 * for links and changes nothing but the node it is given.
 */
export function eachLinkOrText(tree: Nodes, visitor: (node: Link | Text) => void): void {
  if (tree.type === 'link' || tree.type === 'text') {
    visitor(tree)
    return
  }
  if (!('children' in tree)) return
  for (let child = 0; child < tree.children.length; child++) eachLinkOrText(tree.children[child] as Nodes, visitor)
}
