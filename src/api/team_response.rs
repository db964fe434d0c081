//! Team responses over GraphQL (issue 20): staff respond as a group, signed by name, and
//! unions endorse them.

use super::{ApiState, auth::viewer, parse_id, proposal::load_visible};
use crate::domain::{DomainError, access::ProposalView, joint_response};
use crate::store::{self, team_responses::TeamResponseRecord};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// A response written by staff as a group.
pub struct TeamResponse {
    record: TeamResponseRecord,
    /// The viewer's user id, to tell them whether they are a member and have signed.
    viewer_id: uuid::Uuid,
}

/// A colleague named on a team response.
#[derive(SimpleObject)]
pub struct TeamMember {
    /// Their name.
    pub name: String,
    /// Whether they have signed.
    pub signed: bool,
    /// When.
    pub signed_at: Option<DateTime<Utc>>,
}

/// A union's support for a team response.
#[derive(SimpleObject)]
pub struct TeamResponseEndorsement {
    /// The union.
    pub union_name: String,
    /// What it says, e.g. "We support the attached response."
    pub statement: String,
    /// When.
    pub endorsed_at: DateTime<Utc>,
}

/// A response written by staff as a group, submitted with its signatories.
#[Object]
impl TeamResponse {
    /// Opaque identifier.
    async fn id(&self) -> ID {
        ID(self.record.id.to_string())
    }
    /// Increases with every change; send it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.record.version
    }
    /// The team, as its members name it.
    async fn team_name(&self) -> &str {
        &self.record.team_name
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.record.title
    }
    /// The response.
    async fn body(&self) -> &str {
        &self.record.body
    }
    /// Whether it has been submitted.
    async fn submitted(&self) -> bool {
        self.record.submitted
    }
    /// When.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.record.submitted_at
    }
    /// The colleagues who signed it, by name: a team response is not confidential.
    async fn signatories(&self) -> Vec<String> {
        self.record
            .members
            .iter()
            .filter(|m| m.signed_at.is_some())
            .map(|m| m.name.clone())
            .collect()
    }
    /// Everyone asked to sign it and whether they have: for its members only (empty for
    /// others, who see only `signatories`).
    async fn members(&self) -> Vec<TeamMember> {
        if !self.record.is_member(self.viewer_id) {
            return Vec::new();
        }
        self.record
            .members
            .iter()
            .map(|m| TeamMember {
                name: m.name.clone(),
                signed: m.signed_at.is_some(),
                signed_at: m.signed_at,
            })
            .collect()
    }
    /// You are named on it.
    async fn viewer_is_member(&self) -> bool {
        self.record.is_member(self.viewer_id)
    }
    /// You have signed it.
    async fn viewer_has_signed(&self) -> bool {
        self.record
            .members
            .iter()
            .any(|m| m.user_id == self.viewer_id && m.signed_at.is_some())
    }
    /// What signing means, shown before anyone signs: a team response is not confidential.
    async fn notice(&self) -> &'static str {
        joint_response::TEAM_RESPONSE_NOTICE
    }
    /// The unions that endorsed it.
    async fn endorsements(&self) -> Vec<TeamResponseEndorsement> {
        self.record
            .endorsements
            .iter()
            .map(|e| TeamResponseEndorsement {
                union_name: e.union_name.clone(),
                statement: e.statement.clone(),
                endorsed_at: e.endorsed_at,
            })
            .collect()
    }
}

/// A team response to draft or change (while nobody has signed it).
#[derive(InputObject)]
pub struct SaveTeamResponseInput {
    /// The proposal.
    pub proposal_id: ID,
    /// The team response to change; omit to start one (you are its first member).
    pub id: Option<ID>,
    /// The `version` you last saw (0 or omitted for a new one).
    pub expected_version: Option<i32>,
    /// The team, e.g. "SEN Casework Team".
    pub team_name: String,
    /// Title.
    pub title: String,
    /// The response.
    pub body: String,
    /// The work email addresses of the colleagues asked to sign it (each is emailed once).
    pub member_emails: Vec<String>,
}

/// Your signature on a team response.
#[derive(InputObject)]
pub struct SignTeamResponseInput {
    /// The team response.
    pub id: ID,
    /// The `version` you last saw.
    pub expected_version: i32,
    /// Then submit it, with the members who have signed.
    pub submit: Option<bool>,
}

/// Your union's support for a submitted team response.
#[derive(InputObject)]
pub struct EndorseTeamResponseInput {
    /// The team response.
    pub id: ID,
    /// What your union says (default "We support the attached response.").
    pub statement: Option<String>,
}

#[derive(Default)]
pub struct TeamResponseMutation;

#[Object]
impl TeamResponseMutation {
    /// Drafts or changes a team response. Staff the proposal affects only; the colleagues
    /// named are asked by email to sign it. Its wording is fixed once anyone signs.
    async fn save_team_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The team response.")] input: SaveTeamResponseInput,
    ) -> async_graphql::Result<TeamResponse> {
        let viewer = viewer(ctx)?;
        let proposal = load_visible(ctx, parse_id(&input.proposal_id, "input.proposalId")?).await?;
        joint_response::may_write_team_response(proposal.view)?;
        let id = input
            .id
            .as_ref()
            .map(|id| parse_id(id, "input.id"))
            .transpose()?;
        let draft =
            joint_response::TeamResponseDraft::parse(&input.team_name, &input.title, &input.body)?;
        let members = joint_response::member_emails(&input.member_emails, &viewer.email)?;
        let record = store::team_responses::save(
            &ApiState::of(ctx).store,
            viewer,
            proposal.record.id,
            id,
            input.expected_version,
            draft,
            members,
            store::s188::today(),
        )
        .await?;
        Ok(TeamResponse {
            record,
            viewer_id: viewer.user_id,
        })
    }

    /// Signs a team response you are named on; with `submit`, then submits it with the
    /// members who have signed.
    async fn sign_team_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The team response.")] input: SignTeamResponseInput,
    ) -> async_graphql::Result<TeamResponse> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let proposal = visible_proposal_of(ctx, id).await?;
        joint_response::may_write_team_response(proposal.view)?;
        let record = store::team_responses::sign(
            &ApiState::of(ctx).store,
            viewer,
            id,
            input.expected_version,
            input.submit.unwrap_or(false),
            store::s188::today(),
        )
        .await?;
        Ok(TeamResponse {
            record,
            viewer_id: viewer.user_id,
        })
    }

    /// Records your union's support for a submitted team response, once per union: shown on
    /// the team response and on your union's own response.
    async fn endorse_team_response(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The team response.")] input: EndorseTeamResponseInput,
    ) -> async_graphql::Result<TeamResponse> {
        let viewer = viewer(ctx)?;
        let id = parse_id(&input.id, "input.id")?;
        let found = store::team_responses::find(ApiState::of(ctx).store.conn(), id).await?;
        let proposal = visible_proposal_of(ctx, id).await?;
        let union = joint_response::may_endorse(
            proposal.view,
            viewer.union.as_deref(),
            found.is_some_and(|r| r.submitted),
        )?;
        let statement = joint_response::endorsement_statement(input.statement.as_deref())?;
        let record =
            store::team_responses::endorse(&ApiState::of(ctx).store, viewer, union, id, statement)
                .await?;
        Ok(TeamResponse {
            record,
            viewer_id: viewer.user_id,
        })
    }
}

/// The proposal of a team response the viewer may see (`NOT_FOUND` otherwise, whether it
/// does not exist or is a draft of others).
async fn visible_proposal_of(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> async_graphql::Result<super::proposal::Proposal> {
    let viewer = viewer(ctx)?;
    let not_found =
        || DomainError::NotFound("There is no team response with that id that you can see.".into());
    let record = store::team_responses::find(ApiState::of(ctx).store.conn(), id)
        .await?
        .ok_or_else(not_found)?;
    let proposal = load_visible(ctx, record.proposal_id)
        .await
        .map_err(|_| not_found())?;
    if !joint_response::sees_team_response(
        proposal.view,
        record.is_member(viewer.user_id),
        record.submitted,
    ) {
        return Err(not_found().into());
    }
    Ok(proposal)
}

impl super::proposal::Proposal {
    /// The team responses the viewer may read.
    pub async fn team_responses_of(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<TeamResponse>> {
        let viewer = viewer(ctx)?;
        let view: ProposalView = self.view;
        Ok(
            store::team_responses::of_proposal(ApiState::of(ctx).store.conn(), self.record.id)
                .await?
                .into_iter()
                .filter(|r| {
                    joint_response::sees_team_response(
                        view,
                        r.is_member(viewer.user_id),
                        r.submitted,
                    )
                })
                .map(|record| TeamResponse {
                    record,
                    viewer_id: viewer.user_id,
                })
                .collect(),
        )
    }
}
