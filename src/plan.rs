//! Selection → plan: which policies the roles need, the documents of the custom ones, what
//! changes in permissions, and what the user should know. Pure, total and deterministic.
//!
//! Every value an output is made of is a [`Part`]: ready, or blocked by the fields it waits
//! for, or not applicable. The plan also says which empty fields it needed and why, so the
//! page's "is required" messages come from the same place as the outputs they block.

pub mod aws_buckets;
mod changes;
pub mod dhmc;
mod documents;
pub mod hybrid;
mod notices;
pub mod organization;
pub mod part;
mod policies;

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{Feature, LEGACY_POLICY, ManagedPolicy, Partition};
use crate::input::{Field, InputError, PolicyName, RoleName, Selection, Value, check};
use crate::policy::PolicyDocument;

pub use changes::PermissionChanges;
pub use notices::Notice;
pub use part::{Inapplicable, Part};

/// A policy the plan attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyRef {
    /// An AWS managed policy.
    Managed(ManagedPolicy),
    /// A customer managed policy the planner writes.
    Custom(CustomKind),
}

/// The customer managed policies the planner can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CustomKind {
    /// Output to the customer's own bucket.
    S3Output,
    /// VSS snapshots: AWS's managed policy written into the account, plus what the older
    /// VSS components call.
    Vss,
    /// The AWS-owned buckets, for instances that reach S3 through a VPC endpoint and for
    /// hybrid nodes.
    AwsBuckets,
}

impl CustomKind {
    /// Both, in plan order.
    pub const ALL: [CustomKind; 3] = [
        CustomKind::S3Output,
        CustomKind::Vss,
        CustomKind::AwsBuckets,
    ];

    /// What the page calls it.
    pub const fn label(self) -> &'static str {
        match self {
            CustomKind::S3Output => "The S3 output policy",
            CustomKind::Vss => "The custom VSS policy",
            CustomKind::AwsBuckets => "The AWS-owned buckets policy",
        }
    }

    /// The IAM description the define script gives it (immutable once created).
    pub const fn description(self) -> &'static str {
        match self {
            CustomKind::S3Output => {
                "Systems Manager instances write command and session output to one S3 bucket and prefix (replaces AmazonEC2RoleforSSM S3 access)"
            }
            CustomKind::Vss => {
                "Systems Manager instances take VSS application-consistent EBS snapshots"
            }
            CustomKind::AwsBuckets => {
                "Systems Manager nodes read the AWS-owned buckets of their Regions: agent updates, patches, packages (replaces AmazonEC2RoleforSSM S3 reads)"
            }
        }
    }

    /// Why the plan has it when no feature needs it, and the AWS page that says so: the
    /// AWS-owned buckets policy comes with the VPC endpoint route.
    pub const fn route_reason(self) -> Option<(&'static str, &'static str)> {
        match self {
            CustomKind::AwsBuckets => Some((
                "Behind an S3 gateway endpoint, the agent reads its updates, patches, Distributor packages and document attachments from AWS-owned buckets only when the role and the endpoint name them; the old policy allowed them with S3 reads on every bucket.",
                crate::catalog::aws_buckets::AGENT_BUCKETS_URL,
            )),
            CustomKind::S3Output | CustomKind::Vss => None,
        }
    }

    /// The field that names it.
    pub const fn name_field(self) -> Field {
        match self {
            CustomKind::S3Output => Field::S3PolicyName,
            CustomKind::Vss => Field::VssPolicyName,
            CustomKind::AwsBuckets => Field::AwsBucketsPolicyName,
        }
    }

    /// Why the plan needs its name, in words that finish "… is required ".
    const fn name_needed_for(self) -> &'static str {
        match self {
            CustomKind::S3Output => "for the S3 output policy",
            CustomKind::Vss => "for the custom VSS policy",
            CustomKind::AwsBuckets => "for the AWS-owned buckets policy",
        }
    }
}

/// One policy of the plan, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPolicy {
    /// Which policy.
    pub policy: PolicyRef,
    /// Its name (a custom policy's name as entered, or its default while that is invalid).
    pub name: String,
    /// Its ARN, or the fields it waits for.
    pub arn: Part<String>,
    /// The actions it allows, sorted.
    pub actions: Vec<String>,
    /// The features (the implied core included) that need it.
    pub needed_by: Vec<Feature>,
}

/// A customer managed policy the plan creates, ready to define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomPolicy {
    /// Which one.
    pub kind: CustomKind,
    /// Its name.
    pub name: PolicyName,
    /// Its ARN in the user's account.
    pub arn: String,
    /// The document.
    pub document: PolicyDocument,
}

/// The whole migration plan for one selection; made only by [`Plan::from_selection`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// The partition.
    pub partition: Partition,
    /// The features covered, the implied core included.
    pub features: BTreeSet<Feature>,
    /// Whether the core is there only because other features need it.
    pub core_implied: bool,
    /// The policies to attach, managed first (feature-table order), then custom.
    pub policies: Vec<PlannedPolicy>,
    /// The `policiesToAdd` ARNs, in plan order.
    pub policies_to_add: Part<Vec<String>>,
    /// The old policy's ARN, `/service-role/` path included.
    pub policy_to_remove: String,
    /// The S3 output policy's document.
    pub s3_document: Part<PolicyDocument>,
    /// The custom VSS policy's document.
    pub vss_document: Part<PolicyDocument>,
    /// The AWS-owned buckets policy's document.
    pub aws_buckets_document: Part<PolicyDocument>,
    /// The S3 gateway endpoint's policy.
    pub endpoint_policy: Part<aws_buckets::EndpointPolicy>,
    /// The customer managed policies to define, with names, ARNs and documents.
    pub custom: Part<Vec<CustomPolicy>>,
    /// The roles to update; empty means every role found carrying the old policy.
    pub roles: Part<Vec<RoleName>>,
    /// The quota of managed policies per role the scripts and the audit stack check against:
    /// the field's, or the default while it is empty or invalid (its message says so).
    pub quota: usize,
    /// Default Host Management Configuration, when it is the target.
    pub dhmc: Part<dhmc::Dhmc>,
    /// The hybrid activations' service role, when hybrid nodes are ticked.
    pub hybrid: Part<hybrid::Hybrid>,
    /// The deployment across an organization, when ticked.
    pub organization: Part<organization::Organization>,
    /// How permissions change.
    pub changes: PermissionChanges,
    /// What the user should know.
    pub notices: Vec<Notice>,
    /// The message of each field in error: invalid, or empty where the plan needs it.
    pub errors: BTreeMap<Field, InputError>,
}

/// The fields the plan needed and found empty, with why, and the rules between fields it
/// found broken.
#[derive(Debug, Default)]
struct Needs {
    required: BTreeMap<Field, &'static str>,
    errors: BTreeMap<Field, InputError>,
}

impl Needs {
    /// A value the plan cannot do without: empty is recorded as required, for `why`.
    fn value<'v, T>(
        &mut self,
        field: Field,
        value: &'v Value<T>,
        why: &'static str,
    ) -> Part<&'v T> {
        match value {
            Ok(Some(v)) => Part::Ready(v),
            Ok(None) => {
                self.required.entry(field).or_insert(why);
                Part::blocked(field)
            }
            Err(_) => Part::blocked(field),
        }
    }

    /// A value the plan can do without; only an invalid one blocks.
    fn optional<T>(field: Field, value: &Value<T>) -> Part<Option<&T>> {
        match value {
            Ok(v) => Part::Ready(v.as_ref()),
            Err(_) => Part::blocked(field),
        }
    }
}

impl Plan {
    /// Plans a selection as typed. Fields in error leave the values made from them blocked.
    pub fn from_selection(selection: &Selection) -> Plan {
        let checked = check(selection);
        let mut needs = Needs::default();
        let partition = checked.partition;

        let needed = policies::needed(&checked);
        let mut custom_kinds = policies::custom_kinds(&needed);
        // Hybrid nodes read the AWS-owned buckets whatever the instances' route: the plan
        // defines that policy for their role even when the instance roles do without it.
        let defined_only: Vec<CustomKind> = (checked.hybrid
            && !custom_kinds.contains(&CustomKind::AwsBuckets))
        .then_some(CustomKind::AwsBuckets)
        .into_iter()
        .collect();
        custom_kinds.extend(&defined_only);
        let documents = documents::plan(&checked, &custom_kinds, &mut needs);
        let (policies, custom_parts) =
            policies::plan(&checked, needed, &defined_only, &documents, &mut needs);
        let policies_to_add = Part::all(policies.iter().map(|p| p.arn.clone()));
        let custom = if custom_parts.is_empty() {
            Part::NotApplicable(Inapplicable::NoCustomPolicy)
        } else {
            Part::all(custom_parts.clone().into_iter().map(|(kind, named)| {
                named
                    .zip(documents.of(kind).clone())
                    .map(|((name, arn), document)| CustomPolicy {
                        kind,
                        name,
                        arn,
                        document,
                    })
            }))
        };
        let roles = match &checked.role_names {
            Ok(roles) => Part::Ready(roles.clone()),
            Err(_) => Part::blocked(Field::RoleNames),
        };
        let changes = changes::compare(partition, &policies, &documents);
        let quota = checked
            .policies_per_role
            .as_ref()
            .ok()
            .copied()
            .flatten()
            .unwrap_or(crate::catalog::MANAGED_POLICIES_PER_ROLE);
        let notices = notices::for_plan(selection, &checked, policies.len(), quota, &changes);
        let endpoint_policy = documents::endpoint_policy(&checked, &mut needs);
        let dhmc = dhmc::plan(&checked, &mut needs);
        let hybrid = hybrid::plan(&checked, &mut needs, &policies_to_add, &custom_parts);
        let organization = organization::plan(&checked, &mut needs, &policies, &custom);

        let mut errors = checked.errors();
        errors.extend(needs.errors);
        for (field, why) in needs.required {
            errors
                .entry(field)
                .or_insert(InputError::Required { field, why });
        }
        Plan {
            partition,
            features: checked.features.clone(),
            core_implied: selection.core_is_implied(),
            policies,
            policies_to_add,
            policy_to_remove: LEGACY_POLICY.arn(partition),
            s3_document: documents.s3,
            vss_document: documents.vss,
            aws_buckets_document: documents.aws_buckets,
            endpoint_policy,
            custom,
            roles,
            quota,
            dhmc,
            hybrid,
            organization,
            changes,
            notices,
            errors,
        }
    }

    /// The error message of a field, when it is in error.
    pub fn error(&self, field: Field) -> Option<String> {
        self.errors.get(&field).map(ToString::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::VssChoice;

    fn selection(features: &[Feature]) -> Selection {
        Selection {
            features: features.iter().copied().collect(),
            ..Selection::default()
        }
    }

    fn fields(fields: &[Field]) -> BTreeSet<Field> {
        fields.iter().copied().collect()
    }

    #[test]
    fn core_only_plan() {
        let plan = Plan::from_selection(&selection(&[Feature::Core]));
        assert_eq!(
            plan.policies_to_add,
            Part::Ready(vec![
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".to_owned()
            ])
        );
        assert!(!plan.core_implied);
        assert_eq!(
            plan.s3_document,
            Part::NotApplicable(Inapplicable::NeedsFeature(Feature::S3Output))
        );
        assert_eq!(
            plan.custom,
            Part::NotApplicable(Inapplicable::NoCustomPolicy)
        );
        assert_eq!(plan.roles, Part::Ready(Vec::new()));
        assert!(plan.errors.is_empty());
    }

    #[test]
    fn lost_and_gained_come_from_the_documents() {
        let plan = Plan::from_selection(&selection(&[
            Feature::Core,
            Feature::DomainJoin,
            Feature::CloudWatchAgent,
        ]));
        assert!(
            plan.changes
                .lost
                .contains(&"ec2:DescribeInstanceStatus".to_owned())
        );
        assert!(plan.changes.lost.contains(&"s3:PutObject".to_owned()));
        assert_eq!(plan.changes.lost.len(), 9);
        assert!(plan.changes.gained.contains(&"ssm:GetParameter".to_owned()));
        assert!(
            plan.changes
                .gained
                .contains(&"xray:PutTraceSegments".to_owned())
        );
        assert!(plan.changes.narrowed.is_empty());
        assert!(plan.changes.pending.is_empty());
    }

    #[test]
    fn an_empty_field_the_plan_needs_is_required_where_it_is_needed() {
        let mut s = selection(&[Feature::S3Output]);
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.error(Field::AccountId).as_deref(),
            Some("account id is required for the ARNs of the customer managed policies")
        );
        assert_eq!(
            plan.error(Field::Bucket).as_deref(),
            Some("bucket name is required for S3 command output")
        );
        assert_eq!(plan.error(Field::VssPolicyName), None);
        s.account_id = "123456789012".into();
        s.bucket = "my-bucket".into();
        assert!(Plan::from_selection(&s).errors.is_empty());
        s.s3_policy_name.clear();
        assert_eq!(
            Plan::from_selection(&s)
                .error(Field::S3PolicyName)
                .as_deref(),
            Some("policy name is required for the S3 output policy")
        );
        s.features.remove(&Feature::S3Output);
        assert!(
            Plan::from_selection(&s).errors.is_empty(),
            "not needed, not required"
        );
    }

    #[test]
    fn s3_policy_waiting_for_its_bucket_is_pending_in_the_changes() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123456789012".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.changes.pending,
            [(CustomKind::S3Output, fields(&[Field::Bucket]))]
        );
        s.bucket = "ssm-out".into();
        assert!(Plan::from_selection(&s).changes.pending.is_empty());
    }

    #[test]
    fn s3_output_narrows_s3_to_the_bucket() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123456789012".into();
        s.bucket = "ssm-out".into();
        s.bucket_prefix = "runs".into();
        let plan = Plan::from_selection(&s);
        assert!(plan.core_implied);
        assert!(
            plan.changes
                .narrowed
                .iter()
                .any(|(a, r)| a == "s3:PutObject" && r == &["arn:aws:s3:::ssm-out/runs/*"])
        );
        assert!(plan.changes.lost.contains(&"s3:ListBucket".to_owned()));
        assert_eq!(
            plan.policies_to_add,
            Part::Ready(vec![
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".to_owned(),
                "arn:aws:iam::123456789012:policy/SSMInstanceS3OutputAccess".to_owned(),
            ])
        );
        assert_eq!(plan.custom.ready().map(Vec::len), Some(1));
    }

    #[test]
    fn invalid_fields_block_the_values_made_of_them() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123".into();
        s.bucket = "ok-bucket".into();
        s.role_names = "bad role".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.policies_to_add,
            Part::Blocked(fields(&[Field::AccountId]))
        );
        assert_eq!(plan.roles, Part::Blocked(fields(&[Field::RoleNames])));
        assert!(plan.s3_document.ready().is_some());
        assert_eq!(plan.custom, Part::Blocked(fields(&[Field::AccountId])));
        assert!(!plan.notices.contains(&Notice::RolesDiscovered));
    }

    #[test]
    fn invalid_prefix_blocks_the_s3_policy_instead_of_widening_it() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123456789012".into();
        s.bucket = "ok-bucket".into();
        s.bucket_prefix = "a*".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.s3_document,
            Part::Blocked(fields(&[Field::BucketPrefix]))
        );
        assert_eq!(plan.custom, Part::Blocked(fields(&[Field::BucketPrefix])));
        assert_eq!(
            plan.changes.pending,
            [(CustomKind::S3Output, fields(&[Field::BucketPrefix]))]
        );
        assert!(
            plan.policies_to_add.ready().is_some(),
            "the ARN needs no prefix"
        );
    }

    #[test]
    fn vss_choice_picks_the_policy() {
        let mut s = selection(&[Feature::VssSnapshots]);
        let managed = Plan::from_selection(&s);
        assert!(
            managed
                .policies
                .iter()
                .any(|p| p.policy == PolicyRef::Managed(ManagedPolicy::Ec2VssSnapshotPolicy))
        );
        assert_eq!(
            managed.vss_document,
            Part::NotApplicable(Inapplicable::NeedsCustomVss)
        );
        s.vss_policy = VssChoice::Custom;
        s.account_id = "123456789012".into();
        let custom = Plan::from_selection(&s);
        assert!(custom.vss_document.ready().is_some());
        assert_eq!(custom.custom.ready().map(Vec::len), Some(1));
    }

    #[test]
    fn a_custom_policy_keeps_its_typed_name_while_the_account_is_missing() {
        let mut s = selection(&[Feature::S3Output]);
        s.s3_policy_name = "MyOutput".into();
        let plan = Plan::from_selection(&s);
        let custom = plan
            .policies
            .iter()
            .find(|p| p.policy == PolicyRef::Custom(CustomKind::S3Output))
            .expect("the S3 policy is planned");
        assert_eq!(custom.name, "MyOutput");
        assert_eq!(custom.arn, Part::Blocked(fields(&[Field::AccountId])));
    }

    #[test]
    fn custom_policy_names_clash_only_among_planned_policies() {
        let mut s = selection(&[Feature::S3Output, Feature::VssSnapshots]);
        s.vss_policy = VssChoice::Custom;
        s.vss_policy_name = s.s3_policy_name.to_lowercase();
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.error(Field::VssPolicyName),
            Some(format!(
                "policy name must differ from '{}', already the S3 output policy name (IAM policy names ignore case)",
                s.s3_policy_name
            ))
        );
        assert!(
            plan.vss_document.ready().is_some(),
            "the document needs no name"
        );
        assert!(matches!(plan.custom, Part::Blocked(ref f) if f.contains(&Field::VssPolicyName)));
        s.vss_policy = VssChoice::Managed;
        assert_eq!(Plan::from_selection(&s).error(Field::VssPolicyName), None);
        s.s3_route = crate::input::S3Route::VpcEndpoint;
        s.regions = "us-east-1".into();
        s.aws_buckets_policy_name = s.s3_policy_name.to_uppercase();
        assert!(matches!(
            Plan::from_selection(&s)
                .errors
                .get(&Field::AwsBucketsPolicyName),
            Some(InputError::PolicyNameClash {
                other: Field::S3PolicyName,
                ..
            })
        ));
    }

    #[test]
    fn legacy_arn_in_every_partition() {
        for p in Partition::ALL {
            let s = Selection {
                partition: p,
                ..Selection::default()
            };
            let plan = Plan::from_selection(&s);
            assert_eq!(
                plan.policy_to_remove,
                format!(
                    "arn:{}:iam::aws:policy/service-role/AmazonEC2RoleforSSM",
                    p.id()
                )
            );
        }
    }
}
