//! A denial, explained: after the move something fails, and the user pastes what it said (an
//! `AccessDenied` message from the CLI or an SDK, a line of the SSM Agent's `errors.log`, or
//! a CloudTrail event). The planner reads the action and resource that were denied and says
//! which policy of the plan, or which AWS managed policy it knows, grants them, which feature
//! they belong to, and whether the old policy granted them. An action it does not know is
//! named as unknown, never guessed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::catalog::actions::{ActionReason, reasons};
use crate::catalog::{LEGACY_POLICY, ManagedPolicy};
use crate::input::excerpt;
use crate::plan::{CustomKind, Plan, PolicyRef};
use crate::policy::{PolicyDocument, arn_in};

/// The most text read: a CloudTrail file of a busy hour fits; a bigger paste is refused.
pub const MAX_DENIAL_BYTES: usize = 10 * 1024 * 1024;

/// The most denials one paste explains: the first ones, each action and resource once.
pub const MAX_DENIALS: usize = 20;

/// One denied request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Denial {
    /// The action, as IAM writes it (`s3:PutObject`).
    pub action: String,
    /// The resource, when the text names it.
    pub resource: Option<String>,
    /// What AWS says denied it, when the message says.
    pub cause: Option<Cause>,
}

/// What AWS's message says denied a request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// No identity-based policy allows it: the role's own policies, which the plan decides.
    NoIdentityAllow,
    /// An explicit deny in a policy of this kind (service control policy, permissions
    /// boundary, session policy, identity-based, resource-based or VPC endpoint policy).
    ExplicitDeny(String),
    /// No policy of this kind allows it (service control policy, permissions boundary,
    /// session policy, resource-based or VPC endpoint policy).
    NoAllowIn(String),
}

/// The cause a message states after the action and resource.
fn cause_in(text: &str) -> Option<Cause> {
    const DENY: &str = "with an explicit deny in ";
    const NO: &str = "because no ";
    const ALLOWS: &str = " allows";
    let kind = |rest: &str| {
        let rest = rest
            .strip_prefix("an ")
            .or_else(|| rest.strip_prefix("a "))
            .unwrap_or(rest);
        rest.split(['.', ',', '\n', '"'])
            .next()
            .unwrap_or(rest)
            .trim()
            .to_owned()
    };
    if let Some(at) = text.find(DENY) {
        return Some(Cause::ExplicitDeny(kind(&text[at + DENY.len()..])));
    }
    let at = text.find(NO)?;
    let rest = &text[at + NO.len()..];
    let end = rest.find(ALLOWS)?;
    let what = rest[..end].trim();
    Some(if what == "identity-based policy" {
        Cause::NoIdentityAllow
    } else {
        Cause::NoAllowIn(what.to_owned())
    })
}

/// Why a paste yields no denial to explain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DenialError {
    /// Nothing pasted.
    #[error(
        "paste an AccessDenied message, a line of the SSM Agent's errors.log, or a CloudTrail event"
    )]
    Empty,
    /// More than [`MAX_DENIAL_BYTES`].
    #[error(
        "the paste has {0} bytes; at most 10 MB is read: paste the denied event or message alone"
    )]
    TooLong(usize),
    /// CloudTrail JSON without a denied event.
    #[error(
        "no event of this CloudTrail JSON was denied: none has an errorCode of AccessDenied or UnauthorizedOperation"
    )]
    NoDeniedEvent,
    /// JSON that is not CloudTrail's.
    #[error(
        "this JSON is not a CloudTrail event: expected eventSource, eventName and errorCode, or a Records list of such events"
    )]
    NotCloudTrail,
    /// Text without a denial the planner can read.
    #[error(
        "no denied action found: expected 'not authorized to perform: SERVICE:ACTION', or 'when calling the OPERATION operation: Access Denied'; got '{0}'"
    )]
    NoAction(String),
    /// An error that is not a denial.
    #[error(
        "this error is '{0}', not a denial: only AccessDenied, AccessDeniedException and UnauthorizedOperation errors are explained"
    )]
    NotADenial(String),
    /// An operation name several known actions share.
    #[error(
        "the operation '{operation}' could be any of {candidates}: paste the message that names the action"
    )]
    Ambiguous {
        /// The operation's name.
        operation: String,
        /// The actions it could be.
        candidates: String,
    },
}

/// Reads the denials of a paste, in the order they appear, each action and resource once.
pub fn parse(text: &str) -> Result<Vec<Denial>, DenialError> {
    if text.len() > MAX_DENIAL_BYTES {
        return Err(DenialError::TooLong(text.len()));
    }
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return Err(DenialError::Empty);
    }
    let found = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let lines: Option<Vec<Value>> = serde_json::from_str::<Value>(trimmed)
            .map(|v| vec![v])
            .ok()
            // One event a line, as CloudTrail Lake and log tools export them.
            .or_else(|| {
                trimmed
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| serde_json::from_str(l).ok())
                    .collect()
            });
        match lines {
            Some(values) => match cloudtrail(&Value::Array(
                values
                    .into_iter()
                    .flat_map(|v| events_of(&v).unwrap_or_default())
                    .collect(),
            )) {
                Ok(found) => found,
                // JSON of something else, such as an SDK's error body: read it as text.
                Err(DenialError::NotCloudTrail) => messages(trimmed)?,
                Err(e) => return Err(e),
            },
            // Not JSON after all: a message that starts with a brace is still a message.
            None => messages(trimmed)?,
        }
    } else {
        messages(trimmed)?
    };
    let mut seen = BTreeSet::new();
    Ok(found
        .into_iter()
        .filter(|d| seen.insert(d.clone()))
        .take(MAX_DENIALS)
        .collect())
}

const DENIED_CODES: [&str; 4] = [
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "Client.UnauthorizedOperation",
];

/// The IAM prefix of a service CloudTrail names by its endpoint, where they differ.
fn iam_prefix(event_source: &str) -> &str {
    let service = event_source.split('.').next().unwrap_or(event_source);
    match service {
        "monitoring" => "cloudwatch",
        other => other,
    }
}

/// The IAM action of an S3 operation whose name is not its action's.
/// Source: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html>
fn s3_action(operation: &str) -> Option<&'static str> {
    Some(match operation {
        "UploadPart" | "CreateMultipartUpload" | "CompleteMultipartUpload" | "UploadPartCopy" => {
            "s3:PutObject"
        }
        "ListObjects" | "ListObjectsV2" | "HeadBucket" => "s3:ListBucket",
        "HeadObject" => "s3:GetObject",
        "GetBucketEncryption" => "s3:GetEncryptionConfiguration",
        _ => return None,
    })
}

/// The events of CloudTrail JSON: one event, a list, a `Records` file, or the output of
/// `aws cloudtrail lookup-events` (each event a JSON string).
fn events_of(json: &Value) -> Option<Vec<Value>> {
    Some(match json {
        Value::Array(list) => list.clone(),
        Value::Object(o) => match (o.get("Records"), o.get("Events")) {
            (Some(Value::Array(list)), _) => list.clone(),
            (_, Some(Value::Array(list))) => list
                .iter()
                .filter_map(|e| e.get("CloudTrailEvent").and_then(Value::as_str))
                .filter_map(|s| serde_json::from_str(s).ok())
                .collect(),
            _ => vec![json.clone()],
        },
        _ => return None,
    })
}

/// The denied events of CloudTrail JSON.
fn cloudtrail(json: &Value) -> Result<Vec<Denial>, DenialError> {
    let events = events_of(json).ok_or(DenialError::NotCloudTrail)?;
    let mut any_event = false;
    let mut denials = Vec::new();
    for event in &events {
        let field = |name: &str| event.get(name).and_then(Value::as_str);
        let (Some(source), Some(name)) = (field("eventSource"), field("eventName")) else {
            continue;
        };
        any_event = true;
        if !field("errorCode").is_some_and(|c| DENIED_CODES.contains(&c)) {
            continue;
        }
        let message = field("errorMessage").and_then(denial_in);
        // The message names the action as IAM checks it, when it says.
        let action = match &message {
            Some(d) => d.action.clone(),
            None => {
                let prefix = iam_prefix(source);
                match (prefix, s3_action(name)) {
                    ("s3", Some(action)) => action.to_owned(),
                    _ => format!("{prefix}:{name}"),
                }
            }
        };
        let cause = message.as_ref().and_then(|d| d.cause.clone());
        let from_message = message.and_then(|d| d.resource);
        let resource = event
            .get("resources")
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .and_then(|r| r.get("ARN"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(from_message);
        denials.push(Denial {
            action,
            resource,
            cause,
        });
    }
    match (any_event, denials.is_empty()) {
        (false, _) => Err(DenialError::NotCloudTrail),
        (true, true) => Err(DenialError::NoDeniedEvent),
        (true, false) => Ok(denials),
    }
}

const PERFORM: &str = "not authorized to perform: ";
const ON_RESOURCE: &str = " on resource: ";

/// Characters of an action or a resource ARN in a message; what follows them ends them.
fn token(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | ')' | '}' | ']'))
        .unwrap_or(text.len());
    text[..end].trim_end_matches('.')
}

/// The first "not authorized to perform" of a message.
fn denial_in(text: &str) -> Option<Denial> {
    let at = text.find(PERFORM)?;
    let rest = &text[at + PERFORM.len()..];
    let action = token(rest);
    if !is_action(action) {
        return None;
    }
    let after = &rest[action.len()..];
    let resource = after
        .strip_prefix(ON_RESOURCE)
        .map(|r| token(r.trim_start_matches(['"', '\''])))
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    Some(Denial {
        action: action.to_owned(),
        resource,
        cause: cause_in(after),
    })
}

/// `service:Name`, as IAM writes an action.
fn is_action(text: &str) -> bool {
    match text.split_once(':') {
        Some((service, name)) => {
            !service.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Every denial of free text: messages that name the action, else one whose operation alone
/// is named (S3's bare "Access Denied").
fn messages(text: &str) -> Result<Vec<Denial>, DenialError> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(PERFORM) {
        if let Some(d) = denial_in(&rest[at..]) {
            found.push(d);
        }
        rest = &rest[at + PERFORM.len()..];
    }
    if !found.is_empty() {
        return Ok(found);
    }
    const CALLING: &str = "when calling the ";
    if let Some(at) = text.find(CALLING) {
        // Only an error that is a denial: `An error occurred (AccessDenied) when calling ...`.
        let code = text[..at].rfind('(').and_then(|open| {
            text[open + 1..at]
                .find(')')
                .map(|close| &text[open + 1..open + 1 + close])
        });
        let denied =
            code.is_none_or(|c| DENIED_CODES.contains(&c) || c == "Forbidden" || c == "403");
        let rest = &text[at + CALLING.len()..];
        let operation = token(rest);
        if !denied {
            return Err(DenialError::NotADenial(excerpt(code.unwrap_or_default())));
        }
        if rest[operation.len()..].starts_with(" operation") && !operation.is_empty() {
            let action = match s3_action(operation) {
                Some(action) => Ok(action.to_owned()),
                None => by_operation(operation),
            };
            return action.map(|action| {
                vec![Denial {
                    action,
                    resource: None,
                    cause: cause_in(rest),
                }]
            });
        }
    }
    Err(DenialError::NoAction(excerpt(
        text.lines().next().unwrap_or(text),
    )))
}

/// Every action the planner knows: of its reasons table and every managed document.
fn known_actions() -> BTreeSet<&'static str> {
    let mut all: BTreeSet<&'static str> = crate::catalog::actions::ACTION_REASONS
        .iter()
        .map(|r| r.action)
        .collect();
    for m in ManagedPolicy::ALL {
        all.extend(m.actions());
    }
    all
}

/// The one known action an operation's name can be.
fn by_operation(operation: &str) -> Result<String, DenialError> {
    let candidates: Vec<&str> = known_actions()
        .into_iter()
        .filter(|a| a.split_once(':').is_some_and(|(_, name)| name == operation))
        .collect();
    match candidates.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(DenialError::NoAction(excerpt(operation))),
        many => Err(DenialError::Ambiguous {
            operation: excerpt(operation),
            candidates: many.join(", "),
        }),
    }
}

/// A policy that allows the denied action, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The policy's name.
    pub policy: String,
    /// The resources it allows the action on.
    pub resources: Vec<String>,
    /// Whether a statement that allows it has conditions.
    pub conditional: bool,
    /// Whether it allows the action on the denied resource: `None` when the resource is not
    /// known.
    pub covers: Option<bool>,
}

/// What the planner makes of one denial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// AWS says a policy the plan does not write denied it: an explicit deny, or no allow in
    /// a service control policy, boundary, session, resource or endpoint policy.
    OutsideTheRole(Cause),
    /// The planner does not know the action.
    Unknown,
    /// A policy of the plan allows it there: the role lacks the plan's policies.
    PlanGrants,
    /// The plan allows it, but not on the denied resource.
    OutsideThePlan,
    /// The old policy allowed it and the plan does not: the move removed it.
    RemovedByTheMove,
    /// Neither the old policy nor the plan allows it: not the move's doing.
    NotTheMove,
}

/// One denial, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// What was denied.
    pub denial: Denial,
    /// Why the action exists, per feature; empty for an unknown action.
    pub reasons: &'static [ActionReason],
    /// The plan's policies that allow it.
    pub in_plan: Vec<Grant>,
    /// The known AWS managed policies that allow it (the old one left out).
    pub managed: Vec<ManagedPolicy>,
    /// How the old policy allowed it, if it did.
    pub legacy: Option<Grant>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Whether `resource` matches an IAM resource pattern (`*` any run, `?` one character).
pub fn matches(pattern: &str, resource: &str) -> bool {
    let (p, r): (Vec<char>, Vec<char>) = (pattern.chars().collect(), resource.chars().collect());
    let (mut pi, mut ri, mut star, mut mark) = (0, 0, None, 0);
    while ri < r.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == r[ri]) {
            pi += 1;
            ri += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ri;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ri = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// How `document` allows `action`, if it does.
fn grant(name: &str, document: &PolicyDocument, action: &str, denial: &Denial) -> Option<Grant> {
    let statements: Vec<_> = document
        .statement
        .iter()
        .filter(|s| s.action.values().contains(&action))
        .collect();
    if statements.is_empty() {
        return None;
    }
    let resources: Vec<String> = statements
        .iter()
        .flat_map(|s| s.resource.values())
        .map(str::to_owned)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let covers = denial
        .resource
        .as_deref()
        .map(|r| resources.iter().any(|p| matches(p, r)));
    Some(Grant {
        policy: name.to_owned(),
        resources,
        conditional: statements.iter().any(|s| !s.condition.is_empty()),
        covers,
    })
}

/// Explains one denial against the plan.
pub fn explain(plan: &Plan, denial: &Denial) -> Explanation {
    let action = denial.action.as_str();
    let partition = plan.partition;
    let managed_document = |m: ManagedPolicy| {
        let mut doc = PolicyDocument::from_static(m.document());
        for s in &mut doc.statement {
            s.resource = crate::policy::OneOrMany::Many(
                s.resource
                    .values()
                    .into_iter()
                    .map(|r| arn_in(partition, r))
                    .collect(),
            );
        }
        doc
    };
    let custom_document = |kind: CustomKind| match kind {
        CustomKind::S3Output => plan.s3_document.ready(),
        CustomKind::Vss => plan.vss_document.ready(),
        CustomKind::AwsBuckets => plan.aws_buckets_document.ready(),
    };
    let in_plan: Vec<Grant> = plan
        .policies
        .iter()
        .filter_map(|p| match p.policy {
            PolicyRef::Managed(m) => grant(&p.name, &managed_document(m), action, denial),
            PolicyRef::Custom(kind) => {
                custom_document(kind).and_then(|d| grant(&p.name, d, action, denial))
            }
        })
        .collect();
    let legacy = grant(
        LEGACY_POLICY.name(),
        &managed_document(LEGACY_POLICY),
        action,
        denial,
    );
    let managed: Vec<ManagedPolicy> = ManagedPolicy::ALL
        .into_iter()
        .filter(|m| *m != LEGACY_POLICY && m.actions().contains(action))
        .collect();
    let reasons = reasons(action);
    let known = !reasons.is_empty() || !managed.is_empty() || legacy.is_some();
    let verdict =
        if let Some(cause @ (Cause::ExplicitDeny(_) | Cause::NoAllowIn(_))) = &denial.cause {
            Verdict::OutsideTheRole(cause.clone())
        } else if !known {
            Verdict::Unknown
        } else if in_plan.iter().any(|g| g.covers != Some(false)) {
            Verdict::PlanGrants
        } else if !in_plan.is_empty() {
            Verdict::OutsideThePlan
        } else if legacy.as_ref().is_some_and(|g| g.covers != Some(false)) {
            Verdict::RemovedByTheMove
        } else {
            Verdict::NotTheMove
        };
    Explanation {
        denial: denial.clone(),
        reasons,
        in_plan,
        managed,
        legacy,
        verdict,
    }
}

/// Explains every denial of a paste, or says why there is none.
pub fn explain_text(plan: &Plan, text: &str) -> Result<Vec<Explanation>, DenialError> {
    Ok(parse(text)?.iter().map(|d| explain(plan, d)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Feature;
    use crate::input::Selection;

    const ROLE: &str = "arn:aws:sts::111122223333:assumed-role/web/i-0abc1234def567890";

    fn plan(features: &[Feature]) -> Plan {
        Plan::from_selection(&Selection {
            features: features.iter().copied().collect(),
            account_id: "111122223333".into(),
            bucket: "ssm-out".into(),
            bucket_prefix: "runs".into(),
            ..Selection::default()
        })
    }

    #[test]
    fn a_cli_message_names_the_action_and_resource() {
        let text = format!(
            "An error occurred (AccessDenied) when calling the PutObject operation: User: {ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::other-bucket/out.txt\" because no identity-based policy allows the s3:PutObject action"
        );
        assert_eq!(
            parse(&text),
            Ok(vec![Denial {
                action: "s3:PutObject".into(),
                resource: Some("arn:aws:s3:::other-bucket/out.txt".into()),
                cause: Some(Cause::NoIdentityAllow),
            }])
        );
    }

    #[test]
    fn an_agent_log_line_and_a_bare_s3_denial_are_read() {
        let line = format!(
            "2026-11-30 10:00:00 ERROR [HealthCheck] error when calling AWS APIs. error details - AccessDeniedException: User: {ROLE} is not authorized to perform: ssm:UpdateInstanceInformation on resource: arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890 because no identity-based policy allows the ssm:UpdateInstanceInformation action\n\tstatus code: 400"
        );
        let d = parse(&line).expect("read");
        assert_eq!(d[0].action, "ssm:UpdateInstanceInformation");
        let bare =
            "An error occurred (AccessDenied) when calling the ListBucket operation: Access Denied";
        assert_eq!(parse(bare).expect("read")[0].action, "s3:ListBucket");
        assert!(matches!(
            parse("An error occurred (AccessDenied) when calling the GetParameter operation: denied"),
            Ok(ref d) if d[0].action == "ssm:GetParameter"
        ));
    }

    #[test]
    fn cloudtrail_events_give_service_and_name() {
        let event = r#"{"Records":[
            {"eventSource":"ssm.amazonaws.com","eventName":"GetParameter","errorCode":"AccessDenied"},
            {"eventSource":"ec2messages.amazonaws.com","eventName":"GetMessages"},
            {"eventSource":"s3.amazonaws.com","eventName":"GetObject","errorCode":"AccessDenied",
             "resources":[{"ARN":"arn:aws:s3:::aws-ssm-us-east-1/x"}]}]}"#;
        let d = parse(event).expect("read");
        assert_eq!(
            d.iter().map(|d| d.action.as_str()).collect::<Vec<_>>(),
            ["ssm:GetParameter", "s3:GetObject"]
        );
        assert_eq!(
            d[1].resource.as_deref(),
            Some("arn:aws:s3:::aws-ssm-us-east-1/x")
        );
        assert_eq!(
            parse(r#"{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#),
            Err(DenialError::NoDeniedEvent)
        );
        // JSON of something else is read as text, which names no action here.
        assert!(matches!(parse(r#"{"a":1}"#), Err(DenialError::NoAction(_))));
    }

    #[test]
    fn nothing_readable_is_refused_with_what_was_expected() {
        assert_eq!(parse(" \n"), Err(DenialError::Empty));
        assert!(matches!(parse("it broke"), Err(DenialError::NoAction(_))));
        assert!(matches!(
            parse("when calling the CreateTags operation: no"),
            Ok(ref d) if d[0].action == "ec2:CreateTags"
        ));
        assert!(matches!(
            parse("when calling the DescribeLogGroups operation: no"),
            Ok(ref d) if d[0].action == "logs:DescribeLogGroups"
        ));
    }

    #[test]
    fn verdicts_follow_the_documents() {
        let s3 = plan(&[Feature::S3Output]);
        let outside = Denial {
            action: "s3:PutObject".into(),
            resource: Some("arn:aws:s3:::other/x".into()),
            cause: None,
        };
        assert_eq!(explain(&s3, &outside).verdict, Verdict::OutsideThePlan);
        let inside = Denial {
            resource: Some("arn:aws:s3:::ssm-out/runs/i-1/stdout".into()),
            ..outside.clone()
        };
        assert_eq!(explain(&s3, &inside).verdict, Verdict::PlanGrants);
        let core = plan(&[Feature::Core]);
        let removed = explain(&core, &outside);
        assert_eq!(removed.verdict, Verdict::RemovedByTheMove);
        assert!(
            removed
                .reasons
                .iter()
                .any(|r| r.feature == Feature::S3Output)
        );
        let xray = Denial {
            action: "xray:PutTraceSegments".into(),
            resource: None,
            cause: None,
        };
        let e = explain(&core, &xray);
        assert_eq!(e.verdict, Verdict::NotTheMove);
        assert_eq!(e.managed, [ManagedPolicy::CloudWatchAgentServerPolicy]);
        let unknown = Denial {
            action: "kinesis:PutRecord".into(),
            resource: None,
            cause: None,
        };
        assert_eq!(explain(&core, &unknown).verdict, Verdict::Unknown);
    }

    #[test]
    fn what_aws_says_denied_it_comes_first() {
        let scp = format!(
            "User: {ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::other/x\" with an explicit deny in a service control policy"
        );
        let d = parse(&scp).expect("read");
        assert_eq!(
            d[0].cause,
            Some(Cause::ExplicitDeny("service control policy".into()))
        );
        let e = explain(&plan(&[Feature::Core]), &d[0]);
        assert_eq!(
            e.verdict,
            Verdict::OutsideTheRole(Cause::ExplicitDeny("service control policy".into()))
        );
        let boundary = format!(
            "User: {ROLE} is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:1:parameter/x because no permissions boundary allows the ssm:GetParameter action"
        );
        assert_eq!(
            parse(&boundary).expect("read")[0].cause,
            Some(Cause::NoAllowIn("permissions boundary".into()))
        );
        assert_eq!(
            parse(
                "An error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter /x not found."
            ),
            Err(DenialError::NotADenial("ParameterNotFound".into()))
        );
    }

    #[test]
    fn s3_operations_cloudwatch_and_lookup_events_map_to_their_actions() {
        assert_eq!(parse("An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied").expect("read")[0].action, "s3:ListBucket");
        let lookup = r#"{"Events":[{"EventId":"1","CloudTrailEvent":"{\"eventSource\":\"monitoring.amazonaws.com\",\"eventName\":\"PutMetricData\",\"errorCode\":\"AccessDenied\"}"}]}"#;
        assert_eq!(
            parse(lookup).expect("read")[0].action,
            "cloudwatch:PutMetricData"
        );
        let ndjson = "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"UploadPart\",\"errorCode\":\"AccessDenied\"}\n{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"HeadObject\",\"errorCode\":\"AccessDenied\"}";
        let d = parse(ndjson).expect("read");
        assert_eq!(
            d.iter().map(|d| d.action.as_str()).collect::<Vec<_>>(),
            ["s3:PutObject", "s3:GetObject"]
        );
        let sdk = r#"{"__type":"AccessDeniedException","Message":"User: arn:aws:sts::1:assumed-role/r/i is not authorized to perform: logs:PutLogEvents because no identity-based policy allows the logs:PutLogEvents action"}"#;
        assert_eq!(parse(sdk).expect("read")[0].action, "logs:PutLogEvents");
    }

    #[test]
    fn resource_patterns_match_as_iam_does() {
        assert!(matches("*", "anything"));
        assert!(matches("arn:aws:s3:::b/runs/*", "arn:aws:s3:::b/runs/x/y"));
        assert!(!matches("arn:aws:s3:::b/runs/*", "arn:aws:s3:::b/other"));
        assert!(matches(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:1:instance/i-1"
        ));
        assert!(matches("a?c", "abc") && !matches("a?c", "ac"));
    }
}
