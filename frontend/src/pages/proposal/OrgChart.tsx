// An org chart of one side of a proposal, drawn as an SVG tree from `orgChart(side:)` (depth
// first), with the same content as a nested list for screen readers and anyone who prefers it.
// The SVG is hidden from assistive technology; it is laid out to fit its box at any width.
import type { PostAction } from '../../gql/graphql'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
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
}

/** Rebuilds the tree from the depth-first list; a parent that is not on this side makes a root. */
export function buildTree(nodes: OrgChartNode[]): TreeNode[] {
  const byId = new Map<string, TreeNode>()
  const roots: TreeNode[] = []
  for (const node of nodes) {
    const tree: TreeNode = { node, children: [], depth: 0 }
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

export const BOX_WIDTH = 184
const GAP_X = 16
const GAP_Y = 32
/** Space between boxes stacked in a column. */
const GAP_STACK = 10
/** How far a stacked column or a wrapped row of children sits right of its parent's edge. */
const INDENT = 20
const LINE_HEIGHT = 16
const PADDING = 10
export const MARGIN = 4
const CHARS_PER_LINE = 24

type LineKind = 'title' | 'detail' | 'status' | 'own'
const lineClass: Record<LineKind, string> = {
  title: 'app-org-chart__title',
  detail: 'app-org-chart__grade',
  status: 'app-org-chart__status',
  own: 'app-org-chart__own',
}

export interface Placed {
  tree: TreeNode
  x: number
  y: number
  height: number
}

export interface ChartLayout {
  boxes: Placed[]
  /** Connector paths, as SVG path data. */
  links: string[]
  width: number
  height: number
}

/**
 * Lays the tree out to fit `maxWidth` pixels where it can. A post whose reports have no
 * reports of their own lists them in a column under it; other reports sit side by side, and
 * wrap into further rows (hung from a line down the left) when a row would be too wide. The
 * narrowest a chart gets is a box plus an indent per level, so it fits a phone.
 */
export function layoutChart(roots: TreeNode[], heightOf: (tree: TreeNode) => number, maxWidth: number): ChartLayout {
  interface Shape {
    width: number
    height: number
    /** Places the subtree with its top-left corner at (left, top). */
    place: (left: number, top: number, out: ChartLayout) => void
  }
  const shape = (tree: TreeNode, limit: number): Shape => {
    const own = heightOf(tree)
    const kids = tree.children
    if (kids.length === 0) {
      return { width: BOX_WIDTH, height: own, place: (left, top, out) => out.boxes.push({ tree, x: left, y: top, height: own }) }
    }
    if (kids.length > 1 && kids.every((kid) => kid.children.length === 0)) {
      // A column of reports under the post, joined by a line down its left.
      const heights = kids.map(heightOf)
      const height = own + heights.reduce((sum, h) => sum + GAP_STACK + h, 0)
      return {
        width: INDENT + BOX_WIDTH,
        height,
        place: (left, top, out) => {
          out.boxes.push({ tree, x: left, y: top, height: own })
          const spine = left + INDENT / 2
          let y = top + own + GAP_STACK
          let last = y
          kids.forEach((kid, index) => {
            out.boxes.push({ tree: kid, x: left + INDENT, y, height: heights[index] })
            last = y + heights[index] / 2
            out.links.push(`M${spine} ${last}H${left + INDENT}`)
            y += heights[index] + GAP_STACK
          })
          out.links.push(`M${spine} ${top + own}V${last}`)
        },
      }
    }
    const oneRow = kids.map((kid) => shape(kid, limit))
    const rowWidth = oneRow.reduce((sum, kid) => sum + kid.width, 0) + GAP_X * (kids.length - 1)
    const wrapped = rowWidth > limit && kids.length > 1
    const shapes = wrapped ? kids.map((kid) => shape(kid, limit - INDENT)) : oneRow
    // Rows of reports, each as wide as fits.
    const rows: Shape[][] = []
    let used = 0
    for (const kid of shapes) {
      const row = rows[rows.length - 1]
      const room = limit - (wrapped ? INDENT : 0)
      if (row && (!wrapped || used + GAP_X + kid.width <= room)) {
        row.push(kid)
        used += GAP_X + kid.width
      } else {
        rows.push([kid])
        used = kid.width
      }
    }
    const widthOf = (row: Shape[]) => row.reduce((sum, kid) => sum + kid.width, 0) + GAP_X * (row.length - 1)
    const heightOfRow = (row: Shape[]) => Math.max(...row.map((kid) => kid.height))
    const blockWidth = Math.max(...rows.map(widthOf)) + (wrapped ? INDENT : 0)
    const width = Math.max(BOX_WIDTH, blockWidth)
    const height = own + rows.reduce((sum, row) => sum + GAP_Y + heightOfRow(row), 0)
    return {
      width,
      height,
      place: (left, top, out) => {
        const blockLeft = left + (width - blockWidth) / 2
        const boxLeft = wrapped ? left : left + (width - BOX_WIDTH) / 2
        out.boxes.push({ tree, x: boxLeft, y: top, height: own })
        const parentX = boxLeft + BOX_WIDTH / 2
        const spine = blockLeft + INDENT / 2
        let rowTop = top + own + GAP_Y
        let lastBus = rowTop - GAP_Y / 2
        rows.forEach((row, index) => {
          const bus = rowTop - GAP_Y / 2
          let x = blockLeft + (wrapped ? INDENT : 0)
          const centres: number[] = []
          for (const kid of row) {
            // Each subtree places its own post first.
            const first = out.boxes.length
            kid.place(x, rowTop, out)
            const centre = out.boxes[first].x + BOX_WIDTH / 2
            centres.push(centre)
            out.links.push(`M${centre} ${bus}V${rowTop}`)
            x += kid.width + GAP_X
          }
          const from = wrapped ? spine : Math.min(parentX, ...centres)
          const to = Math.max(wrapped ? spine : parentX, ...centres)
          out.links.push(`M${from} ${bus}H${to}`)
          if (index === 0) out.links.push(`M${parentX} ${top + own}V${bus}${wrapped ? `H${spine}` : ''}`)
          lastBus = bus
          rowTop += heightOfRow(row) + GAP_Y
        })
        if (wrapped) out.links.push(`M${spine} ${top + own + GAP_Y / 2}V${lastBus}`)
      },
    }
  }
  const out: ChartLayout = { boxes: [], links: [], width: 0, height: 0 }
  const limit = Math.max(BOX_WIDTH, maxWidth - 2 * MARGIN)
  let top = MARGIN
  for (const root of roots) {
    const rootShape = shape(root, limit)
    rootShape.place(MARGIN, top, out)
    out.width = Math.max(out.width, rootShape.width + 2 * MARGIN)
    top += rootShape.height + GAP_Y
  }
  out.height = top - GAP_Y + MARGIN
  return out
}

function boxLines(node: OrgChartNode, side: StructureSide, own: boolean): { text: string; kind: LineKind }[] {
  const values = sideOf(node, side)
  return [
    ...(own ? [{ text: 'Your post', kind: 'own' as const }] : []),
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

function Chart({ layout, side, label, ownPosts, zoom }: {
  layout: ChartLayout
  side: StructureSide
  label: string
  ownPosts: Set<string>
  zoom: number
}) {
  const { width, height } = layout
  return (
    <svg
      width={Math.ceil(width * zoom)}
      height={Math.ceil(height * zoom)}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      {layout.links.map((d, index) => (
        <path class="app-org-chart__line" d={d} key={index} />
      ))}
      {layout.boxes.map((box) => {
        const status = statusOf(box.tree.node)
        const own = ownPosts.has(box.tree.node.post.id)
        const lines = boxLines(box.tree.node, side, own)
        const centre = box.x + BOX_WIDTH / 2
        const top = box.y + PADDING + LINE_HEIGHT - 4
        return (
          <g key={box.tree.node.post.id} data-post={box.tree.node.post.id}>
            <rect
              class={`app-org-chart__box${status === 'unchanged' ? '' : ` app-org-chart__box--${status}`}${own ? ' app-org-chart__box--own' : ''}`}
              x={box.x}
              y={box.y}
              width={BOX_WIDTH}
              height={box.height}
              rx={3}
            />
            <text x={centre} y={top} text-anchor="middle">
              {lines.map((line, index) => (
                <tspan x={centre} dy={index === 0 ? 0 : LINE_HEIGHT} key={index} class={lineClass[line.kind]}>
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
function TreeList({ trees, side, ownPosts, top }: { trees: TreeNode[]; side: StructureSide; ownPosts: Set<string>; top?: boolean }) {
  return (
    <ul class={top ? 'govuk-list app-org-chart-list' : 'app-org-chart-list__children'}>
      {trees.map((tree) => {
        const values = sideOf(tree.node, side)
        return (
          <li key={tree.node.post.id}>
            <strong>{tree.node.post.title}</strong>
            {ownPosts.has(tree.node.post.id) ? ' (your post)' : ''}
            {values ? `: ${values.grade}, ${sizeText(values)}` : ''}. {statusText(tree.node, side)}.
            {tree.children.length > 0 && (
              <>
                {' '}
                <span class="govuk-visually-hidden">Reporting to this post:</span>
                <TreeList trees={tree.children} side={side} ownPosts={ownPosts} />
              </>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** The key to the chart's boxes; each kind of box also says what it is in words. */
function Key({ side, own }: { side: StructureSide; own: boolean }) {
  const items: [Status | 'own', string][] = [
    ['unchanged', 'White: no change'],
    side === 'CURRENT' ? ['deleted', 'Red with a dashed border: to be deleted'] : ['new', 'Green: a new post'],
    ['changed', 'Blue: the post changes (the box says how)'],
    ['context', 'Grey: not part of the restructure, shown for context'],
    ...(own ? [['own', 'Thick black border: your post'] as [Status | 'own', string]] : []),
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

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5]
/** The width laid out for before the page has been measured (the GOV.UK column at desktop). */
const DEFAULT_WIDTH = 960

/**
 * One side's structure: the chart laid out to fit its box, opened at the top post, with zoom
 * buttons (and + and - keys while the chart has focus); its key; and the same structure as a
 * list under "Show … as a list". The viewer's own posts are marked in words as well as outline.
 */
export function OrgChart({ nodes, side, name, ownPostIds = [] }: {
  nodes: OrgChartNode[]
  side: StructureSide
  /** How the structure is called in sentences: "the structure now". */
  name: string
  /** The signed-in person's posts on this side, marked "Your post". */
  ownPostIds?: string[]
}) {
  const box = useRef<HTMLDivElement>(null)
  const [available, setAvailable] = useState(DEFAULT_WIDTH)
  const [zoomIndex, setZoomIndex] = useState(ZOOMS.indexOf(1))
  const zoom = ZOOMS[zoomIndex]
  useLayoutEffect(() => {
    const element = box.current
    if (!element) return
    const measure = () => {
      const style = getComputedStyle(element)
      const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      if (inner > 0) setAvailable(Math.floor(inner))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  const roots = useMemo(() => buildTree(nodes), [nodes])
  const ownPosts = useMemo(() => new Set(ownPostIds), [ownPostIds.join(' ')])
  // Zooming in lays the chart out again for the room it then has, so it still fits across.
  const chart = useMemo(
    () => layoutChart(roots, (tree) => boxLines(tree.node, side, ownPosts.has(tree.node.post.id)).length * LINE_HEIGHT + 2 * PADDING, available / zoom),
    [roots, side, ownPosts, available, zoom],
  )
  // A chart wider than its box (zoomed in on a phone) opens at the top post.
  useEffect(() => {
    const element = box.current
    const top = chart.boxes[0]
    if (!element || !top) return
    element.scrollLeft = Math.max(0, (top.x + BOX_WIDTH / 2) * zoom - element.clientWidth / 2)
    element.scrollTop = 0
  }, [chart, zoom])
  if (nodes.length === 0) {
    return <p class="govuk-body">There are no posts in {name}.</p>
  }
  const zoomTo = (index: number) => setZoomIndex(Math.min(ZOOMS.length - 1, Math.max(0, index)))
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === '+' || event.key === '=') zoomTo(zoomIndex + 1)
    else if (event.key === '-') zoomTo(zoomIndex - 1)
    else if (event.key === '0') zoomTo(ZOOMS.indexOf(1))
    else return
    event.preventDefault()
  }
  return (
    <div class="app-org-chart-wrapper">
      <div class="app-org-chart-zoom" role="group" aria-label={`Zoom the chart of ${name}`}>
        <button type="button" class="govuk-button govuk-button--secondary app-org-chart-zoom__button" onClick={() => zoomTo(zoomIndex - 1)} disabled={zoomIndex === 0}>
          Zoom out<span class="govuk-visually-hidden"> of the chart of {name}</span>
        </button>
        <button type="button" class="govuk-button govuk-button--secondary app-org-chart-zoom__button" onClick={() => zoomTo(zoomIndex + 1)} disabled={zoomIndex === ZOOMS.length - 1}>
          Zoom in<span class="govuk-visually-hidden"> to the chart of {name}</span>
        </button>
        <button type="button" class="govuk-button govuk-button--secondary app-org-chart-zoom__button" onClick={() => zoomTo(ZOOMS.indexOf(1))} disabled={zoom === 1}>
          Actual size<span class="govuk-visually-hidden"> of the chart of {name}</span>
        </button>
        <span class="govuk-body-s app-org-chart-zoom__level" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
      </div>
      <div
        ref={box}
        class="app-org-chart"
        role="region"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label={`Chart of ${name} (+ and - zoom; the same structure is listed below it)`}
      >
        <Chart layout={chart} side={side} label={`Chart of ${name}`} ownPosts={ownPosts} zoom={zoom} />
      </div>
      <Key side={side} own={ownPosts.size > 0} />
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Show {name} as a list</span>
        </summary>
        <div class="govuk-details__text">
          <TreeList trees={roots} side={side} ownPosts={ownPosts} top />
        </div>
      </details>
    </div>
  )
}
