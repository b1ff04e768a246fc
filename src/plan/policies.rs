//! Which policies the roles need, for which features, and their ARNs.

use std::collections::BTreeMap;

use crate::catalog::{Feature, ManagedPolicy, Need};
use crate::input::{Checked, Field, PolicyName, S3Route, Value, VssChoice};
use crate::plan::{CustomKind, Inapplicable, Needs, Part, PlannedPolicy, PolicyRef};

/// The customer managed policies the selection calls for, in plan order.
pub(super) fn custom_kinds(checked: &Checked) -> Vec<CustomKind> {
    CustomKind::ALL
        .into_iter()
        .filter(|kind| match kind {
            CustomKind::S3Output => checked.features.contains(&Feature::S3Output),
            CustomKind::Vss => {
                checked.features.contains(&Feature::VssSnapshots)
                    && checked.vss == VssChoice::Custom
            }
            CustomKind::AwsBuckets => checked.s3_route == S3Route::VpcEndpoint,
        })
        .collect()
}

/// A custom policy's name and ARN, made of the account id and the name the user gave it.
pub(super) fn custom_arn(
    kind: CustomKind,
    checked: &Checked,
    needs: &mut Needs,
) -> Part<(PolicyName, String)> {
    let account = needs.value(
        Field::AccountId,
        &checked.account_id,
        "for the ARNs of the customer managed policies",
    );
    let name = needs.value(
        kind.name_field(),
        name_value(kind, checked),
        kind.name_needed_for(),
    );
    account.zip(name).map(|(account, name)| {
        let arn = format!(
            "arn:{}:iam::{account}:policy/{name}",
            checked.partition.id()
        );
        (name.clone(), arn)
    })
}

/// The policies to attach: the managed ones in catalog order, then the custom ones, each with
/// the features that need it (none for the AWS-owned buckets: the route needs it).
pub(super) fn plan(
    checked: &Checked,
    custom: &[(CustomKind, Part<(PolicyName, String)>)],
) -> Vec<PlannedPolicy> {
    let mut needed_by: BTreeMap<PolicyRef, Vec<Feature>> = BTreeMap::new();
    for &f in &checked.features {
        let policy = match f.facts().need {
            Need::Managed(m) => PolicyRef::Managed(m),
            Need::CustomS3Output => PolicyRef::Custom(CustomKind::S3Output),
            Need::Vss => match checked.vss {
                VssChoice::Managed => PolicyRef::Managed(ManagedPolicy::Ec2VssSnapshotPolicy),
                VssChoice::Custom => PolicyRef::Custom(CustomKind::Vss),
            },
        };
        needed_by.entry(policy).or_default().push(f);
    }
    if custom
        .iter()
        .any(|(kind, _)| *kind == CustomKind::AwsBuckets)
    {
        needed_by
            .entry(PolicyRef::Custom(CustomKind::AwsBuckets))
            .or_default();
    }
    needed_by
        .into_iter()
        .map(|(policy, needed_by)| {
            let (name, arn) = match policy {
                PolicyRef::Managed(m) => {
                    (m.name().to_owned(), Part::Ready(m.arn(checked.partition)))
                }
                PolicyRef::Custom(kind) => {
                    let named = custom
                        .iter()
                        .find(|(k, _)| *k == kind)
                        .map(|(_, part)| part.clone())
                        .unwrap_or(Part::NotApplicable(Inapplicable::NoCustomPolicy));
                    let name = name_value(kind, checked)
                        .as_ref()
                        .ok()
                        .and_then(Option::as_ref)
                        .map_or(default_name(kind), PolicyName::as_str)
                        .to_owned();
                    (name, named.map(|(_, arn)| arn))
                }
            };
            PlannedPolicy {
                policy,
                name,
                arn,
                needed_by,
            }
        })
        .collect()
}

fn name_value(kind: CustomKind, checked: &Checked) -> &Value<PolicyName> {
    match kind {
        CustomKind::S3Output => &checked.s3_policy_name,
        CustomKind::Vss => &checked.vss_policy_name,
        CustomKind::AwsBuckets => &checked.aws_buckets_policy_name,
    }
}

fn default_name(kind: CustomKind) -> &'static str {
    match kind {
        CustomKind::S3Output => crate::catalog::DEFAULT_S3_POLICY_NAME,
        CustomKind::Vss => crate::catalog::DEFAULT_VSS_POLICY_NAME,
        CustomKind::AwsBuckets => crate::catalog::DEFAULT_AWS_BUCKETS_POLICY_NAME,
    }
}
