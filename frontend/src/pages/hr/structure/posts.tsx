// Post lines (domain::structure): the table of every post as it is and as proposed, and the
// page that adds, changes or deletes one.
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { request } from '../../../api/client'
import { useForm } from '../../../form'
import { graphql } from '../../../gql'
import { ChoiceField, errorFor, type FieldError, Select, type SelectOption, Textarea, TextInput, WarningText } from '../../../components/govuk'
import { plural } from '../../../format'
import { Link } from '../../../router'
import { actionLabel } from '../../../labels'
import { byGrade, type Data, FormPrelude, fteText, isStaleVersion, type Notice, NumberInput, parseFte, parseWhole, type Post, type Side } from './shared'

const StructurePageCreatePostDocument = graphql(`
  mutation StructurePageCreatePost($input: CreatePostInput!) {
    createPost(input: $input) { id title version }
  }
`)

const StructurePageUpdatePostDocument = graphql(`
  mutation StructurePageUpdatePost($input: UpdatePostInput!) {
    updatePost(input: $input) { id title version }
  }
`)

const StructurePageDeletePostDocument = graphql(`
  mutation StructurePageDeletePost($input: DeletePostInput!) {
    deletePost(input: $input) { deletedPostId }
  }
`)

/** A side's reporting line, or where it moves to. */
function reportsToText(post: Post): string {
  const now = post.current?.reportsTo?.title
  const then = post.proposed?.reportsTo?.title
  if (!post.current) return then ?? 'Nobody (top)'
  if (!post.proposed) return now ?? 'Nobody (top)'
  if (now === then) return now ?? 'Nobody (top)'
  return `${then ?? 'Nobody (top)'} (now ${now ?? 'nobody'})`
}

function SideCells({ side, missing, vacant }: { side: Side | null | undefined; missing: string; vacant?: number }) {
  if (!side) {
    return (
      <td class="govuk-table__cell app-side-missing" colSpan={3}>
        {missing}
      </td>
    )
  }
  return (
    <>
      <td class="govuk-table__cell app-structure-table__grade">{side.grade}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">
        {fteText(side.fte)}
        {vacant ? <span class="govuk-!-display-block govuk-body-s govuk-!-margin-0">{fteText(vacant)} vacant</span> : null}
      </td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{side.headcount}</td>
    </>
  )
}

export function PostsTable({ posts, path, frozen }: { posts: Post[]; path: string; frozen: boolean }) {
  const inScope = posts.filter((post) => post.inScope)
  const total = (side: 'current' | 'proposed') => {
    const sides = inScope.map((post) => post[side]).filter((s): s is Side => s != null)
    return { fte: sides.reduce((sum, s) => sum + s.fte, 0), headcount: sides.reduce((sum, s) => sum + s.headcount, 0) }
  }
  const before = total('current')
  const after = total('proposed')
  return (
    <div class="app-table-scroll" role="region" aria-label="Posts now and as proposed (scrolls sideways)" tabIndex={0}>
      <table class="govuk-table app-structure-table">
        <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">
          {plural(posts.length, 'post line')}: grade, FTE and number of posts now and as proposed
        </caption>
        <colgroup>
          <col />
          <col span={3} />
          <col span={3} />
          <col />
        </colgroup>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <td class="govuk-table__header" />
            <th scope="colgroup" colSpan={3} class="govuk-table__header app-structure-table__group">Now</th>
            <th scope="colgroup" colSpan={3} class="govuk-table__header app-structure-table__group">Proposed</th>
            <td class="govuk-table__header" />
          </tr>
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Post</th>
            <th scope="col" class="govuk-table__header">Grade</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">FTE</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Posts</th>
            <th scope="col" class="govuk-table__header">Grade</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">FTE</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Posts</th>
            <th scope="col" class="govuk-table__header">Reports to</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {posts.map((post) => (
            <tr class="govuk-table__row" key={post.id}>
              <th scope="row" class="govuk-table__header">
                {frozen ? (
                  post.title
                ) : (
                  <Link href={`${path}?post=${post.id}`}>
                    <span class="govuk-visually-hidden">Change </span>
                    {post.title}
                  </Link>
                )}
                <span class="app-structure-table__changes">
                  {post.inScope ? post.actions.map((action) => actionLabel[action]).join(' · ') : 'Outside the restructure'}
                </span>
                {post.note && <span class="app-structure-table__note">{post.note}</span>}
              </th>
              <SideCells side={post.current} missing="New post" vacant={post.vacantFte} />
              <SideCells side={post.proposed} missing="Deleted" />
              <td class="govuk-table__cell">{reportsToText(post)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">Total in the restructure</th>
            <td class="govuk-table__cell" />
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{fteText(before.fte)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{before.headcount}</td>
            <td class="govuk-table__cell" />
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{fteText(after.fte)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{after.headcount}</td>
            <td class="govuk-table__cell" />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

interface SideForm {
  grade: string
  fte: string
  headcount: string
  reportsToId: string
  jdVersionId: string
}

type Presence = 'BOTH' | 'CURRENT' | 'PROPOSED'

interface PostFormState {
  title: string
  inScope: boolean
  presence: Presence
  current: SideForm
  proposed: SideForm
  note: string
  changeSummary: string
}

const emptySide: SideForm = { grade: '', fte: '1', headcount: '1', reportsToId: '', jdVersionId: '' }

function sideForm(side: Side | null | undefined): SideForm {
  if (!side) return emptySide
  return {
    grade: side.grade,
    fte: fteText(side.fte),
    headcount: String(side.headcount),
    reportsToId: side.reportsTo?.id ?? '',
    jdVersionId: side.jobDescription?.id ?? '',
  }
}

function formOf(post: Post | null): PostFormState {
  return {
    title: post?.title ?? '',
    inScope: post?.inScope ?? true,
    presence: !post || (post.current && post.proposed) ? 'BOTH' : post.current ? 'CURRENT' : 'PROPOSED',
    current: sideForm(post?.current),
    proposed: sideForm(post?.proposed),
    note: post?.note ?? '',
    changeSummary: '',
  }
}

const sideName = { current: 'now', proposed: 'as proposed' } as const

/** The API's field, as the id of the input on the form. */
function postFieldId(field: string | undefined, form: PostFormState): string {
  const has = (side: 'current' | 'proposed') =>
    form.presence === 'BOTH' || (side === 'current' ? form.presence === 'CURRENT' : form.presence === 'PROPOSED')
  const m = field?.match(/^input\.(current|proposed)\.(\w+)$/)
  if (m) {
    const side = m[1] as 'current' | 'proposed'
    if (!has(side)) return 'post-presence'
    const part: Record<string, string> = { grade: 'grade', fte: 'fte', headcount: 'headcount', reportsToId: 'reports-to', jobDescriptionVersionId: 'jd' }
    return `post-${side}-${part[m[2]] ?? 'grade'}`
  }
  if (field === 'input.note') return 'post-note'
  if (field === 'input.inScope') return 'post-in-scope'
  if (field === 'input.changeSummary') return 'post-change-summary'
  if (field === 'input' || field === 'input.current' || field === 'input.proposed') return 'post-presence'
  return 'post-title'
}

export function PostForm({ data, post, path, banner, onDone, onConflict }: {
  data: Data
  post: Post | null
  path: string
  banner: ComponentChildren
  onDone: (notice: Omit<Notice, 'at'>) => void
  onConflict: (notice: Omit<Notice, 'at'>) => void
}) {
  const proposal = data.proposal
  const [form, setForm] = useState<PostFormState>(() => formOf(post))
  const { errors, setErrors, busy, submit: send } = useForm()
  const [confirmDelete, setConfirmDelete] = useState(false)
  const sending = useRef(false)
  const shared = proposal.sharedWithUnionsAt != null
  const hasCurrent = form.presence !== 'PROPOSED'
  const hasProposed = form.presence !== 'CURRENT'

  const gradeOptions: SelectOption[] = [{ value: '', label: 'Choose a grade' }]
  for (const scale of [...data.payScales].sort(byGrade)) gradeOptions.push({ value: scale.grade, label: scale.grade })
  for (const grade of [post?.current?.grade, post?.proposed?.grade]) {
    if (grade && !gradeOptions.some((o) => o.value === grade)) gradeOptions.push({ value: grade, label: `${grade} (no pay scale)` })
  }
  const jdOptions: SelectOption[] = [{ value: '', label: 'None' }]
  for (const jd of proposal.jobDescriptions) {
    for (const version of jd.versions) {
      jdOptions.push({ value: version.id, label: `${jd.title}: version ${version.number} (${version.label})` })
    }
  }
  const reportsToOptions = (side: 'current' | 'proposed'): SelectOption[] => [
    { value: '', label: 'Nobody: it is at the top of the structure' },
    ...proposal.posts.nodes
      .filter((other) => other.id !== post?.id && other[side] != null)
      .map((other) => ({ value: other.id, label: `${other.title} (${other[side]!.grade})` })),
  ]

  const setSide = (side: 'current' | 'proposed', change: Partial<SideForm>) =>
    setForm((f) => ({ ...f, [side]: { ...f[side], ...change } }))

  const validate = (): FieldError[] => {
    const found: FieldError[] = []
    if (!form.title.trim()) found.push({ field: 'post-title', message: 'Enter the job title' })
    for (const side of ['current', 'proposed'] as const) {
      if (side === 'current' ? !hasCurrent : !hasProposed) continue
      const values = form[side]
      const where = sideName[side]
      if (!values.grade) found.push({ field: `post-${side}-grade`, message: `Choose the grade ${where}` })
      if (!values.fte.trim()) found.push({ field: `post-${side}-fte`, message: `Enter the FTE ${where}` })
      else if (parseFte(values.fte) == null) {
        found.push({ field: `post-${side}-fte`, message: `The FTE ${where} must be a number more than 0 with at most two decimals, like 1 or 0.6` })
      }
      const headcount = parseWhole(values.headcount)
      if (!values.headcount.trim()) found.push({ field: `post-${side}-headcount`, message: `Enter the number of posts ${where}` })
      else if (headcount == null || headcount < 1) {
        found.push({ field: `post-${side}-headcount`, message: `The number of posts ${where} must be a whole number, 1 or more` })
      }
    }
    return found
  }

  const sideInput = (side: 'current' | 'proposed') => {
    const values = form[side]
    return {
      grade: values.grade,
      fte: parseFte(values.fte)!,
      headcount: parseWhole(values.headcount)!,
      reportsToId: values.reportsToId || null,
      jobDescriptionVersionId: values.jdVersionId || null,
    }
  }

  const lostRows = (): [string, string][] => {
    const side = (s: SideForm) =>
      `${s.grade || 'no grade'}, ${s.fte} FTE, ${s.headcount} posts${s.reportsToId ? `, reports to ${proposal.posts.nodes.find((p) => p.id === s.reportsToId)?.title ?? ''}` : ''}`
    return [
      ['Job title', form.title],
      ['Now', hasCurrent ? side(form.current) : 'Not in the structure now'],
      ['Proposed', hasProposed ? side(form.proposed) : 'Deleted'],
      ['Note', form.note],
    ]
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (sending.current) return
    const title = form.title.trim()
    const changeSummary = shared && form.changeSummary.trim() ? form.changeSummary.trim() : undefined
    sending.current = true
    await send(
      validate(),
      async () => {
        if (post) {
          await request(StructurePageUpdatePostDocument, {
            input: {
              id: post.id,
              expectedVersion: post.version,
              title,
              inScope: form.inScope,
              current: hasCurrent ? sideInput('current') : null,
              proposed: hasProposed ? sideInput('proposed') : null,
              note: form.note.trim() || null,
              changeSummary,
            },
          })
        } else {
          await request(StructurePageCreatePostDocument, {
            input: {
              proposalId: proposal.id,
              title,
              inScope: form.inScope,
              current: hasCurrent ? sideInput('current') : undefined,
              proposed: hasProposed ? sideInput('proposed') : undefined,
              note: form.note.trim() || undefined,
              changeSummary,
            },
          })
        }
        onDone({ success: true, heading: post ? `${title} saved` : `${title} added`, body: 'The costs and charts below include it.' })
      },
      // Every refusal is placed here: a stale version is told above the form, and any other
      // refusal is put on the field it names, or else on the title.
      (error) => {
        if (isStaleVersion(error)) {
          onConflict({
            heading: 'Someone else changed this post since you opened it',
            body: 'Your changes were not saved. The post as it is now is shown below: make your changes to it again, then save.',
            lost: lostRows(),
          })
        } else if (error.code === 'BAD_USER_INPUT') {
          setErrors([{ field: postFieldId(error.field, form), message: error.message }])
        } else {
          setErrors([{ field: 'post-title', message: error.message }])
        }
        return true
      },
    )
    sending.current = false
  }

  const remove = async () => {
    if (!post || sending.current) return
    sending.current = true
    await send(
      [],
      async () => {
        await request(StructurePageDeletePostDocument, {
          input: { id: post.id, expectedVersion: post.version, changeSummary: shared && form.changeSummary.trim() ? form.changeSummary.trim() : undefined },
        })
        onDone({ success: true, heading: `${post.title} removed`, body: 'It is no longer in either structure.' })
      },
      (error) => {
        if (isStaleVersion(error)) {
          onConflict({ heading: 'Someone else changed this post since you opened it', body: 'It was not removed. Check it as it is now, then remove it again if you still mean to.' })
        } else {
          setConfirmDelete(false)
          setErrors([{ field: 'post-remove', message: error.message }])
        }
        return true
      },
    )
    sending.current = false
  }

  const title = post ? `Change ${post.title}` : 'Add a post'
  return (
    <>
      <FormPrelude back={path} banner={banner} errors={errors} title={`${title}: ${proposal.title}`} caption={`${proposal.title}: structure`} heading={title} />
      <form noValidate onSubmit={submit}>
        <TextInput
          id="post-title"
          label="Job title"
          value={form.title}
          onInput={(value) => setForm((f) => ({ ...f, title: value }))}
          error={errorFor(errors, 'post-title')}
        />
        <ChoiceField
          id="post-presence"
          label="Which structures is it in?"
          choices={[
            { value: 'BOTH', label: 'Both: it exists now and in the proposed structure', hint: 'Its grade, FTE or reporting line may change.' },
            { value: 'CURRENT', label: 'Only now: the proposal deletes it' },
            { value: 'PROPOSED', label: 'Only in the proposed structure: it is a new post' },
          ]}
          values={[form.presence]}
          onChange={(values) => setForm((f) => ({ ...f, presence: values[0] as Presence }))}
          error={errorFor(errors, 'post-presence')}
        />
        {hasCurrent && (
          <SideFields
            side="current"
            legend="The post now"
            values={form.current}
            errors={errors}
            gradeOptions={gradeOptions}
            reportsToOptions={reportsToOptions('current')}
            jdOptions={jdOptions}
            onChange={(change) => setSide('current', change)}
          />
        )}
        {hasProposed && (
          <SideFields
            side="proposed"
            legend="The post as proposed"
            values={form.proposed}
            errors={errors}
            gradeOptions={gradeOptions}
            reportsToOptions={reportsToOptions('proposed')}
            jdOptions={jdOptions}
            onChange={(change) => setSide('proposed', change)}
            copy={
              hasCurrent
                ? () => {
                    // Reporting lines are per side: keep the proposed one unless the current one is also proposed.
                    const reportsTo = proposal.posts.nodes.some((p) => p.id === form.current.reportsToId && p.proposed)
                      ? form.current.reportsToId
                      : form.proposed.reportsToId
                    setSide('proposed', { ...form.current, reportsToId: reportsTo })
                  }
                : undefined
            }
          />
        )}
        <ChoiceField
          id="post-in-scope"
          label="Is it part of the restructure?"
          hint="A post outside it (such as the manager the team reports to) is drawn on the charts for context, but not costed or counted."
          choices={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No, it is shown for context only' },
          ]}
          inline
          values={[form.inScope ? 'yes' : 'no']}
          onChange={(values) => setForm((f) => ({ ...f, inScope: values[0] === 'yes' }))}
          error={errorFor(errors, 'post-in-scope')}
        />
        <Textarea
          id="post-note"
          label="Note (optional)"
          hint="Staff read it in the list of posts. For example: “1 FTE vacant since August. Ring fenced under the 60% rule.”"
          rows={3}
          value={form.note}
          onInput={(value) => setForm((f) => ({ ...f, note: value }))}
          error={errorFor(errors, 'post-note')}
        />
        {shared && (
          <Textarea
            id="post-change-summary"
            label="What changed (optional)"
            hint="The proposal has been shared, so this change makes a new revision. Say what changed and why; if you leave it blank, a summary is written for you."
            rows={2}
            value={form.changeSummary}
            onInput={(value) => setForm((f) => ({ ...f, changeSummary: value }))}
            error={errorFor(errors, 'post-change-summary')}
          />
        )}
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button" aria-disabled={busy ? 'true' : undefined}>
            {post ? 'Save changes' : 'Add post'}
          </button>
          <Link href={path}>Cancel</Link>
        </div>
      </form>
      {post && (
        <div class={`app-danger-zone${errorFor(errors, 'post-remove') ? ' govuk-form-group--error' : ''}`}>
          <h2 class="govuk-heading-m" id="post-remove" tabIndex={-1}>Remove this post line</h2>
          {errorFor(errors, 'post-remove') && (
            <p class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {errorFor(errors, 'post-remove')}
            </p>
          )}
          <p class="govuk-body">
            Only for a line entered by mistake: to show that the proposal deletes a post, choose “Only now” above instead. A post that
            employees hold, or that other posts report to, cannot be removed.
          </p>
          {confirmDelete ? (
            <>
              <WarningText>This removes {post.title} from both structures.</WarningText>
              <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--warning" aria-disabled={busy ? 'true' : undefined} onClick={remove}>
                  Yes, remove {post.title}
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setConfirmDelete(false)}>
                  No, keep it
                </button>
              </div>
            </>
          ) : (
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => setConfirmDelete(true)}>
              Remove post line
            </button>
          )}
        </div>
      )}
    </>
  )
}

function SideFields({ side, legend, values, errors, gradeOptions, reportsToOptions, jdOptions, onChange, copy }: {
  side: 'current' | 'proposed'
  legend: string
  values: SideForm
  errors: FieldError[]
  gradeOptions: SelectOption[]
  reportsToOptions: SelectOption[]
  jdOptions: SelectOption[]
  onChange: (change: Partial<SideForm>) => void
  copy?: () => void
}) {
  const id = (part: string) => `post-${side}-${part}`
  return (
    <fieldset class="govuk-fieldset app-side-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
        <h2 class="govuk-fieldset__heading">{legend}</h2>
      </legend>
      {copy && (
        <p class="govuk-body">
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={copy}>
            Same as now
          </button>
        </p>
      )}
      <Select
        id={id('grade')}
        label="Grade"
        hint="Only grades with a pay scale can be costed. Add a pay scale first if the grade is missing."
        value={values.grade}
        options={gradeOptions}
        onChange={(grade) => onChange({ grade })}
        error={errorFor(errors, id('grade'))}
      />
      <NumberInput
        id={id('fte')}
        label="Full-time equivalent (FTE)"
        hint="All the posts on this line together, for example 1.9 for one full-time and one 0.9 post."
        decimal
        value={values.fte}
        onInput={(fte) => onChange({ fte })}
        error={errorFor(errors, id('fte'))}
      />
      <NumberInput
        id={id('headcount')}
        label="Number of posts"
        width="3"
        value={values.headcount}
        onInput={(headcount) => onChange({ headcount })}
        error={errorFor(errors, id('headcount'))}
      />
      <Select
        id={id('reports-to')}
        label="Reports to"
        value={values.reportsToId}
        options={reportsToOptions}
        onChange={(reportsToId) => onChange({ reportsToId })}
        error={errorFor(errors, id('reports-to'))}
      />
      <Select
        id={id('jd')}
        label="Job description"
        value={values.jdVersionId}
        options={jdOptions}
        onChange={(jdVersionId) => onChange({ jdVersionId })}
        error={errorFor(errors, id('jd'))}
      />
    </fieldset>
  )
}
