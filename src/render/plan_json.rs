//! The whole plan as JSON, and the embedded AWS managed policies as JSON: the machine-readable
//! forms the command line prints for scripts and for the outside checks of the outputs.
//!
//! Keys are kebab-case like the plan file's; maps are sorted and lists keep plan order, so the
//! text is the same byte for byte from run to run.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Feature, ManagedPolicy, Need, Partition};
use crate::input::Field;
use crate::plan::aws_buckets::EndpointPolicy;
use crate::plan::{CustomKind, Part, Plan, PolicyRef};
use crate::policy::Printed;
use crate::policy::{PolicyDocument, TrustPolicy};
use crate::render::{Output, render};

/// The plan, shaped for JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlanJson<'a> {
    /// The partition id.
    pub partition: &'static str,
    /// The features covered, the implied core included.
    pub features: Vec<&'static str>,
    /// Whether the core is there only because other features need it.
    pub core_implied: bool,
    /// Every policy the plan attaches, in plan order.
    pub policies: Vec<PolicyJson<'a>>,
    /// The `policiesToAdd` ARNs; `null` while a custom policy's ARN is unknown.
    pub policies_to_add: Option<&'a [String]>,
    /// The old policy's ARN.
    pub policy_to_remove: &'a str,
    /// The customer managed policies to define, with their documents; `null` while one waits
    /// for a field, `[]` when the plan has none.
    pub custom_policies: Option<Vec<CustomPolicyJson<'a>>>,
    /// The S3 gateway endpoint's policy, with the VPC endpoint route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_endpoint_policy: Option<&'a EndpointPolicy>,
    /// Default Host Management, when it is the target and its Regions are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dhmc: Option<DhmcJson<'a>>,
    /// The roles the update script names; empty means it discovers them, `null` while the
    /// role names are in error.
    pub roles: Option<Vec<&'a str>>,
    /// How permissions change against the old policy.
    pub permission_changes: ChangesJson<'a>,
    /// What the user should know, in words.
    pub notices: Vec<String>,
    /// Every output by id: whether it is ready, and its download name.
    pub outputs: BTreeMap<&'static str, OutputJson>,
}

/// Default Host Management: the role, its policy and trust, the setting and its Regions.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct DhmcJson<'a> {
    /// The role's name.
    pub role_name: &'static str,
    /// The role's IAM path.
    pub role_path: &'static str,
    /// The managed policy the role carries.
    pub policy_arn: &'a str,
    /// The role's trust policy.
    pub trust_policy: &'a TrustPolicy,
    /// The service setting.
    pub setting_id: &'static str,
    /// Its value.
    pub setting_value: &'a str,
    /// Where it is turned on.
    pub regions: Vec<&'a str>,
    /// The ticked features that keep an instance profile.
    pub profile_features: Vec<&'static str>,
}

/// One planned policy.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PolicyJson<'a> {
    /// The policy's name.
    pub name: String,
    /// `managed`, `custom-s3-output` or `custom-vss`.
    pub kind: &'static str,
    /// The ARN; `null` for a custom policy while the account id or name is missing.
    pub arn: Option<&'a str>,
    /// The embedded default version of a managed policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'static str>,
    /// The ticked features (and the implied core) that need it.
    pub needed_by: Vec<&'static str>,
    /// Why each of those features needs it, by feature id.
    pub why: BTreeMap<&'static str, &'static str>,
}

/// One customer managed policy the define script creates.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct CustomPolicyJson<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its ARN in the user's account.
    pub arn: &'a str,
    /// Its IAM description.
    pub description: &'static str,
    /// The output that shows its document.
    pub output: &'static str,
    /// Its size as IAM counts it (whitespace not counted).
    pub size: usize,
    /// The document.
    pub document: &'a PolicyDocument,
}

/// The permission changes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ChangesJson<'a> {
    /// Actions the old policy granted and nothing in the new set grants.
    pub lost: &'a [String],
    /// Actions the old policy granted on every resource, now on these only.
    pub narrowed: Vec<NarrowedJson<'a>>,
    /// Actions the new set grants and the old policy did not.
    pub gained: &'a [String],
    /// Kinds of the custom policies not counted yet, their documents waiting for fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<&'static str>,
}

/// One narrowed action.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct NarrowedJson<'a> {
    /// The action.
    pub action: &'a str,
    /// The resources the new set grants it on.
    pub resources: &'a [String],
}

/// One output's readiness.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OutputJson {
    /// `ready`, `not-applicable` or `blocked`.
    pub status: &'static str,
    /// The fields a blocked output waits for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<&'static str>,
    /// The file name a download of the output gets.
    pub file: &'static str,
}

fn kind(policy: PolicyRef) -> &'static str {
    match policy {
        PolicyRef::Managed(_) => "managed",
        PolicyRef::Custom(kind) => custom_kind(kind),
    }
}

fn custom_kind(kind: CustomKind) -> &'static str {
    match kind {
        CustomKind::S3Output => "custom-s3-output",
        CustomKind::Vss => "custom-vss",
        CustomKind::AwsBuckets => "custom-aws-buckets",
    }
}

fn document_output(kind: CustomKind) -> &'static str {
    match kind {
        CustomKind::S3Output => Output::S3Policy.id(),
        CustomKind::Vss => Output::VssPolicy.id(),
        CustomKind::AwsBuckets => Output::AwsBucketsPolicy.id(),
    }
}

impl<'a> PlanJson<'a> {
    /// Shapes `plan` for JSON.
    pub fn new(plan: &'a Plan) -> PlanJson<'a> {
        let policies = plan
            .policies
            .iter()
            .map(|p| PolicyJson {
                name: p.name.clone(),
                kind: kind(p.policy),
                arn: p.arn.ready().map(String::as_str),
                version: match p.policy {
                    PolicyRef::Managed(m) => Some(m.facts().version),
                    PolicyRef::Custom(_) => None,
                },
                needed_by: p.needed_by.iter().map(|f| f.id()).collect(),
                why: p
                    .needed_by
                    .iter()
                    .map(|f| (f.id(), f.facts().why))
                    .chain(match p.policy {
                        PolicyRef::Custom(kind) => kind
                            .route_reason()
                            .map(|(why, _)| (Field::S3Route.id(), why)),
                        PolicyRef::Managed(_) => None,
                    })
                    .collect(),
            })
            .collect();
        let custom_policies = match &plan.custom {
            Part::Ready(custom) => Some(
                custom
                    .iter()
                    .map(|c| CustomPolicyJson {
                        name: c.name.as_str(),
                        arn: &c.arn,
                        description: c.kind.description(),
                        output: document_output(c.kind),
                        size: c.document.size(),
                        document: &c.document,
                    })
                    .collect(),
            ),
            Part::NotApplicable(_) => Some(Vec::new()),
            Part::Blocked(_) => None,
        };
        let outputs = Output::ALL
            .into_iter()
            .map(|o| {
                let (status, blocked_by) = match render(plan, o) {
                    Part::Ready(_) => ("ready", Vec::new()),
                    Part::NotApplicable(_) => ("not-applicable", Vec::new()),
                    Part::Blocked(fields) => ("blocked", fields.iter().map(|f| f.id()).collect()),
                };
                (
                    o.id(),
                    OutputJson {
                        status,
                        blocked_by,
                        file: o.facts().file_name,
                    },
                )
            })
            .collect();
        PlanJson {
            partition: plan.partition.id(),
            features: plan.features.iter().map(|f| f.id()).collect(),
            core_implied: plan.core_implied,
            policies,
            policies_to_add: plan.policies_to_add.ready().map(Vec::as_slice),
            policy_to_remove: &plan.policy_to_remove,
            custom_policies,
            s3_endpoint_policy: plan.endpoint_policy.ready(),
            dhmc: plan.dhmc.ready().map(|d| DhmcJson {
                role_name: d.role_name,
                role_path: d.role_path,
                policy_arn: &d.policy_arn,
                trust_policy: &d.trust_policy,
                setting_id: d.setting_id,
                setting_value: &d.setting_value,
                regions: d.regions.iter().map(|r| r.as_str()).collect(),
                profile_features: d.profile_features.iter().map(|f| f.id()).collect(),
            }),
            roles: plan
                .roles
                .ready()
                .map(|roles| roles.iter().map(|r| r.as_str()).collect()),
            permission_changes: ChangesJson {
                lost: &plan.changes.lost,
                narrowed: plan
                    .changes
                    .narrowed
                    .iter()
                    .map(|(action, resources)| NarrowedJson { action, resources })
                    .collect(),
                gained: &plan.changes.gained,
                pending: plan
                    .changes
                    .pending
                    .iter()
                    .map(|(kind, _)| custom_kind(*kind))
                    .collect(),
            },
            notices: plan.notices.iter().map(|n| n.message()).collect(),
            outputs,
        }
    }
}

/// One embedded AWS managed policy.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ManagedPolicyJson {
    /// Its name.
    pub name: &'static str,
    /// Its IAM path.
    pub path: &'static str,
    /// Its ARN in the partition asked for.
    pub arn: String,
    /// The embedded default version.
    pub version: &'static str,
    /// When AWS published that version.
    pub version_date: &'static str,
    /// The features that need it (the deprecated policy: none).
    pub needed_by: Vec<&'static str>,
    /// The document as AWS publishes it (commercial ARNs, as in every partition's copy).
    pub document: PolicyDocument,
}

/// Every embedded managed policy, ARNs for `partition`.
pub fn managed_policies(partition: Partition) -> Vec<ManagedPolicyJson> {
    ManagedPolicy::ALL
        .into_iter()
        .map(|m| ManagedPolicyJson {
            name: m.name(),
            path: m.facts().path,
            arn: m.arn(partition),
            version: m.facts().version,
            version_date: m.facts().version_date,
            needed_by: Feature::ALL
                .into_iter()
                .filter(|f| match f.facts().need {
                    Need::Managed(n) => n == m,
                    Need::Vss => m == ManagedPolicy::Ec2VssSnapshotPolicy,
                    Need::CustomS3Output => false,
                })
                .map(|f| f.id())
                .collect(),
            document: PolicyDocument::from_static(m.document()),
        })
        .collect()
}

fn pretty<T: Serialize>(value: &T) -> String {
    // Only strings, numbers, lists and string-keyed maps: serializing cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The plan as pretty-printed JSON.
pub fn plan_json(plan: &Plan) -> String {
    pretty(&PlanJson::new(plan))
}

/// The embedded managed policies as pretty-printed JSON.
pub fn managed_policies_json(partition: Partition) -> String {
    pretty(&managed_policies(partition))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Selection, VssChoice};

    fn full_selection() -> Selection {
        Selection {
            features: Feature::ALL.into_iter().collect(),
            partition: Partition::AwsCn,
            account_id: "111122223333".into(),
            bucket: "ssm-output".into(),
            bucket_prefix: "runs".into(),
            vss_policy: VssChoice::Custom,
            role_names: "web\nbatch".into(),
            ..Selection::default()
        }
    }

    #[test]
    fn plan_json_carries_the_plan() {
        let plan = Plan::from_selection(&full_selection());
        let value: serde_json::Value =
            serde_json::from_str(&plan_json(&plan)).expect("the plan is JSON");
        assert_eq!(value["partition"], "aws-cn");
        assert_eq!(
            value["policy-to-remove"],
            "arn:aws-cn:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
        );
        let to_add = value["policies-to-add"].as_array().expect("a list");
        assert_eq!(to_add.len(), plan.policies.len());
        assert_eq!(value["custom-policies"].as_array().map(Vec::len), Some(2));
        assert_eq!(value["custom-policies"][1]["output"], "vss-policy");
        assert_eq!(value["outputs"]["cli-define"]["status"], "ready");
        assert_eq!(
            value["outputs"]["cli-define"]["file"],
            "1-define-policies.sh"
        );
        assert_eq!(value["roles"], serde_json::json!(["web", "batch"]));
        assert_eq!(value["policies"][0]["version"], "v2");
        assert!(value["policies"][0]["why"]["core"].is_string());
    }

    #[test]
    fn blocked_values_are_null_not_empty() {
        let mut blocked = full_selection();
        blocked.role_names = "not a role".into();
        blocked.account_id = "12".into();
        let plan = Plan::from_selection(&blocked);
        let value: serde_json::Value =
            serde_json::from_str(&plan_json(&plan)).expect("the plan is JSON");
        assert_eq!(value["roles"], serde_json::Value::Null, "not 'every role'");
        assert_eq!(value["custom-policies"], serde_json::Value::Null);
    }

    #[test]
    fn blocked_outputs_name_their_fields() {
        let mut s = full_selection();
        s.account_id = "12".into();
        let plan = Plan::from_selection(&s);
        let value: serde_json::Value =
            serde_json::from_str(&plan_json(&plan)).expect("the plan is JSON");
        assert_eq!(value["policies-to-add"], serde_json::Value::Null);
        assert_eq!(value["outputs"]["policies-to-add"]["status"], "blocked");
        assert_eq!(
            value["outputs"]["policies-to-add"]["blocked-by"],
            serde_json::json!(["account-id"])
        );
    }

    #[test]
    fn every_output_is_listed_with_its_file() {
        let plan = Plan::from_selection(&Selection::default());
        let json = PlanJson::new(&plan);
        assert_eq!(json.outputs.len(), Output::ALL.len());
        for o in Output::ALL {
            assert_eq!(
                json.outputs.get(o.id()).map(|j| j.file),
                Some(o.facts().file_name)
            );
        }
        assert_eq!(json.outputs["s3-policy"].status, "not-applicable");
        assert_eq!(json.outputs["cli-find"].status, "ready");
    }

    #[test]
    fn managed_policies_follow_partition_and_catalog() {
        let list = managed_policies(Partition::AwsUsGov);
        assert_eq!(list.len(), ManagedPolicy::ALL.len());
        let legacy = list.iter().find(|m| m.name == "AmazonEC2RoleforSSM");
        assert_eq!(
            legacy.map(|m| m.arn.as_str()),
            Some("arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM")
        );
        assert!(legacy.is_some_and(|m| m.needed_by.is_empty()));
        let core = list
            .iter()
            .find(|m| m.name == "AmazonSSMManagedInstanceCore");
        assert_eq!(
            core.map(|m| m.needed_by.clone()),
            Some(vec!["core", "session-manager"])
        );
    }
}
