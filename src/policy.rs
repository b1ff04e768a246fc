//! IAM policy documents as data: the one model for embedded managed policies and the custom
//! policies the planner writes, and the one printer for both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Partition, StaticStatement, Values};

/// The only policy language version the planner writes.
pub const POLICY_VERSION: &str = "2012-10-17";

/// A list that IAM lets a document write as one string when it has one element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value, written as a string.
    One(String),
    /// A list of values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values, whichever way they are written.
    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(v) => vec![v.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }

    fn from_values(values: Values) -> OneOrMany {
        match values {
            Values::One(v) => OneOrMany::One(v.to_owned()),
            Values::List(l) => OneOrMany::Many(l.iter().map(|v| (*v).to_owned()).collect()),
        }
    }

    fn of(values: &[&str]) -> OneOrMany {
        match values {
            [one] => OneOrMany::One((*one).to_owned()),
            many => OneOrMany::Many(many.iter().map(|v| (*v).to_owned()).collect()),
        }
    }
}

/// One `Allow` statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    /// Statement id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Always `Allow` in what the planner writes.
    pub effect: String,
    /// Actions, a sorted list in what the planner writes.
    pub action: OneOrMany,
    /// Resources, a sorted list in what the planner writes.
    pub resource: OneOrMany,
    /// Conditions: operator → key → values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, OneOrMany>>,
}

impl Statement {
    /// An `Allow` statement; actions and resources are sorted and deduplicated.
    pub fn allow<A, R>(sid: &str, actions: A, resources: R) -> Statement
    where
        A: IntoIterator,
        A::Item: Into<String>,
        R: IntoIterator,
        R::Item: Into<String>,
    {
        let sorted = |items: Vec<String>| {
            let mut v = items;
            v.sort();
            v.dedup();
            v
        };
        Statement {
            sid: Some(sid.to_owned()),
            effect: "Allow".to_owned(),
            action: OneOrMany::Many(sorted(actions.into_iter().map(Into::into).collect())),
            resource: OneOrMany::Many(sorted(resources.into_iter().map(Into::into).collect())),
            condition: BTreeMap::new(),
        }
    }

    /// Adds a condition.
    pub fn with_condition(mut self, operator: &str, key: &str, values: &[&str]) -> Statement {
        self.condition
            .entry(operator.to_owned())
            .or_default()
            .insert(key.to_owned(), OneOrMany::of(values));
        self
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    /// Always [`POLICY_VERSION`].
    pub version: String,
    /// The statements.
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    /// A document of these statements.
    pub fn new(statement: Vec<Statement>) -> PolicyDocument {
        PolicyDocument {
            version: POLICY_VERSION.to_owned(),
            statement,
        }
    }

    /// The document of an embedded managed policy, statements and values as published.
    pub fn from_static(statements: &[StaticStatement]) -> PolicyDocument {
        let statement = statements
            .iter()
            .map(|s| {
                let mut condition: BTreeMap<String, BTreeMap<String, OneOrMany>> = BTreeMap::new();
                for c in s.conditions {
                    condition
                        .entry(c.operator.to_owned())
                        .or_default()
                        .insert(c.key.to_owned(), OneOrMany::of(c.values));
                }
                Statement {
                    sid: s.sid.map(str::to_owned),
                    effect: "Allow".to_owned(),
                    action: OneOrMany::from_values(s.actions),
                    resource: OneOrMany::from_values(s.resources),
                    condition,
                }
            })
            .collect();
        PolicyDocument::new(statement)
    }

    /// Every action the document allows, on any resource.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        self.statement.iter().flat_map(|s| s.action.values())
    }
}

/// A role's trust policy: who may assume the role, and on what conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrustPolicy {
    /// Always [`POLICY_VERSION`].
    pub version: String,
    /// The statements.
    pub statement: Vec<TrustStatement>,
}

/// One statement of a trust policy: a service may assume the role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrustStatement {
    /// Always `Allow`.
    pub effect: String,
    /// The service principal.
    pub principal: ServicePrincipal,
    /// Always `sts:AssumeRole`.
    pub action: String,
    /// Conditions: operator → key → values.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, OneOrMany>>,
}

/// `"Principal": {"Service": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicePrincipal {
    /// The service's principal name, such as `ssm.amazonaws.com`.
    pub service: String,
}

impl TrustPolicy {
    /// A policy that lets `service` assume the role, on no condition.
    pub fn for_service(service: &str) -> TrustPolicy {
        TrustPolicy {
            version: POLICY_VERSION.to_owned(),
            statement: vec![TrustStatement {
                effect: "Allow".to_owned(),
                principal: ServicePrincipal {
                    service: service.to_owned(),
                },
                action: "sts:AssumeRole".to_owned(),
                condition: BTreeMap::new(),
            }],
        }
    }
}

impl TrustPolicy {
    /// Adds a condition to the policy's statement.
    pub fn with_condition(mut self, operator: &str, key: &str, values: &[&str]) -> TrustPolicy {
        for s in &mut self.statement {
            s.condition
                .entry(operator.to_owned())
                .or_default()
                .insert(key.to_owned(), OneOrMany::of(values));
        }
        self
    }
}

impl Printed for TrustPolicy {}

/// A policy as IAM reads it, identity or resource policy alike: printed one way, sized one way.
pub trait Printed: Serialize + Sized {
    /// Pretty-printed as the IAM console shows it: four-space indent, keys in IAM's order.
    fn to_pretty_json(&self) -> String {
        pretty_json(self)
    }

    /// On one line, as IAM stores it.
    fn to_compact_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The size IAM counts against its limits: characters, whitespace outside strings not
    /// counted.
    fn size(&self) -> usize {
        self.to_compact_json().chars().count()
    }
}

impl Printed for PolicyDocument {}

/// Four-space indent, keys in the order of the struct, which follows IAM's.
fn pretty_json<T: Serialize>(policy: &T) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Policies are plain strings, lists and string-keyed maps: serializing cannot fail.
    if policy.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Rewrites `arn:aws:` to the partition's prefix: managed documents are published with the
/// commercial prefix, custom ones are written for the user's partition.
pub fn arn_in(partition: Partition, commercial_arn: &str) -> String {
    match commercial_arn.strip_prefix("arn:aws:") {
        Some(rest) => format!("arn:{}:{rest}", partition.id()),
        None => commercial_arn.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ManagedPolicy;

    #[test]
    fn embedded_documents_have_the_published_sizes() {
        // Sizes as IAM counts them, from the published default versions.
        let expected = [
            (ManagedPolicy::SsmManagedInstanceCore, 864),
            (ManagedPolicy::SsmDirectoryServiceAccess, 128),
            (ManagedPolicy::CloudWatchAgentServerPolicy, 609),
            (ManagedPolicy::Ec2RoleForSsm, 1476),
            (ManagedPolicy::Ec2VssSnapshotPolicy, 1881),
        ];
        for (policy, size) in expected {
            assert_eq!(
                PolicyDocument::from_static(policy.document()).size(),
                size,
                "{}",
                policy.name()
            );
        }
    }

    #[test]
    fn pretty_json_uses_iam_key_order_and_indent() {
        let doc = PolicyDocument::new(vec![
            Statement::allow("S", ["b:B", "a:A", "a:A"], ["*"]).with_condition(
                "StringEquals",
                "k",
                &["v"],
            ),
        ]);
        let text = doc.to_pretty_json();
        assert!(text.starts_with("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": ["));
        let sid = text.find("\"Sid\"").unwrap_or(usize::MAX);
        let effect = text.find("\"Effect\"").unwrap_or(0);
        assert!(sid < effect);
        assert_eq!(doc.statement[0].action.values(), ["a:A", "b:B"]);
        assert!(text.contains("\"k\": \"v\""));
    }

    #[test]
    fn arns_follow_partition() {
        assert_eq!(
            arn_in(Partition::AwsCn, "arn:aws:ec2:*:*:volume/*"),
            "arn:aws-cn:ec2:*:*:volume/*"
        );
        assert_eq!(arn_in(Partition::AwsUsGov, "*"), "*");
    }
}
