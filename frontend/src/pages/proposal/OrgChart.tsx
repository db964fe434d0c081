// An org chart of one side of a proposal, drawn as an SVG tree from `orgChart(side:)` (depth
// first), with the same content as a nested list for screen readers and anyone who prefers it.
// The SVG is hidden from assistive technology; its box scrolls sideways on a narrow screen.
import type { PostAction } from '../../gql/graphql'
import { useEffect, useRef } from 'preact/hooks'
import { plural } from '../../format'

/** The schema's StructureSide. */
export type StructureSide = 'CURRENT' | 'PROPOSED'

export interface OrgChartSide {
  grade: string
  fte: number
  headcount: number
}

export interface OrgChartNode {
  depth: number
  parentId?: string | null
  post: {
    id: string
    title: string
    inScope?: boolean
    actions: PostAction[]
    current?: OrgChartSide | null
    proposed?: OrgChartSide | null
  }
}

/** What an action means, in the words the list uses. */
const changeWords: Partial<Record<PostAction, string>> = {
  REDUCED: 'fewer posts or hours',
  INCREASED: 'more posts or hours',
  REVISED: 'new job description or grade',
  LINE_MANAGEMENT_CHANGE: 'new line manager',
}

/** The same, short enough for a box of the chart. */
const shortChangeWords: Partial<Record<PostAction, string>> = {
  REDUCED: 'reduced',
  INCREASED: 'increased',
  REVISED: 'new JD or grade',
  LINE_MANAGEMENT_CHANGE: 'new manager',
}

type Status = 'new' | 'deleted' | 'changed' | 'unchanged' | 'context'

function statusOf(node: OrgChartNode): Status {
  const { actions, inScope } = node.post
  if (actions.includes('NEW')) return 'new'
  if (actions.includes('DELETED')) return 'deleted'
  if (actions.some((action) => action in changeWords)) return 'changed'
  if (inScope === false) return 'context'
  return 'unchanged'
}

/** The words that say what happens to a post, so the chart does not rely on colour. */
export function statusText(node: OrgChartNode, side: StructureSide, short = false): string {
  const status = statusOf(node)
  const words = short ? shortChangeWords : changeWords
  const changes = node.post.actions.map((action) => words[action]).filter(Boolean).join(', ')
  switch (status) {
    case 'new':
      return 'New post'
    case 'deleted':
      return side === 'CURRENT' ? 'To be deleted' : 'Deleted'
    case 'changed':
      return `${side === 'CURRENT' ? 'Will change' : 'Changed'}: ${changes}`
    case 'context':
      return 'Not part of the restructure'
    default:
      return 'No change'
  }
}

export function formatFte(fte: number): string {
  return `${fte.toLocaleString('en-GB', { maximumFractionDigits: 2 })} FTE`
}

function sideOf(node: OrgChartNode, side: StructureSide): OrgChartSide | null | undefined {
  return side === 'CURRENT' ? node.post.current : node.post.proposed
}

/** "1.9 FTE, 2 posts". */
function sizeText(values: OrgChartSide): string {
  return `${formatFte(values.fte)}, ${plural(values.headcount, 'post')}`
}

interface TreeNode {
  node: OrgChartNode
  children: TreeNode[]
  depth: number
  x: number
}

/** Rebuilds the tree from the depth-first list; a parent that is not on this side makes a root. */
export function buildTree(nodes: OrgChartNode[]): TreeNode[] {
  const byId = new Map<string, TreeNode>()
  const roots: TreeNode[] = []
  for (const node of nodes) {
    const tree: TreeNode = { node, children: [], depth: 0, x: 0 }
    const parent = node.parentId ? byId.get(node.parentId) : undefined
    if (parent) {
      tree.depth = parent.depth + 1
      parent.children.push(tree)
    } else {
      roots.push(tree)
    }
    // A post appears once per side; if the API ever repeated one, keep the first.
    if (!byId.has(node.post.id)) byId.set(node.post.id, tree)
  }
  return roots
}

/**
 * A simple tidy tree: leaves take consecutive slots from left to right, and each parent is
 * centred over its first and last child. Returns the number of slots used.
 */
export function layout(roots: TreeNode[]): number {
  let next = 0
  const place = (tree: TreeNode) => {
    if (tree.children.length === 0) {
      tree.x = next++
      return
    }
    tree.children.forEach(place)
    tree.x = (tree.children[0].x + tree.children[tree.children.length - 1].x) / 2
  }
  roots.forEach(place)
  return next
}

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) {
        lines.push(line)
        line = ''
      }
      lines.push(word.slice(0, width - 1) + '-')
      word = word.slice(width - 1)
    }
    if (!line) line = word
    else if (line.length + 1 + word.length <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  return lines
}

const BOX_WIDTH = 184
const GAP_X = 16
const GAP_Y = 40
const LINE_HEIGHT = 16
const PADDING = 10
const MARGIN = 4
const CHARS_PER_LINE = 24

const lineClass = { title: 'app-org-chart__title', detail: 'app-org-chart__grade', status: 'app-org-chart__status' }

interface Box {
  tree: TreeNode
  x: number
  y: number
  lines: { text: string; kind: 'title' | 'detail' | 'status' }[]
}

function flatten(roots: TreeNode[]): TreeNode[] {
  const all: TreeNode[] = []
  const walk = (tree: TreeNode) => {
    all.push(tree)
    tree.children.forEach(walk)
  }
  roots.forEach(walk)
  return all
}

function boxLines(node: OrgChartNode, side: StructureSide): Box['lines'] {
  const values = sideOf(node, side)
  return [
    ...wrap(node.post.title, CHARS_PER_LINE).map((text) => ({ text, kind: 'title' as const })),
    ...(values
      ? [
          { text: values.grade, kind: 'detail' as const },
          { text: sizeText(values), kind: 'detail' as const },
        ]
      : []),
    ...wrap(statusText(node, side, true), CHARS_PER_LINE + 2).map((text) => ({ text, kind: 'status' as const })),
  ]
}

function Chart({ roots, side, label }: { roots: TreeNode[]; side: StructureSide; label: string }) {
  const slots = layout(roots)
  const trees = flatten(roots)
  const boxesLines = trees.map((tree) => boxLines(tree.node, side))
  const boxHeight = Math.max(...boxesLines.map((lines) => lines.length)) * LINE_HEIGHT + 2 * PADDING
  const depth = Math.max(...trees.map((tree) => tree.depth)) + 1
  const width = slots * (BOX_WIDTH + GAP_X) - GAP_X + 2 * MARGIN
  const height = depth * (boxHeight + GAP_Y) - GAP_Y + 2 * MARGIN
  const position = new Map<TreeNode, { x: number; y: number }>()
  const boxes: Box[] = trees.map((tree, index) => {
    const x = MARGIN + tree.x * (BOX_WIDTH + GAP_X)
    const y = MARGIN + tree.depth * (boxHeight + GAP_Y)
    position.set(tree, { x, y })
    return { tree, x, y, lines: boxesLines[index] }
  })
  const links: string[] = []
  for (const tree of trees) {
    const from = position.get(tree)!
    for (const child of tree.children) {
      const to = position.get(child)!
      const x1 = from.x + BOX_WIDTH / 2
      const y1 = from.y + boxHeight
      const x2 = to.x + BOX_WIDTH / 2
      const middle = y1 + GAP_Y / 2
      links.push(`M${x1} ${y1}V${middle}H${x2}V${to.y}`)
    }
  }
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      {links.map((d) => (
        <path class="app-org-chart__line" d={d} key={d} />
      ))}
      {boxes.map((box) => {
        const status = statusOf(box.tree.node)
        const centre = box.x + BOX_WIDTH / 2
        const textHeight = box.lines.length * LINE_HEIGHT
        const top = box.y + (boxHeight - textHeight) / 2 + LINE_HEIGHT - 4
        return (
          <g key={box.tree.node.post.id}>
            <rect
              class={`app-org-chart__box${status === 'unchanged' ? '' : ` app-org-chart__box--${status}`}`}
              x={box.x}
              y={box.y}
              width={BOX_WIDTH}
              height={boxHeight}
              rx={3}
            />
            <text x={centre} y={top} text-anchor="middle">
              {box.lines.map((line, index) => (
                <tspan
                  x={centre}
                  dy={index === 0 ? 0 : LINE_HEIGHT}
                  key={index}
                  class={lineClass[line.kind]}
                >
                  {line.text}
                </tspan>
              ))}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** The same tree as nested lists, for screen readers (and anyone who prefers reading it). */
function TreeList({ trees, side, top }: { trees: TreeNode[]; side: StructureSide; top?: boolean }) {
  return (
    <ul class={top ? 'govuk-list app-org-chart-list' : 'app-org-chart-list__children'}>
      {trees.map((tree) => {
        const values = sideOf(tree.node, side)
        return (
          <li key={tree.node.post.id}>
            <strong>{tree.node.post.title}</strong>
            {values ? `: ${values.grade}, ${sizeText(values)}` : ''}. {statusText(tree.node, side)}.
            {tree.children.length > 0 && (
              <>
                {' '}
                <span class="govuk-visually-hidden">Reporting to this post:</span>
                <TreeList trees={tree.children} side={side} />
              </>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** The key to the chart's boxes; each kind of box also says what it is in words. */
function Key({ side }: { side: StructureSide }) {
  const items: [Status, string][] = [
    ['unchanged', 'White: no change'],
    side === 'CURRENT' ? ['deleted', 'Red with a dashed border: to be deleted'] : ['new', 'Green: a new post'],
    ['changed', 'Blue: the post changes (the box says how)'],
    ['context', 'Grey: not part of the restructure, shown for context'],
  ]
  return (
    <ul class="govuk-list govuk-body-s app-org-chart-key" aria-hidden="true">
      {items.map(([status, text]) => (
        <li key={status} class="app-org-chart-key__item">
          <svg width="24" height="16" focusable="false" class="app-org-chart-key__swatch">
            <rect
              class={`app-org-chart__box${status === 'unchanged' ? '' : ` app-org-chart__box--${status}`}`}
              x="1"
              y="1"
              width="22"
              height="14"
              rx="2"
            />
          </svg>
          {text}
        </li>
      ))}
    </ul>
  )
}

/**
 * One side's structure: the chart in a focusable box that scrolls sideways on its own, its key,
 * and the same structure as a list under "Show … as a list".
 */
export function OrgChart({ nodes, side, name }: {
  nodes: OrgChartNode[]
  side: StructureSide
  /** How the structure is called in sentences: "the structure now". */
  name: string
}) {
  const box = useRef<HTMLDivElement>(null)
  const roots = buildTree(nodes)
  const slots = layout(roots)
  // A chart wider than its box starts scrolled to the top post, not to the far left.
  const rootX = roots.length === 1 ? roots[0].x : (slots - 1) / 2
  useEffect(() => {
    const element = box.current
    if (!element || element.scrollWidth <= element.clientWidth) return
    element.scrollLeft = MARGIN + rootX * (BOX_WIDTH + GAP_X) + BOX_WIDTH / 2 - element.clientWidth / 2
  }, [rootX])
  if (nodes.length === 0) {
    return <p class="govuk-body">There are no posts in {name}.</p>
  }
  return (
    <div class="app-org-chart-wrapper">
      <div
        ref={box}
        class="app-org-chart"
        role="region"
        tabIndex={0}
        aria-label={`Chart of ${name} (scrolls sideways; the same structure is listed below it)`}
      >
        <Chart roots={roots} side={side} label={`Chart of ${name}`} />
      </div>
      <Key side={side} />
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Show {name} as a list</span>
        </summary>
        <div class="govuk-details__text">
          <TreeList trees={roots} side={side} top />
        </div>
      </details>
    </div>
  )
}
