// A case of the individual stage in the words of the person it is about: where it stands and
// what happens next. HR's own wording (Case.nextAction) is written for HR ("Decide how to place
// them"), so the employee's is here. Nothing here decides anything: the rules are the server's.
import type { CaseState } from '../../gql/graphql'

/** A short label and a GOV.UK tag colour for each state. */
export const caseStateLabel: Record<CaseState, [string, string]> = {
  AT_RISK: ['At risk of redundancy', 'orange'],
  SLOTTED_IN: ['Slotted in to a new post', 'green'],
  IN_SELECTION_POOL: ['In a selection pool', 'blue'],
  REDEPLOYMENT: ['Looking for another post', 'purple'],
  OFFERED: ['Offered a post', 'turquoise'],
  ACCEPTED: ['Offer accepted', 'green'],
  DECLINED: ['Offer declined', 'grey'],
  TRIAL_PERIOD: ['In a trial period', 'light-blue'],
  CONFIRMED: ['Confirmed in a new post', 'green'],
  TRIAL_ENDED: ['Trial period ended', 'orange'],
  NOTICE_GIVEN: ['Under notice of redundancy', 'red'],
  LEFT: ['Employment ended', 'grey'],
  WITHDRAWN: ['No longer at risk', 'green'],
}

/** What the facts of the case let the page say. */
export interface SituationFacts {
  /** The new post, for a slot-in. */
  post?: string
  /** The pool, for a selection. */
  pool?: { name: string; postsToFill: number; memberCount: number }
  /** The day the trial started (ERA 1996 s138(3)). */
  trialStartsOn?: string
  /** Notice: the day given and the last day of service. */
  notice?: { givenOn?: string; lastDay?: string }
  /** HR has published the pool's outcome (the case moves on when HR takes the next step). */
  selectionPublished?: boolean
  /** Why the case was withdrawn. */
  withdrawnReason?: string
  /** The day the last step took effect. */
  since?: string
}

export interface SituationWords {
  /** Where the case stands, one or two sentences. */
  now: string[]
  /** What happens next. */
  next: string[]
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * The plain words for a state. Dates are formatted by the caller (`date`). Where the law is
 * mentioned it is named, never paraphrased into a promise: the letters HR issues are what
 * bind, and the page points to them.
 */
export function situationWords(state: CaseState, facts: SituationFacts, date: (d: string) => string): SituationWords {
  switch (state) {
    case 'AT_RISK':
      return {
        now: [
          'Your post is at risk of redundancy because of the restructure. Nothing has been decided about you yet.',
        ],
        next: [
          'HR will meet you at an individual consultation meeting to talk about your situation and any ideas you have, including other jobs you would consider.',
          'After that, HR decides whether you are slotted in to a post in the new structure, compete for posts in a selection pool, or are helped to find another suitable job.',
        ],
      }
    case 'SLOTTED_IN':
      return {
        now: [
          facts.post
            ? `You have been slotted in to the post of ${facts.post} in the new structure. You do not need to apply or compete for it.`
            : 'You have been slotted in to a post in the new structure. You do not need to apply or compete for it.',
        ],
        next: ['You do not need to do anything. HR will write to you to confirm the post and when it starts.'],
      }
    case 'IN_SELECTION_POOL': {
      const pool = facts.pool
      return {
        now: [
          pool
            ? `You are in a selection pool, the ${pool.name}: ${plural(pool.memberCount, 'person', 'people')} for ${plural(pool.postsToFill, 'post')}.`
            : 'You are in a selection pool for posts in the new structure.',
        ],
        next: facts.selectionPublished
          ? [
              'HR has published the outcome of the selection: your scores are below. HR will write to you about what it means for you and what happens next.',
            ]
          : [
              'Two assessors score everyone in the pool against the same criteria. HR checks the scores and agrees any differences between the assessors.',
              'When HR publishes the outcome, you will see your own scores and your place in the pool on this page, and HR will write to you.',
            ],
      }
    }
    case 'REDEPLOYMENT':
      return {
        now: ['You have not been placed in a post in the new structure. You are in redeployment: HR is looking for another suitable job for you.'],
        next: [
          'HR will tell you about suitable vacancies. If you are offered a job, you will get a letter and can accept or decline it.',
          'Tell HR about any job you would like to be considered for.',
        ],
      }
    case 'OFFERED':
      return {
        now: ['You have been offered a post. It is described under “Your offer” below.'],
        next: ['Read the offer and give HR your answer below by the date it gives. If you decline, say why.'],
      }
    case 'ACCEPTED':
      return {
        now: ['You have accepted the offer of a post.'],
        next: [
          'If the new post is different from your old one, you will have a trial period of 4 weeks from the day you start it (Employment Rights Act 1996, section 138). HR will confirm the start date.',
        ],
      }
    case 'DECLINED':
      return {
        now: ['You declined the offer of a post.'],
        next: [
          'HR will consider whether another post can be offered. If no suitable post is found, HR may give you notice of redundancy.',
          'If HR believes the post was suitable and you refused it unreasonably, you could lose your redundancy payment (Employment Rights Act 1996, section 141). That is HR’s judgement, recorded as such, and HR will tell you if it takes that view.',
        ],
      }
    case 'TRIAL_PERIOD':
      return {
        now: [
          facts.trialStartsOn
            ? `You are in a trial period in your new post. It began on ${date(facts.trialStartsOn)}.`
            : 'You are in a trial period in your new post.',
        ],
        next: [
          'The trial period lasts 4 weeks from the day you started the post (Employment Rights Act 1996, section 138). Before it ends, you and your manager review how it has gone.',
          'If you decide the post is not right for you, tell HR before the trial period ends.',
        ],
      }
    case 'CONFIRMED':
      return {
        now: ['Your trial period is over and you have kept your new post.'],
        next: ['You do not need to do anything.'],
      }
    case 'TRIAL_ENDED':
      return {
        now: ['Your trial period ended without you keeping the post.'],
        next: ['HR will consider another post for you. If none is suitable, HR may give you notice of redundancy.'],
      }
    case 'NOTICE_GIVEN': {
      const last = facts.notice?.lastDay
      return {
        now: [
          last
            ? `You have been given notice of dismissal by reason of redundancy. Your last day of service is ${date(last)}.`
            : 'You have been given notice of dismissal by reason of redundancy.',
        ],
        next: [
          'HR will keep telling you about suitable vacancies until your last day.',
          'Your notice, any time off to look for work, your redundancy pay and how to appeal are set out below.',
        ],
      }
    }
    case 'LEFT':
      return {
        now: [facts.since ? `Your employment ended. Your last day was ${date(facts.since)}.` : 'Your employment ended.'],
        next: ['You do not need to do anything. Keep your letters: they record your notice and redundancy pay.'],
      }
    case 'WITHDRAWN':
      return {
        now: [
          'You are no longer at risk of redundancy.',
          ...(facts.withdrawnReason ? [`HR’s reason: ${facts.withdrawnReason}`] : []),
        ],
        next: ['You do not need to do anything.'],
      }
  }
}

/** One step of the history, in words. */
export function historyWords(step: string, to: CaseState): string {
  switch (step) {
    case 'OPEN':
      return 'Your case was opened: your post is at risk of redundancy.'
    case 'REOPEN_AFTER_APPEAL':
      return `Your appeal was upheld: your case was reopened (${caseStateLabel[to][0].toLowerCase()}).`
    case 'SLOT_IN':
      return 'You were slotted in to a post in the new structure.'
    case 'PLACE_IN_SELECTION_POOL':
      return 'You were placed in a selection pool.'
    case 'MOVE_TO_REDEPLOYMENT':
      return 'You moved to redeployment.'
    case 'MAKE_OFFER':
      return 'You were offered a post.'
    case 'ACCEPT':
      return 'You accepted the offer.'
    case 'DECLINE':
      return 'You declined the offer.'
    case 'START_TRIAL':
      return 'Your trial period began.'
    case 'CONFIRM_TRIAL':
      return 'You were confirmed in the new post.'
    case 'END_TRIAL':
      return 'Your trial period ended.'
    case 'GIVE_NOTICE':
      return 'You were given notice of redundancy.'
    case 'LEAVE':
      return 'Your employment ended.'
    case 'WITHDRAW':
      return 'You were told you are no longer at risk.'
    default:
      return caseStateLabel[to][0]
  }
}
