// What the structure page's sections share: the page's query and its types, the notice shown
// after a change, and whether the structure can still change.
import { graphql } from '../../../gql'
import type { StructurePageQuery } from '../../../gql/graphql'

export const StructurePageDocument = graphql(`
  query StructurePage($id: ID!) {
    proposal(id: $id) {
      id title status sharedWithUnionsAt
      costs { costBefore costAfter saving }
      posts(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes {
          id title inScope note version actions filledFte vacantFte
          current {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
          proposed {
            grade fte headcount cost
            reportsTo { id title }
            jobDescription { id number label }
          }
        }
      }
      currentChart: orgChart(side: CURRENT) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      proposedChart: orgChart(side: PROPOSED) {
        depth parentId
        post { id title inScope actions current { grade fte headcount } proposed { grade fte headcount } }
      }
      jobDescriptions { id title versions { id number label proposedGrade createdAt } }
    }
    payScales { grade annualCost salary onCostPercent description }
  }
`)

export type Data = StructurePageQuery

export type Proposal = Data['proposal']

export type Post = Proposal['posts']['nodes'][number]

export type Side = NonNullable<Post['current']>

export type PayScale = Data['payScales'][number]

/** What the page says after something happened, shown only at the address it was meant for. */
export interface Notice {
  at: string
  success?: boolean
  heading: string
  body?: string
  lost?: [string, string][]
}

/** Statuses after which the API refuses structure changes. */
const FROZEN = ['DECIDED', 'IMPLEMENTING', 'COMPLETED', 'WITHDRAWN']

export function isFrozen(status: string): boolean {
  return FROZEN.includes(status)
}

/** Grades in a sensible order: "Grade 4" before "Grade 12". */
export function byGrade(a: PayScale, b: PayScale): number {
  return a.grade.localeCompare(b.grade, 'en-GB', { numeric: true })
}
