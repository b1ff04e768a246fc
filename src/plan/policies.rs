//! Which policies the roles need, for which features, and their ARNs.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{Feature, ManagedPolicy, Need};
use crate::input::{Checked, Field, InputError, PolicyName, S3Route, Value, VssChoice};
use crate::plan::documents::Documents;
use crate::plan::{CustomKind, Needs, Part, PlannedPolicy, PolicyRef};

/// Every policy the selection calls for, with the features that need it: the managed ones in
/// catalog order, then the custom ones. The one place that says which custom policies a plan
/// has: the AWS-owned buckets policy comes with the VPC endpoint route, needed by no feature.
pub(super) fn needed(checked: &Checked) -> BTreeMap<PolicyRef, Vec<Feature>> {
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
    if checked.s3_route == S3Route::VpcEndpoint {
        needed_by
            .entry(PolicyRef::Custom(CustomKind::AwsBuckets))
            .or_default();
    }
    needed_by
}

/// The custom policies of `needed`, in plan order.
pub(super) fn custom_kinds(needed: &BTreeMap<PolicyRef, Vec<Feature>>) -> Vec<CustomKind> {
    needed
        .keys()
        .filter_map(|p| match p {
            PolicyRef::Custom(kind) => Some(*kind),
            PolicyRef::Managed(_) => None,
        })
        .collect()
}

/// The named custom policies of a plan: kind → (name, ARN), or what they wait for.
pub(super) type CustomArns = BTreeMap<CustomKind, Part<(PolicyName, String)>>;

/// The policies to attach, each with its ARN or what the ARN waits for, and the custom ones'
/// names and ARNs. A custom policy's ARN is made of the account id and the name the user gave
/// it; IAM policy names are unique in an account whatever their case, so a name an earlier
/// policy of the plan already has is an error on the later one's field.
/// `defined_only` are custom policies the plan defines for another role (the hybrid service
/// role's AWS-owned buckets policy) without attaching them to the instance roles.
pub(super) fn plan(
    checked: &Checked,
    needed: BTreeMap<PolicyRef, Vec<Feature>>,
    defined_only: &[CustomKind],
    documents: &Documents,
    needs: &mut Needs,
) -> (Vec<PlannedPolicy>, CustomArns) {
    let mut taken: Vec<(Field, PolicyName)> = Vec::new();
    let mut custom = CustomArns::new();
    let policies = needed
        .into_iter()
        .map(|(policy, needed_by)| {
            let (name, arn) = match policy {
                PolicyRef::Managed(m) => {
                    (m.name().to_owned(), Part::Ready(m.arn(checked.partition)))
                }
                PolicyRef::Custom(kind) => {
                    let named = custom_arn(kind, checked, needs, &mut taken);
                    custom.insert(kind, named.clone());
                    let typed = name_value(kind, checked)
                        .as_ref()
                        .ok()
                        .and_then(Option::as_ref);
                    let name = typed
                        .map_or(default_name(kind), PolicyName::as_str)
                        .to_owned();
                    (name, named.map(|(_, arn)| arn))
                }
            };
            PlannedPolicy {
                policy,
                name,
                arn,
                actions: actions(policy, documents),
                needed_by,
            }
        })
        .collect();
    for &kind in defined_only {
        let named = custom_arn(kind, checked, needs, &mut taken);
        custom.insert(kind, named);
    }
    (policies, custom)
}

/// The actions a policy allows, sorted: a custom one's from its document, or while that
/// waits for a field, the actions it will have whatever the field says.
fn actions(policy: PolicyRef, documents: &Documents) -> Vec<String> {
    let set: BTreeSet<&str> = match policy {
        PolicyRef::Managed(m) => m.actions(),
        PolicyRef::Custom(kind) => match documents.of(kind) {
            Part::Ready(doc) => doc.actions().collect(),
            Part::Blocked(_) | Part::NotApplicable(_) => match kind {
                CustomKind::S3Output => Feature::S3Output.actions(),
                CustomKind::Vss => ManagedPolicy::Ec2VssSnapshotPolicy.actions(),
                CustomKind::AwsBuckets => ["s3:GetObject"].into(),
            },
        },
    };
    set.into_iter().map(str::to_owned).collect()
}

fn custom_arn(
    kind: CustomKind,
    checked: &Checked,
    needs: &mut Needs,
    taken: &mut Vec<(Field, PolicyName)>,
) -> Part<(PolicyName, String)> {
    let account = needs.value(
        Field::AccountId,
        &checked.account_id,
        "for the ARNs of the customer managed policies",
    );
    let field = kind.name_field();
    let mut name = needs.value(field, name_value(kind, checked), kind.name_needed_for());
    if let Part::Ready(n) = name {
        let clash = taken
            .iter()
            .find(|(_, t)| t.as_str().eq_ignore_ascii_case(n.as_str()));
        match clash {
            Some((other, t)) => {
                needs.errors.insert(
                    field,
                    InputError::PolicyNameClash {
                        other: *other,
                        name: t.as_str().to_owned(),
                    },
                );
                name = Part::blocked(field);
            }
            None => taken.push((field, n.clone())),
        }
    }
    account.zip(name).map(|(account, name)| {
        let arn = format!(
            "arn:{}:iam::{account}:policy/{name}",
            checked.partition.id()
        );
        (name.clone(), arn)
    })
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
