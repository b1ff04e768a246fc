//! How the new policy set differs from the old policy, action by action, computed from the
//! documents.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{LEGACY_POLICY, Partition};
use crate::input::Field;
use crate::plan::documents::Documents;
use crate::plan::{CustomKind, Part, PlannedPolicy, PolicyRef};
use crate::policy::{PolicyDocument, arn_in};

/// How the new policy set differs from the old policy, action by action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PermissionChanges {
    /// Granted by the old policy, granted by nothing in the new set.
    pub lost: Vec<String>,
    /// Granted by the old policy on every resource, by the new set only on these resources.
    pub narrowed: Vec<(String, Vec<String>)>,
    /// Granted by the new set, not by the old policy.
    pub gained: Vec<String>,
    /// Custom policies left out of the comparison because their documents wait for these
    /// fields: what they grant shows as lost until then.
    pub pending: Vec<(CustomKind, BTreeSet<Field>)>,
}

/// Compares what `policies` grant with what the old policy granted.
pub(super) fn compare(
    partition: Partition,
    policies: &[PlannedPolicy],
    documents: &Documents,
) -> PermissionChanges {
    let mut granted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pending = Vec::new();
    let mut add = |doc: &PolicyDocument| {
        for s in &doc.statement {
            for a in s.action.values() {
                granted.entry(a.to_owned()).or_default().extend(
                    s.resource
                        .values()
                        .into_iter()
                        .map(|r| arn_in(partition, r)),
                );
            }
        }
    };
    for p in policies {
        match p.policy {
            PolicyRef::Managed(m) => add(&PolicyDocument::from_static(m.document())),
            PolicyRef::Custom(kind) => match documents.of(kind) {
                Part::Ready(doc) => add(doc),
                Part::Blocked(fields) => pending.push((kind, fields.clone())),
                Part::NotApplicable(_) => {}
            },
        }
    }
    let old = PolicyDocument::from_static(LEGACY_POLICY.document());
    let old_actions: BTreeSet<&str> = old.actions().collect();
    let mut changes = PermissionChanges {
        pending,
        ..PermissionChanges::default()
    };
    for &a in &old_actions {
        match granted.get(a) {
            None => changes.lost.push(a.to_owned()),
            Some(resources) if !resources.contains("*") => {
                changes
                    .narrowed
                    .push((a.to_owned(), resources.iter().cloned().collect()));
            }
            Some(_) => {}
        }
    }
    changes.gained = granted
        .keys()
        .filter(|a| !old_actions.contains(a.as_str()))
        .cloned()
        .collect();
    changes
}
