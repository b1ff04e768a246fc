//! The account as it is: the JSON of `aws iam get-account-authorization-details` (whole, or
//! filtered) or of `aws iam list-entities-for-policy`, read into the roles, users and groups
//! that carry the old policy, and a report of what the move does to each role.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde_json::Value;

use crate::catalog::{LEGACY_POLICY, ManagedPolicy, Partition};
use crate::denial::matches;
use crate::plan::{Part, Plan};
use reader::{MAX_DEPTH, ReadError, Reader, line_and_column};

mod reader;

/// The most text read: a large account's full export.
pub const MAX_ESTATE_BYTES: usize = 64 * 1024 * 1024;

/// Which command's output was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `get-account-authorization-details`: every role's policies, profiles and boundary.
    AuthorizationDetails,
    /// `list-entities-for-policy`: the names of what carries one policy, nothing more.
    EntitiesForPolicy,
}

/// A role of the import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Role {
    /// Its name.
    pub name: String,
    /// Its ARN, when the import gives it.
    pub arn: Option<String>,
    /// The ARNs of its attached managed policies; `None` when the import does not say.
    pub attached: Option<Vec<String>>,
    /// Its instance profiles' names; `None` when the import does not say.
    pub instance_profiles: Option<Vec<String>>,
    /// Its permissions boundary's ARN.
    pub boundary: Option<String>,
    /// When it was last used, as the import writes it.
    pub last_used: Option<String>,
}

/// A user or group of the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Its name.
    pub name: String,
    /// The ARNs of its attached managed policies; `None` when the import does not say.
    pub attached: Option<Vec<String>>,
    /// Its permissions boundary's ARN (users only).
    pub boundary: Option<String>,
}

/// What the import holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Estate {
    /// Which command wrote it; `None` for an empty estate.
    pub source: Option<Source>,
    /// The roles, shared with the report's rows: a large account has thousands.
    pub roles: Vec<Rc<Role>>,
    /// The users.
    pub users: Vec<Principal>,
    /// The groups.
    pub groups: Vec<Principal>,
    /// The default version of each policy document the import holds, by ARN.
    pub documents: BTreeMap<String, Value>,
    /// Whether the command said there was more (`IsTruncated`).
    pub truncated: bool,
}

/// Why an import cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstateError {
    /// Nothing pasted.
    #[error(
        "paste the JSON output of aws iam get-account-authorization-details or aws iam list-entities-for-policy"
    )]
    Empty,
    /// Too large.
    #[error("the import has {0} bytes; at most 64 MB is read")]
    TooLong(usize),
    /// Not JSON.
    #[error("not JSON: {0}; paste the command's whole output")]
    NotJson(String),
    /// JSON of something else.
    #[error(
        "this JSON is not the output of get-account-authorization-details (RoleDetailList) or list-entities-for-policy (PolicyRoles)"
    )]
    Foreign,
    /// JSON whose values are not of the types the command writes.
    #[error("the export does not have the shape the command writes: {0}")]
    Shape(String),
    /// A list of the right name whose entries are not what the command writes.
    #[error("{list}[{index}] has no {key}: is the output complete?")]
    Malformed {
        /// The list.
        list: &'static str,
        /// The entry's position.
        index: usize,
        /// The missing key.
        key: &'static str,
    },
}

/// A policy document as the import holds it: JSON, or JSON percent-encoded as the API
/// returns it.
fn document(value: &Value) -> Option<Value> {
    match value {
        Value::Object(_) => Some(value.clone()),
        Value::String(text) => {
            let decoded = percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .ok()?;
            serde_json::from_str(&decoded).ok()
        }
        _ => None,
    }
}

// The command's output as the report needs it: only the keys it uses, each optional, so a
// filtered export (or one from a newer CLI with more keys) reads as well.
#[derive(Default)]
struct Export<'a> {
    role_detail_list: Option<Vec<RoleDetail>>,
    user_detail_list: Option<Vec<PrincipalDetail>>,
    group_detail_list: Option<Vec<PrincipalDetail>>,
    policies: Option<Vec<PolicyDetail<'a>>>,
    policy_roles: Option<Vec<Option<String>>>,
    policy_users: Option<Vec<Option<String>>>,
    policy_groups: Option<Vec<Option<String>>>,
    is_truncated: Option<bool>,
    // NextToken or Marker: the token of the next page.
    next_page: bool,
}

#[derive(Default)]
struct RoleDetail {
    role_name: Option<String>,
    arn: Option<String>,
    attached: Option<Vec<Option<String>>>,
    instance_profiles: Option<Vec<Option<String>>>,
    boundary: Option<String>,
    last_used: Option<String>,
}

#[derive(Default)]
struct PrincipalDetail {
    name: Option<String>,
    attached: Option<Vec<Option<String>>>,
    boundary: Option<String>,
}

#[derive(Default)]
struct PolicyDetail<'a> {
    arn: Option<String>,
    // Each version's document (its JSON text) and whether it is the default one.
    versions: Option<Vec<(Option<&'a str>, Option<bool>)>>,
}

fn read_export(text: &str) -> Result<Export<'_>, ReadError> {
    let mut export = Export::default();
    let mut r = Reader::new(text);
    r.object(|r, key| {
        match &*key {
            "RoleDetailList" => export.role_detail_list = r.list(read_role)?,
            "UserDetailList" => {
                export.user_detail_list = r.list(|r| read_principal(r, "UserName"))?
            }
            "GroupDetailList" => {
                export.group_detail_list = r.list(|r| read_principal(r, "GroupName"))?;
            }
            "Policies" => export.policies = r.list(read_policy)?,
            "PolicyRoles" => export.policy_roles = r.list(|r| r.member("RoleName"))?,
            "PolicyUsers" => export.policy_users = r.list(|r| r.member("UserName"))?,
            "PolicyGroups" => export.policy_groups = r.list(|r| r.member("GroupName"))?,
            "IsTruncated" => export.is_truncated = r.option(Reader::boolean)?,
            "NextToken" | "Marker" => export.next_page |= r.option(Reader::skip)?.is_some(),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.end()?;
    Ok(export)
}

fn read_role(r: &mut Reader<'_>) -> Result<RoleDetail, ReadError> {
    let mut role = RoleDetail::default();
    r.object(|r, key| {
        match &*key {
            "RoleName" => role.role_name = r.text()?,
            "Arn" => role.arn = r.text()?,
            "AttachedManagedPolicies" => role.attached = r.list(|r| r.member("PolicyArn"))?,
            "InstanceProfileList" => {
                role.instance_profiles = r.list(|r| r.member("InstanceProfileName"))?;
            }
            "PermissionsBoundary" => {
                role.boundary = r.option(|r| r.member("PermissionsBoundaryArn"))?.flatten();
            }
            "RoleLastUsed" => role.last_used = r.option(|r| r.member("LastUsedDate"))?.flatten(),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(role)
}

fn read_principal(r: &mut Reader<'_>, name_key: &str) -> Result<PrincipalDetail, ReadError> {
    let mut principal = PrincipalDetail::default();
    r.object(|r, key| {
        match &*key {
            k if k == name_key => principal.name = r.text()?,
            "AttachedManagedPolicies" => principal.attached = r.list(|r| r.member("PolicyArn"))?,
            "PermissionsBoundary" => {
                principal.boundary = r.option(|r| r.member("PermissionsBoundaryArn"))?.flatten();
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(principal)
}

fn read_policy<'a>(r: &mut Reader<'a>) -> Result<PolicyDetail<'a>, ReadError> {
    let mut policy = PolicyDetail::default();
    r.object(|r, key| {
        match &*key {
            "Arn" => policy.arn = r.text()?,
            "PolicyVersionList" => {
                policy.versions = r.list(|r| {
                    let mut version = (None, None);
                    r.object(|r, key| {
                        match &*key {
                            "Document" => version.0 = r.option(Reader::raw)?,
                            "IsDefaultVersion" => version.1 = r.option(Reader::boolean)?,
                            _ => r.skip()?,
                        }
                        Ok(())
                    })?;
                    Ok(version)
                })?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(policy)
}

fn arns(list: Option<Vec<Option<String>>>) -> Vec<String> {
    list.into_iter().flatten().flatten().collect()
}

fn required(
    value: Option<String>,
    list: &'static str,
    index: usize,
    key: &'static str,
) -> Result<String, EstateError> {
    value.ok_or(EstateError::Malformed { list, index, key })
}

/// Where (a byte offset of `text`) and how the text failed to read, in words that never
/// quote it.
fn read_error(text: &str, at: usize, e: ReadError) -> EstateError {
    let (line, column) = line_and_column(text, at);
    let at = format!("line {line}, column {column}");
    match e {
        ReadError::Type(_) => EstateError::Shape(format!(
            "a value of another type than the command writes, at {at}"
        )),
        ReadError::Eof(_) => {
            EstateError::NotJson(format!("it ends early, at {at}: is it cut off?"))
        }
        ReadError::Syntax(_) => EstateError::NotJson(format!("a syntax error at {at}")),
        ReadError::Deep(_) => EstateError::NotJson(format!(
            "arrays and objects nested more than {MAX_DEPTH} deep, at {at}"
        )),
    }
}

/// Reads an import.
pub fn parse(text: &str) -> Result<Estate, EstateError> {
    if text.len() > MAX_ESTATE_BYTES {
        return Err(EstateError::TooLong(text.len()));
    }
    // Positions are told in the text as pasted, less a byte order mark no editor shows.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let from_first = text.trim_start_matches(blank);
    let lead = text.len() - from_first.len();
    let trimmed = from_first.trim_end_matches(blank);
    if trimmed.is_empty() {
        return Err(EstateError::Empty);
    }
    let error = |e: ReadError| read_error(text, lead + e.at(), e);
    if !trimmed.starts_with('{') {
        let mut r = Reader::new(trimmed);
        return match r.skip().and_then(|()| r.end()) {
            Ok(()) => Err(EstateError::Foreign),
            Err(e) => Err(error(e)),
        };
    }
    let export = read_export(trimmed).map_err(error)?;
    // A cut-off export says so with IsTruncated, or carries the token of the next page.
    let truncated = export.is_truncated == Some(true) || export.next_page;
    let details = export.role_detail_list.is_some()
        || export.user_detail_list.is_some()
        || export.group_detail_list.is_some()
        || export.policies.is_some();
    let entities = export.policy_roles.is_some()
        || export.policy_users.is_some()
        || export.policy_groups.is_some();
    let mut estate = Estate {
        truncated,
        ..Estate::default()
    };
    if details {
        estate.source = Some(Source::AuthorizationDetails);
        for (i, r) in export.role_detail_list.into_iter().flatten().enumerate() {
            estate.roles.push(Rc::new(Role {
                name: required(r.role_name, "RoleDetailList", i, "RoleName")?,
                arn: r.arn,
                attached: r.attached.map(|a| arns(Some(a))),
                instance_profiles: r
                    .instance_profiles
                    .map(|p| p.into_iter().flatten().collect()),
                boundary: r.boundary,
                last_used: r.last_used,
            }));
        }
        for (i, u) in export.user_detail_list.into_iter().flatten().enumerate() {
            estate.users.push(Principal {
                name: required(u.name, "UserDetailList", i, "UserName")?,
                attached: Some(arns(u.attached)),
                boundary: u.boundary,
            });
        }
        for (i, g) in export.group_detail_list.into_iter().flatten().enumerate() {
            estate.groups.push(Principal {
                name: required(g.name, "GroupDetailList", i, "GroupName")?,
                attached: Some(arns(g.attached)),
                boundary: None,
            });
        }
        for (i, p) in export.policies.into_iter().flatten().enumerate() {
            let arn = required(p.arn, "Policies", i, "Arn")?;
            let default = p
                .versions
                .into_iter()
                .flatten()
                .find(|v| v.1 == Some(true))
                .and_then(|v| v.0)
                .and_then(|raw| serde_json::from_str::<Value>(raw).ok())
                .as_ref()
                .and_then(document);
            if let Some(doc) = default {
                estate.documents.insert(arn, doc);
            }
        }
    } else if entities {
        estate.source = Some(Source::EntitiesForPolicy);
        for (i, r) in export.policy_roles.into_iter().flatten().enumerate() {
            estate.roles.push(Rc::new(Role {
                name: required(r, "PolicyRoles", i, "RoleName")?,
                ..Role::default()
            }));
        }
        for (i, u) in export.policy_users.into_iter().flatten().enumerate() {
            estate.users.push(Principal {
                name: required(u, "PolicyUsers", i, "UserName")?,
                attached: None,
                boundary: None,
            });
        }
        for (i, g) in export.policy_groups.into_iter().flatten().enumerate() {
            estate.groups.push(Principal {
                name: required(g, "PolicyGroups", i, "GroupName")?,
                attached: None,
                boundary: None,
            });
        }
    } else {
        return Err(EstateError::Foreign);
    }
    // Exports merged by hand may list a role twice: IAM names are unique whatever their case.
    let mut seen = BTreeSet::new();
    estate
        .roles
        .retain(|r| seen.insert(r.name.to_ascii_lowercase()));
    Ok(estate)
}

/// An ARN's partition and account, when it has the six fields of one.
fn partition_and_account(arn: &str) -> Option<(&str, &str)> {
    let mut fields = arn.splitn(6, ':');
    let (_, partition, _, _, account, _) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    Some((partition, account))
}

/// The value every item names, when there is one and they all agree.
fn agreed<'a>(mut values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let first = values.next()?;
    values.all(|v| v == first).then_some(first)
}

/// The account id and partition the import's ARNs name, when they all agree. Asked on
/// every change of the plan, of thousands of roles, so it allocates nothing on the way.
pub fn account_and_partition(estate: &Estate) -> (Option<String>, Option<Partition>) {
    let fields = || {
        estate
            .roles
            .iter()
            .filter_map(|r| r.arn.as_deref().and_then(partition_and_account))
    };
    (
        agreed(fields().map(|(_, account)| account)).map(str::to_owned),
        agreed(fields().map(|(partition, _)| partition)).and_then(Partition::from_id),
    )
}

/// When the export's ARNs name another account or partition than the plan's, in words: the
/// report's comparisons would then all be wrong.
pub fn mismatch(estate: &Estate, account: &str, partition: Partition) -> Option<String> {
    let (theirs, their_partition) = account_and_partition(estate);
    let account = account.trim();
    match (theirs, their_partition) {
        (Some(a), _) if !account.is_empty() && a != account => Some(format!(
            "The export's roles are in account {a}, but the plan's account id is {account}: its customer managed policies' ARNs cannot match. Check the account id."
        )),
        (_, Some(p)) if p != partition => Some(format!(
            "The export's ARNs are in partition {}, but the plan is for {}: no ARN can match. Choose the export's partition.",
            p.id(),
            partition.id()
        )),
        _ => None,
    }
}

/// Whether a boundary lets the role use the planned actions, from its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundaryCheck {
    /// No boundary.
    NoBoundary,
    /// Statements on every resource, without conditions, allow every planned action, and no
    /// Deny names one.
    Allows,
    /// These planned actions are denied, or allowed by no statement.
    Blocks(Vec<String>),
    /// None is blocked, but these are allowed or denied only on some resources or conditions,
    /// which only the requests themselves decide.
    Depends(Vec<String>),
    /// Its document is not in the import, or the import does not say.
    Unknown,
}

/// A statement's `Action` or `NotAction` values.
fn values(statement: &Value, key: &str) -> Option<Vec<String>> {
    match statement.get(key)? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(list) => Some(
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// Whether a statement names the action (IAM matches actions ignoring case, with wildcards).
fn names(statement: &Value, action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    let hit = |patterns: Vec<String>| {
        patterns
            .iter()
            .any(|p| matches(&p.to_ascii_lowercase(), &action))
    };
    match (values(statement, "Action"), values(statement, "NotAction")) {
        (Some(actions), _) => hit(actions),
        (None, Some(not)) => !hit(not),
        (None, None) => false,
    }
}

/// The statements of a policy document.
fn statements(document: &Value) -> Vec<&Value> {
    match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// Whether a statement applies to every request for its actions: on every resource, on no
/// condition.
fn unconditional(statement: &Value) -> bool {
    statement.get("Condition").is_none()
        && statement.get("NotResource").is_none()
        && values(statement, "Resource").is_some_and(|r| r.iter().any(|r| r == "*"))
}

/// What a boundary document does to the planned actions.
pub fn check_boundary(document: &Value, actions: &BTreeSet<String>) -> BoundaryCheck {
    let statements = statements(document);
    let effect = |s: &Value, e: &str| s.get("Effect").and_then(Value::as_str) == Some(e);
    let mut blocked = Vec::new();
    let mut depends = Vec::new();
    for a in actions {
        let naming = |e: &'static str| -> Vec<&Value> {
            statements
                .iter()
                .copied()
                .filter(|s| effect(s, e) && names(s, a))
                .collect()
        };
        let (deny, allow) = (naming("Deny"), naming("Allow"));
        let denied_always = deny.iter().any(|s| unconditional(s));
        let denied_sometimes = !deny.is_empty();
        let allowed_always = allow.iter().any(|s| unconditional(s));
        let allowed_sometimes = !allow.is_empty();
        if denied_always || !allowed_sometimes {
            blocked.push(a.clone());
        } else if !allowed_always || denied_sometimes {
            depends.push(a.clone());
        }
    }
    match (blocked.is_empty(), depends.is_empty()) {
        (true, true) => BoundaryCheck::Allows,
        (false, _) => BoundaryCheck::Blocks(blocked),
        (true, false) => BoundaryCheck::Depends(depends),
    }
}

/// Whether every Allow of a document is on every resource, on no condition, for actions
/// the plan grants, with no Deny: detaching it then takes nothing away.
fn covered_by(document: &Value, planned: &BTreeSet<String>) -> bool {
    let statements = statements(document);
    !statements.is_empty()
        && statements.iter().all(|s| {
            s.get("Effect").and_then(Value::as_str) == Some("Allow")
                && unconditional(s)
                && s.get("NotAction").is_none()
                && values(s, "Action").is_some_and(|actions| {
                    actions
                        .iter()
                        .all(|a| !a.contains(['*', '?']) && planned.contains(a))
                })
        })
}

/// One role's line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    /// The role.
    pub role: Rc<Role>,
    /// Its managed policies now.
    pub attached: Option<usize>,
    /// The plan's policies it does not have yet.
    pub missing: Option<Vec<String>>,
    /// Whether the old policy and the new set fit under the quota at once.
    pub fits: Option<bool>,
    /// Attached policies whose every action the new set grants: detaching them makes room.
    pub redundant: Vec<String>,
    /// What the boundary does to the planned actions.
    pub boundary: BoundaryCheck,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The quota the rows were checked against.
    pub quota: usize,
    /// Each role that has the old policy attached as a permissions policy.
    pub rows: Vec<RoleRow>,
    /// Roles that use the old policy only as their permissions boundary.
    pub boundary_only: Vec<String>,
    /// Users that carry the old policy.
    pub users: Vec<String>,
    /// Groups that carry the old policy.
    pub groups: Vec<String>,
    /// Whether the import said it was incomplete.
    pub truncated: bool,
    /// Which command's output it was.
    pub source: Option<Source>,
}

impl Report {
    /// The roles the scripts can update: every role that carries the old policy, fits (or
    /// whose fit is unknown), and whose boundary does not block the plan.
    pub fn updatable(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.fits != Some(false) && !matches!(r.boundary, BoundaryCheck::Blocks(_)))
            .map(|r| r.role.name.as_str())
            .collect()
    }
}

/// Whether an ARN is the old policy's, in any partition. Asked of every attached policy of
/// every role, so it allocates nothing.
fn is_legacy(arn: &str) -> bool {
    arn.starts_with("arn:")
        && arn
            .strip_suffix(LEGACY_POLICY.name())
            .and_then(|rest| rest.strip_suffix(LEGACY_POLICY.facts().path))
            .is_some_and(|rest| rest.ends_with(":iam::aws:policy"))
}

/// The report of an estate against the plan, under a quota of managed policies per role.
pub fn report(plan: &Plan, estate: &Estate, quota: usize) -> Report {
    let to_add: Option<&Vec<String>> = match &plan.policies_to_add {
        Part::Ready(arns) => Some(arns),
        _ => None,
    };
    let planned: BTreeSet<String> = plan
        .policies
        .iter()
        .flat_map(|p| p.actions.iter().cloned())
        .collect();
    // A policy's document: the import's, or the catalog's for an AWS managed policy it knows.
    let document_of = |arn: &str| -> Option<Value> {
        estate.documents.get(arn).cloned().or_else(|| {
            ManagedPolicy::ALL
                .into_iter()
                .find(|m| m.arn(plan.partition) == arn)
                .and_then(|m| {
                    serde_json::to_value(crate::policy::PolicyDocument::from_static(m.document()))
                        .ok()
                })
        })
    };
    // Each distinct policy and boundary is judged once: thousands of roles share a few.
    let redundant: BTreeSet<&str> = estate
        .roles
        .iter()
        .flat_map(|r| r.attached.iter().flatten())
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|arn| !is_legacy(arn) && !to_add.is_some_and(|t| t.iter().any(|a| a == arn)))
        .filter(|arn| document_of(arn).is_some_and(|d| covered_by(&d, &planned)))
        .collect();
    let boundaries: BTreeMap<&str, BoundaryCheck> = estate
        .roles
        .iter()
        .filter_map(|r| r.boundary.as_deref())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|arn| {
            let check = match document_of(arn) {
                Some(doc) => check_boundary(&doc, &planned),
                None => BoundaryCheck::Unknown,
            };
            (arn, check)
        })
        .collect();
    let redundant_of = |attached: &[String]| -> Vec<String> {
        attached
            .iter()
            .filter(|arn| redundant.contains(arn.as_str()))
            .cloned()
            .collect()
    };
    let mut rows = Vec::new();
    let mut boundary_only = Vec::new();
    for role in &estate.roles {
        let carries = role
            .attached
            .as_ref()
            .map(|a| a.iter().any(|arn| is_legacy(arn)));
        let bounded = role.boundary.as_deref().is_some_and(is_legacy);
        // list-entities-for-policy (no attachment lists) names roles that carry it.
        if carries == Some(false) {
            if bounded {
                boundary_only.push(role.name.clone());
            }
            continue;
        }
        let attached = role.attached.as_ref().map(Vec::len);
        let missing = role.attached.as_ref().zip(to_add).map(|(have, want)| {
            want.iter()
                .filter(|a| !have.contains(a))
                .cloned()
                .collect::<Vec<_>>()
        });
        let fits = attached
            .zip(missing.as_ref())
            .map(|(count, missing)| count + missing.len() <= quota);
        let boundary = match (estate.source, role.boundary.as_deref()) {
            // list-entities-for-policy does not say whether a role has a boundary.
            (Some(Source::EntitiesForPolicy), _) => BoundaryCheck::Unknown,
            (_, None) => BoundaryCheck::NoBoundary,
            (_, Some(arn)) => boundaries
                .get(arn)
                .cloned()
                .unwrap_or(BoundaryCheck::Unknown),
        };
        rows.push(RoleRow {
            role: role.clone(),
            attached,
            missing,
            fits,
            redundant: role
                .attached
                .as_deref()
                .map(redundant_of)
                .unwrap_or_default(),
            boundary,
        });
    }
    let carriers = |list: &[Principal]| {
        list.iter()
            .filter(|p| {
                p.attached
                    .as_ref()
                    .is_none_or(|a| a.iter().any(|arn| is_legacy(arn)))
                    || p.boundary.as_deref().is_some_and(is_legacy)
            })
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    Report {
        quota,
        rows,
        boundary_only,
        users: carriers(&estate.users),
        groups: carriers(&estate.groups),
        truncated: estate.truncated,
        source: estate.source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Feature;
    use crate::input::Selection;

    const OLD: &str = "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM";
    const CORE: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    fn attached(arns: &[&str]) -> Value {
        Value::Array(
            arns.iter()
                .map(|a| serde_json::json!({"PolicyName": a.rsplit('/').next(), "PolicyArn": a}))
                .collect(),
        )
    }

    fn export() -> String {
        let fillers: Vec<String> = (0..9)
            .map(|i| format!("arn:aws:iam::111122223333:policy/Other{i}"))
            .collect();
        let mut full: Vec<&str> = fillers.iter().map(String::as_str).collect();
        full.push(OLD);
        serde_json::json!({
            "RoleDetailList": [
                {"RoleName": "web", "Arn": "arn:aws:iam::111122223333:role/web",
                 "AttachedManagedPolicies": attached(&[OLD, CORE, "arn:aws:iam::111122223333:policy/SsmReadOnly"]),
                 "InstanceProfileList": [{"InstanceProfileName": "web-profile"}],
                 "RoleLastUsed": {"LastUsedDate": "2026-11-20T10:00:00Z", "Region": "us-east-1"}},
                {"RoleName": "crowded", "Arn": "arn:aws:iam::111122223333:role/crowded",
                 "AttachedManagedPolicies": attached(&full),
                 "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
                   "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Fence"}},
                {"RoleName": "fenced-only", "Arn": "arn:aws:iam::111122223333:role/fenced-only",
                 "AttachedManagedPolicies": attached(&[CORE]),
                 "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": OLD}},
                {"RoleName": "clean", "Arn": "arn:aws:iam::111122223333:role/clean",
                 "AttachedManagedPolicies": attached(&[CORE])}
            ],
            "UserDetailList": [{"UserName": "ops", "AttachedManagedPolicies": attached(&[OLD])}],
            "GroupDetailList": [{"GroupName": "admins", "AttachedManagedPolicies": attached(&[])}],
            "Policies": [
                {"PolicyName": "Fence", "Arn": "arn:aws:iam::111122223333:policy/Fence",
                 "PolicyVersionList": [{"IsDefaultVersion": true, "VersionId": "v1",
                   "Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22ssm%3A%2A%22%2C%22ec2messages%3A%2A%22%5D%2C%22Resource%22%3A%22%2A%22%7D%2C%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%22ssm%3AGetParameter%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]},
                {"PolicyName": "SsmReadOnly", "Arn": "arn:aws:iam::111122223333:policy/SsmReadOnly",
                 "PolicyVersionList": [{"IsDefaultVersion": true, "VersionId": "v3",
                   "Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["ssm:GetDocument", "ssm:DescribeDocument"], "Resource": "*"}}}]}
            ],
            "IsTruncated": false
        })
        .to_string()
    }

    fn core_plan() -> Plan {
        Plan::from_selection(&Selection {
            features: [Feature::Core].into_iter().collect(),
            ..Selection::default()
        })
    }

    #[test]
    fn an_export_reads_into_a_report_role_by_role() {
        let estate = parse(&export()).expect("read");
        assert_eq!(estate.source, Some(Source::AuthorizationDetails));
        assert_eq!(
            account_and_partition(&estate),
            (Some("111122223333".into()), Some(Partition::Aws))
        );
        let report = report(&core_plan(), &estate, 10);
        let names: Vec<_> = report.rows.iter().map(|r| r.role.name.as_str()).collect();
        assert_eq!(names, ["web", "crowded"]);
        let web = &report.rows[0];
        assert_eq!((web.attached, web.fits), (Some(3), Some(true)));
        assert_eq!(
            web.missing.as_deref(),
            Some(&[][..]),
            "the core is already there"
        );
        assert_eq!(
            web.redundant,
            ["arn:aws:iam::111122223333:policy/SsmReadOnly"]
        );
        assert_eq!(
            web.role.instance_profiles.as_deref(),
            Some(&["web-profile".to_owned()][..])
        );
        let crowded = &report.rows[1];
        assert_eq!((crowded.attached, crowded.fits), (Some(10), Some(false)));
        // The boundary allows ssm:* but denies ssm:GetParameter*, and allows no ssmmessages.
        match &crowded.boundary {
            BoundaryCheck::Blocks(actions) => {
                assert!(actions.contains(&"ssm:GetParameter".to_owned()));
                assert!(actions.contains(&"ssmmessages:OpenControlChannel".to_owned()));
                assert!(!actions.contains(&"ssm:UpdateInstanceInformation".to_owned()));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(report.boundary_only, ["fenced-only"]);
        assert_eq!(report.users, ["ops"]);
        assert!(report.groups.is_empty());
        assert_eq!(report.updatable(), ["web"]);
    }

    #[test]
    fn conditions_and_resources_make_a_boundary_depend_and_a_policy_not_redundant() {
        let planned: BTreeSet<String> = [
            "ssm:GetDocument".to_owned(),
            "ssm:UpdateInstanceInformation".to_owned(),
        ]
        .into();
        let regional = serde_json::json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}
        ]});
        assert_eq!(
            check_boundary(&regional, &planned),
            BoundaryCheck::Depends(planned.iter().cloned().collect())
        );
        let scoped = serde_json::json!({"Statement": {"Effect": "Allow", "Action": "ssm:*", "Resource": "arn:aws:s3:::nothing"}});
        assert!(matches!(
            check_boundary(&scoped, &planned),
            BoundaryCheck::Depends(_)
        ));
        let nothing = serde_json::json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}});
        assert_eq!(
            check_boundary(&nothing, &planned),
            BoundaryCheck::Blocks(planned.iter().cloned().collect())
        );
        let app_data = serde_json::json!({"Statement": {"Effect": "Allow", "Action": ["ssm:GetDocument"], "Resource": "arn:aws:ssm:*:*:document/app-*"}});
        assert!(
            !covered_by(&app_data, &planned),
            "scoped to some resources: not redundant"
        );
        let same = serde_json::json!({"Statement": {"Effect": "Allow", "Action": ["ssm:GetDocument"], "Resource": "*"}});
        assert!(covered_by(&same, &planned));
    }

    #[test]
    fn a_known_managed_boundary_is_read_from_the_catalog_and_duplicates_and_tokens_are_seen() {
        let export = serde_json::json!({
            "RoleDetailList": [
                {"RoleName": "a", "AttachedManagedPolicies": attached(&[OLD]),
                 "PermissionsBoundary": {"PermissionsBoundaryArn": CORE}},
                {"RoleName": "A", "AttachedManagedPolicies": attached(&[OLD])},
                {"RoleName": "no-list"}
            ],
            "Marker": "next-page"
        });
        let estate = parse(&export.to_string()).expect("read");
        assert_eq!(estate.roles.len(), 2, "one role a name, whatever the case");
        assert!(estate.truncated);
        let report = report(&core_plan(), &estate, 10);
        assert_eq!(
            report.rows[0].boundary,
            BoundaryCheck::Allows,
            "the core policy allows the core's actions"
        );
        assert_eq!(report.rows[1].attached, None, "no list: unknown, not none");
    }

    #[test]
    fn an_export_of_another_account_or_partition_is_named() {
        let estate = parse(&export()).expect("read");
        assert_eq!(mismatch(&estate, "", Partition::Aws), None);
        assert_eq!(mismatch(&estate, "111122223333", Partition::Aws), None);
        assert!(
            mismatch(&estate, "999999999999", Partition::Aws)
                .is_some_and(|m| m.contains("account 111122223333"))
        );
        assert!(
            mismatch(&estate, "", Partition::AwsCn)
                .is_some_and(|m| m.contains("partition aws, but the plan is for aws-cn"))
        );
    }

    #[test]
    fn entities_for_policy_names_roles_only() {
        let estate = parse(r#"{"PolicyRoles":[{"RoleName":"a","RoleId":"AROA1"}],"PolicyUsers":[],"PolicyGroups":[{"GroupName":"g","GroupId":"AGPA1"}],"IsTruncated":true}"#).expect("read");
        let report = report(&core_plan(), &estate, 10);
        assert_eq!(report.rows.len(), 1);
        assert_eq!((report.rows[0].attached, report.rows[0].fits), (None, None));
        assert_eq!(report.groups, ["g"]);
        assert!(report.truncated);
        assert_eq!(report.updatable(), ["a"]);
    }

    #[test]
    fn foreign_malformed_and_truncated_json_is_refused_with_what_was_expected() {
        assert_eq!(parse("  "), Err(EstateError::Empty));
        assert!(matches!(
            parse("{\"RoleDetailList\": ["),
            Err(EstateError::NotJson(_))
        ));
        assert_eq!(parse("[1,2]"), Err(EstateError::Foreign));
        assert_eq!(parse(r#"{"Users":[]}"#), Err(EstateError::Foreign));
        assert_eq!(
            parse(r#"{"RoleDetailList":[{"Arn":"x"}]}"#),
            Err(EstateError::Malformed {
                list: "RoleDetailList",
                index: 0,
                key: "RoleName"
            })
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_placed_not_quoted() {
        // Found by fuzzing: a JSON library's message repeated the whole value, here a long
        // string. The message places it where it starts.
        let long = format!("{{\"RoleDetailList\":\"{}\"}}", "x".repeat(5000));
        let message = parse(&long).expect_err("refused").to_string();
        assert_eq!(
            message,
            "the export does not have the shape the command writes: a value of another type than the command writes, at line 1, column 19"
        );
        assert!(
            parse("{\"RoleDetailList\": [")
                .expect_err("cut")
                .to_string()
                .contains("ends early")
        );
        // Placed in the text as pasted: blank lines and a byte order mark before it count.
        assert_eq!(
            parse("\u{feff}\n\n\n{\"RoleDetailList\": [1 2]}").expect_err("refused"),
            EstateError::Shape(
                "a value of another type than the command writes, at line 4, column 21".to_owned()
            )
        );
    }

    #[test]
    fn five_thousand_roles_read_and_report() {
        let roles: Vec<Value> = (0..5000)
            .map(|i| serde_json::json!({"RoleName": format!("role-{i}"), "Arn": format!("arn:aws:iam::111122223333:role/role-{i}"), "AttachedManagedPolicies": attached(&[OLD])}))
            .collect();
        let text = serde_json::json!({"RoleDetailList": roles}).to_string();
        let report = report(&core_plan(), &parse(&text).expect("read"), 10);
        assert_eq!(report.updatable().len(), 5000);
    }
}
