//! Selection → plan: which policies the roles need, the documents of the custom ones, what
//! changes in permissions, and which outputs are ready. Pure, total and deterministic.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{
    Feature, LEGACY_POLICY, MANAGED_POLICIES_PER_ROLE, ManagedPolicy, Need, Partition,
};
use crate::input::{
    Field, Inputs, KmsKeyArn, PolicyName, RoleName, Selection, Validated, VssChoice, validate,
};
use crate::policy::{PolicyDocument, Statement, arn_in};

/// A policy the plan attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyRef {
    /// An AWS managed policy.
    Managed(ManagedPolicy),
    /// The customer managed policy for the customer's output bucket.
    CustomS3Output,
    /// The customer managed VSS snapshot policy.
    CustomVss,
}

/// One policy of the plan, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPolicy {
    /// Which policy.
    pub policy: PolicyRef,
    /// Its name (a custom policy's name as entered, or its default while that is invalid).
    pub name: String,
    /// Its ARN; `None` for a custom policy while the account id or name is missing.
    pub arn: Option<String>,
    /// The ticked features that need it.
    pub needed_by: Vec<Feature>,
}

/// A customer managed policy the plan creates, ready to define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomPolicy {
    /// Which one.
    pub policy: PolicyRef,
    /// Its name.
    pub name: PolicyName,
    /// Its ARN in the user's account.
    pub arn: String,
    /// The IAM description (immutable once created).
    pub description: &'static str,
    /// The document.
    pub document: PolicyDocument,
}

/// An artifact the planner produces; the ids are the page's `data-output` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Output {
    /// `policiesToAdd` for the remediation stack.
    PoliciesToAdd,
    /// `policyToRemove` for the remediation stack.
    PolicyToRemove,
    /// The custom S3 output policy document.
    S3Policy,
    /// The custom VSS policy document.
    VssPolicy,
    /// Script: create the custom policies.
    CliDefine,
    /// Script: list what carries the old policy.
    CliFind,
    /// Script: attach the new set to the roles, then detach the old policy.
    CliUpdateRoles,
    /// Script: deploy the Config audit and remediation stack.
    CliAudit,
    /// Script: compare the roles with the plan, and list the managed nodes not online.
    CliVerify,
    /// Script: restore the roles as they were before the update.
    CliRollback,
    /// The CloudFormation template of that stack.
    AuditTemplate,
}

impl Output {
    /// Every output, in page order.
    pub const ALL: [Output; 11] = [
        Output::PoliciesToAdd,
        Output::PolicyToRemove,
        Output::S3Policy,
        Output::VssPolicy,
        Output::CliDefine,
        Output::CliFind,
        Output::CliUpdateRoles,
        Output::CliAudit,
        Output::CliVerify,
        Output::CliRollback,
        Output::AuditTemplate,
    ];

    /// The id (`data-output` in the page, the output name on the command line).
    pub const fn id(self) -> &'static str {
        match self {
            Output::PoliciesToAdd => "policies-to-add",
            Output::PolicyToRemove => "policy-to-remove",
            Output::S3Policy => "s3-policy",
            Output::VssPolicy => "vss-policy",
            Output::CliDefine => "cli-define",
            Output::CliFind => "cli-find",
            Output::CliUpdateRoles => "cli-update-roles",
            Output::CliAudit => "cli-audit",
            Output::CliVerify => "cli-verify",
            Output::CliRollback => "cli-rollback",
            Output::AuditTemplate => "audit-template",
        }
    }

    /// A heading for the output.
    pub const fn title(self) -> &'static str {
        match self {
            Output::PoliciesToAdd => "policiesToAdd",
            Output::PolicyToRemove => "policyToRemove",
            Output::S3Policy => "Custom policy: S3 command output",
            Output::VssPolicy => "Custom policy: VSS snapshots",
            Output::CliDefine => "1. Define the custom policies",
            Output::CliFind => "2. Find what carries the old policy",
            Output::CliUpdateRoles => "3. Update the roles",
            Output::CliAudit => "4. Deploy the Config audit and remediation",
            Output::CliVerify => "5. Verify the roles and managed nodes",
            Output::CliRollback => "Rollback: restore the roles as they were before step 3",
            Output::AuditTemplate => "Audit and remediation stack (CloudFormation)",
        }
    }

    /// The file name a download of the output gets.
    pub const fn file_name(self) -> &'static str {
        match self {
            Output::PoliciesToAdd => "policies-to-add.txt",
            Output::PolicyToRemove => "policy-to-remove.txt",
            Output::S3Policy => "ssm-s3-output-policy.json",
            Output::VssPolicy => "ssm-vss-snapshot-policy.json",
            Output::CliDefine => "1-define-policies.sh",
            Output::CliFind => "2-find-old-policy.sh",
            Output::CliUpdateRoles => "3-update-roles.sh",
            Output::CliAudit => "4-deploy-audit.sh",
            Output::CliVerify => "5-verify-roles.sh",
            Output::CliRollback => "rollback-roles.sh",
            Output::AuditTemplate => "ssm-managed-policy-audit.yaml",
        }
    }

    /// Parses an output id.
    pub fn from_id(id: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// Whether an output can be shown for the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It can.
    Ready,
    /// It does not apply to the selection (no custom policy to show, say).
    NotApplicable,
    /// These fields are missing or in error, and the output needs them.
    Blocked(Vec<Field>),
}

/// How the new policy set differs from the old policy, action by action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PermissionChanges {
    /// Granted by the old policy, granted by nothing in the new set.
    pub lost: Vec<String>,
    /// Granted by the old policy on every resource, by the new set only on these resources.
    pub narrowed: Vec<(String, Vec<String>)>,
    /// Granted by the new set, not by the old policy.
    pub gained: Vec<String>,
    /// Custom policies left out of the comparison because their documents wait for fields
    /// to be filled in or corrected: what they grant shows as lost until then.
    pub pending: Vec<PolicyRef>,
}

/// Something the user should know about the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// No feature ticked: the plan keeps the core.
    NothingTicked,
    /// The new set, plus the old policy during remediation, exceeds the role quota.
    OverQuota {
        /// Policies the plan attaches.
        count: usize,
    },
    /// Remediation attaches before it detaches; how many other policies a role may hold.
    Headroom {
        /// Policies the plan attaches.
        count: usize,
        /// Other managed policies a role may have so that remediation fits the default quota.
        room: usize,
    },
    /// Roles are discovered by the scripts because none were entered.
    RolesDiscovered,
    /// S3 command output is not ticked, and the old policy's S3 access goes away.
    S3AccessDropped,
    /// The CloudWatch agent writing its own configuration needs the admin policy.
    CloudWatchAdmin,
    /// Users and groups are flagged, never changed.
    UsersAndGroupsByHand,
}

impl Notice {
    /// The notice in words.
    pub fn message(&self) -> String {
        match self {
            Notice::NothingTicked => "No feature is ticked: the plan keeps AmazonSSMManagedInstanceCore, the least a managed instance needs.".to_owned(),
            Notice::OverQuota { count } => format!(
                "The plan attaches {count} policies; with the old one still attached during remediation that is more than the default quota of {MANAGED_POLICIES_PER_ROLE} managed policies per role. Ask for a higher quota in Service Quotas before remediating."
            ),
            Notice::Headroom { count, room } => format!(
                "Remediation attaches the {count} new {} before it detaches the old one, so for a moment a role holds {} of them. Under the default quota of {MANAGED_POLICIES_PER_ROLE} managed policies per role, a role may carry at most {room} other managed {} or the attach fails and the old policy stays.",
                if *count == 1 { "policy" } else { "policies" },
                count + 1,
                if *room == 1 { "policy" } else { "policies" },
            ),
            Notice::RolesDiscovered => "No role names entered: the update script updates every role that carries the old policy when it runs.".to_owned(),
            Notice::S3AccessDropped => "S3 command output is not ticked: the roles lose the old policy's S3 access to every bucket. Tick it if instances write command or session output to your own bucket.".to_owned(),
            Notice::CloudWatchAdmin => "An instance that writes the CloudWatch agent's configuration to Parameter Store needs CloudWatchAgentAdminPolicy instead of CloudWatchAgentServerPolicy; use it on that one instance only.".to_owned(),
            Notice::UsersAndGroupsByHand => "IAM users and groups that carry the old policy are listed for a review by hand, never changed by these scripts: the policy is meant for instance roles.".to_owned(),
        }
    }
}

/// The whole migration plan for one selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The partition.
    pub partition: Partition,
    /// The features covered, the implied core included.
    pub features: BTreeSet<Feature>,
    /// Whether the core is there only because other features need it.
    pub core_implied: bool,
    /// The policies to attach, managed first (feature-table order), then custom.
    pub policies: Vec<PlannedPolicy>,
    /// The custom policies that are ready to define.
    pub custom: Vec<CustomPolicy>,
    /// The S3 output policy document, when S3 output is ticked and its fields are valid.
    pub s3_policy: Option<PolicyDocument>,
    /// The custom VSS policy document, when chosen.
    pub vss_policy: Option<PolicyDocument>,
    /// The roles to update; empty means every role found carrying the old policy.
    pub roles: Vec<RoleName>,
    /// The old policy's ARN, `/service-role/` path included.
    pub policy_to_remove: String,
    /// How permissions change.
    pub changes: PermissionChanges,
    /// What the user should know.
    pub notices: Vec<Notice>,
    status: BTreeMap<Output, Status>,
}

impl Plan {
    /// Plans a selection as typed.
    pub fn from_selection(selection: &Selection) -> Plan {
        let validated = validate(selection);
        Plan::new(selection, &validated)
    }

    /// Plans a validated selection. Fields in error leave the outputs that need them blocked.
    pub fn new(selection: &Selection, validated: &Validated) -> Plan {
        let inputs = &validated.inputs;
        let partition = inputs.partition;
        let features = inputs.features.clone();

        let mut needs: BTreeMap<PolicyRef, Vec<Feature>> = BTreeMap::new();
        for &f in &features {
            let policy = match f.need() {
                Need::Managed(m) => PolicyRef::Managed(m),
                Need::CustomS3Output => PolicyRef::CustomS3Output,
                Need::Vss => match inputs.vss {
                    VssChoice::Managed => PolicyRef::Managed(ManagedPolicy::Ec2VssSnapshotPolicy),
                    VssChoice::Custom => PolicyRef::CustomVss,
                },
            };
            needs.entry(policy).or_default().push(f);
        }
        // Core needs the core policy even when only implied.
        needs
            .entry(PolicyRef::Managed(ManagedPolicy::SsmManagedInstanceCore))
            .or_default();

        // An invalid prefix or key must not leave a wider policy behind: no document until
        // every field of it is valid.
        let s3_fields_valid = [Field::Bucket, Field::BucketPrefix, Field::KmsKeyArn]
            .iter()
            .all(|f| !validated.errors.contains_key(f));
        let s3_policy = match (features.contains(&Feature::S3Output), &inputs.bucket) {
            (true, Some(bucket)) if s3_fields_valid => {
                let prefix = inputs.bucket_prefix.as_ref().map(|p| p.as_str());
                Some(s3_output_document(
                    partition,
                    bucket.as_str(),
                    prefix,
                    inputs.kms_key.as_ref(),
                ))
            }
            _ => None,
        };
        let vss_policy = needs
            .contains_key(&PolicyRef::CustomVss)
            .then(|| vss_document(partition));

        let policies: Vec<PlannedPolicy> = needs
            .iter()
            .map(|(&policy, needed_by)| {
                let (name, arn) = match policy {
                    PolicyRef::Managed(m) => (m.name().to_owned(), Some(m.arn(partition))),
                    PolicyRef::CustomS3Output | PolicyRef::CustomVss => {
                        let entered = custom_name(inputs, policy);
                        let arn = match (&inputs.account_id, entered) {
                            (Some(account), Some(name)) => Some(format!(
                                "arn:{}:iam::{account}:policy/{name}",
                                partition.id()
                            )),
                            _ => None,
                        };
                        let shown = entered
                            .map(|n| n.as_str().to_owned())
                            .unwrap_or_else(|| default_name(policy).to_owned());
                        (shown, arn)
                    }
                };
                PlannedPolicy {
                    policy,
                    name,
                    arn,
                    needed_by: needed_by.clone(),
                }
            })
            .collect();

        let custom: Vec<CustomPolicy> = policies
            .iter()
            .filter_map(|p| {
                let document = match p.policy {
                    PolicyRef::CustomS3Output => s3_policy.clone()?,
                    PolicyRef::CustomVss => vss_policy.clone()?,
                    PolicyRef::Managed(_) => return None,
                };
                Some(CustomPolicy {
                    policy: p.policy,
                    name: custom_name(inputs, p.policy)?.clone(),
                    arn: p.arn.clone()?,
                    description: description(p.policy),
                    document,
                })
            })
            .collect();

        let changes = permission_changes(
            partition,
            &policies,
            s3_policy.as_ref(),
            vss_policy.as_ref(),
        );
        let count = policies.len();
        let mut notices = Vec::new();
        if selection.features.is_empty() {
            notices.push(Notice::NothingTicked);
        }
        if count + 1 > MANAGED_POLICIES_PER_ROLE {
            notices.push(Notice::OverQuota { count });
        } else {
            notices.push(Notice::Headroom {
                count,
                room: MANAGED_POLICIES_PER_ROLE - count - 1,
            });
        }
        if inputs.role_names.is_empty() {
            notices.push(Notice::RolesDiscovered);
        }
        if !features.contains(&Feature::S3Output) {
            notices.push(Notice::S3AccessDropped);
        }
        if features.contains(&Feature::CloudWatchAgent) {
            notices.push(Notice::CloudWatchAdmin);
        }
        notices.push(Notice::UsersAndGroupsByHand);

        let status = output_status(selection, validated);
        Plan {
            partition,
            features,
            core_implied: selection.core_is_implied(),
            policies,
            custom,
            s3_policy,
            vss_policy,
            roles: inputs.role_names.clone(),
            policy_to_remove: LEGACY_POLICY.arn(partition),
            changes,
            notices,
            status,
        }
    }

    /// Whether `output` can be shown.
    pub fn status(&self, output: Output) -> Status {
        self.status
            .get(&output)
            .cloned()
            .unwrap_or(Status::NotApplicable)
    }

    /// The `policiesToAdd` ARNs in plan order, once every ARN is known.
    pub fn policies_to_add(&self) -> Option<Vec<&str>> {
        self.policies.iter().map(|p| p.arn.as_deref()).collect()
    }
}

fn custom_name(inputs: &Inputs, policy: PolicyRef) -> Option<&PolicyName> {
    match policy {
        PolicyRef::CustomS3Output => inputs.s3_policy_name.as_ref(),
        PolicyRef::CustomVss => inputs.vss_policy_name.as_ref(),
        PolicyRef::Managed(_) => None,
    }
}

fn default_name(policy: PolicyRef) -> &'static str {
    match policy {
        PolicyRef::CustomS3Output => crate::catalog::DEFAULT_S3_POLICY_NAME,
        PolicyRef::CustomVss => crate::catalog::DEFAULT_VSS_POLICY_NAME,
        PolicyRef::Managed(m) => m.name(),
    }
}

fn description(policy: PolicyRef) -> &'static str {
    match policy {
        PolicyRef::CustomS3Output => {
            "Systems Manager instances write command and session output to one S3 bucket and prefix (replaces AmazonEC2RoleforSSM S3 access)"
        }
        PolicyRef::CustomVss => {
            "Systems Manager instances take VSS application-consistent EBS snapshots"
        }
        PolicyRef::Managed(_) => "",
    }
}

/// Which fields each output reads, for this selection; `None` when it does not apply.
fn output_fields(selection: &Selection, output: Output) -> Option<Vec<Field>> {
    let s3 = selection.features.contains(&Feature::S3Output);
    let vss = selection.uses_custom_vss();
    let mut arns = Vec::new();
    if s3 {
        arns.extend([Field::AccountId, Field::S3PolicyName]);
    }
    if vss {
        arns.extend([Field::AccountId, Field::VssPolicyName]);
    }
    let s3_doc = [Field::Bucket, Field::BucketPrefix, Field::KmsKeyArn];
    match output {
        Output::PolicyToRemove | Output::CliFind => Some(Vec::new()),
        Output::PoliciesToAdd | Output::CliAudit | Output::AuditTemplate => Some(arns),
        Output::CliUpdateRoles | Output::CliVerify | Output::CliRollback => {
            Some([arns, vec![Field::RoleNames]].concat())
        }
        Output::S3Policy => s3.then(|| s3_doc.to_vec()),
        Output::VssPolicy => vss.then(Vec::new),
        Output::CliDefine => (s3 || vss).then(|| {
            if s3 {
                [arns.clone(), s3_doc.to_vec()].concat()
            } else {
                arns
            }
        }),
    }
}

fn output_status(selection: &Selection, validated: &Validated) -> BTreeMap<Output, Status> {
    Output::ALL
        .into_iter()
        .map(|output| {
            let status = match output_fields(selection, output) {
                None => Status::NotApplicable,
                Some(fields) => {
                    let blocked: BTreeSet<Field> = fields
                        .into_iter()
                        .filter(|f| validated.errors.contains_key(f))
                        .collect();
                    if blocked.is_empty() {
                        Status::Ready
                    } else {
                        Status::Blocked(blocked.into_iter().collect())
                    }
                }
            };
            (output, status)
        })
        .collect()
}

/// The least-privilege S3 output policy: objects under the prefix, the bucket's encryption
/// setting, and the bucket's KMS key when it has one. Never `*`.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html>
pub fn s3_output_document(
    partition: Partition,
    bucket: &str,
    prefix: Option<&str>,
    kms_key: Option<&KmsKeyArn>,
) -> PolicyDocument {
    let p = partition.id();
    let objects = match prefix {
        Some(prefix) => format!("arn:{p}:s3:::{bucket}/{prefix}/*"),
        None => format!("arn:{p}:s3:::{bucket}/*"),
    };
    let mut statements = vec![
        Statement::allow(
            "WriteCommandOutput",
            ["s3:GetObject", "s3:PutObject"],
            [objects],
        ),
        Statement::allow(
            "ReadBucketEncryption",
            ["s3:GetEncryptionConfiguration"],
            [format!("arn:{p}:s3:::{bucket}")],
        ),
    ];
    if let Some(key) = kms_key {
        statements.push(Statement::allow(
            "UseBucketKmsKey",
            ["kms:Decrypt", "kms:GenerateDataKey"],
            [key.as_str()],
        ));
    }
    PolicyDocument::new(statements)
}

/// The custom VSS snapshot policy, for roles that keep the pre-2024 VSS components: EC2
/// snapshot, image and tag permissions scoped to those resource types.
/// Source: <https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/application-consistent-snapshots-getting-started.html>
pub fn vss_document(partition: Partition) -> PolicyDocument {
    let arn = |a: &str| arn_in(partition, a);
    PolicyDocument::new(vec![
        Statement::allow(
            "CreateVssSnapshots",
            ["ec2:CreateSnapshot"],
            [
                arn("arn:aws:ec2:*::snapshot/*"),
                arn("arn:aws:ec2:*:*:volume/*"),
            ],
        ),
        Statement::allow(
            "CreateVssImages",
            ["ec2:CreateImage"],
            [
                arn("arn:aws:ec2:*::image/*"),
                arn("arn:aws:ec2:*::snapshot/*"),
                arn("arn:aws:ec2:*:*:instance/*"),
            ],
        ),
        Statement::allow(
            "TagVssSnapshotsAndImages",
            ["ec2:CreateTags"],
            [
                arn("arn:aws:ec2:*::image/*"),
                arn("arn:aws:ec2:*::snapshot/*"),
            ],
        ),
        Statement::allow(
            "DescribeVssResources",
            [
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeSnapshots",
            ],
            ["*"],
        ),
    ])
}

fn permission_changes(
    partition: Partition,
    policies: &[PlannedPolicy],
    s3_policy: Option<&PolicyDocument>,
    vss_policy: Option<&PolicyDocument>,
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
            PolicyRef::CustomS3Output | PolicyRef::CustomVss => {
                let doc = if p.policy == PolicyRef::CustomS3Output {
                    s3_policy
                } else {
                    vss_policy
                };
                match doc {
                    Some(doc) => add(doc),
                    None => pending.push(p.policy),
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(features: &[Feature]) -> Selection {
        Selection {
            features: features.iter().copied().collect(),
            ..Selection::default()
        }
    }

    #[test]
    fn core_only_plan() {
        let plan = Plan::from_selection(&selection(&[Feature::Core]));
        assert_eq!(
            plan.policies_to_add(),
            Some(vec!["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"])
        );
        assert!(!plan.core_implied);
        assert_eq!(plan.status(Output::S3Policy), Status::NotApplicable);
        assert_eq!(plan.status(Output::CliDefine), Status::NotApplicable);
        assert_eq!(plan.status(Output::CliUpdateRoles), Status::Ready);
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
    fn s3_policy_waiting_for_its_bucket_is_pending_in_the_changes() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123456789012".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(plan.changes.pending, [PolicyRef::CustomS3Output]);
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
            plan.policies_to_add(),
            Some(vec![
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                "arn:aws:iam::123456789012:policy/SSMInstanceS3OutputAccess"
            ])
        );
        assert_eq!(plan.custom.len(), 1);
    }

    #[test]
    fn invalid_fields_block_the_outputs_that_need_them() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123".into();
        s.bucket = "ok-bucket".into();
        s.role_names = "bad role".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(plan.policies_to_add(), None);
        assert_eq!(
            plan.status(Output::PoliciesToAdd),
            Status::Blocked(vec![Field::AccountId])
        );
        assert_eq!(
            plan.status(Output::CliUpdateRoles),
            Status::Blocked(vec![Field::AccountId, Field::RoleNames])
        );
        assert_eq!(plan.status(Output::S3Policy), Status::Ready);
        assert_eq!(plan.status(Output::CliFind), Status::Ready);
        assert!(plan.custom.is_empty());
    }

    #[test]
    fn invalid_prefix_blocks_the_s3_policy_instead_of_widening_it() {
        let mut s = selection(&[Feature::S3Output]);
        s.account_id = "123456789012".into();
        s.bucket = "ok-bucket".into();
        s.bucket_prefix = "a*".into();
        let plan = Plan::from_selection(&s);
        assert_eq!(
            plan.status(Output::S3Policy),
            Status::Blocked(vec![Field::BucketPrefix])
        );
        assert_eq!(
            plan.status(Output::CliDefine),
            Status::Blocked(vec![Field::BucketPrefix])
        );
        assert_eq!(plan.s3_policy, None);
        assert!(plan.custom.is_empty());
        assert_eq!(plan.changes.pending, [PolicyRef::CustomS3Output]);
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
        assert_eq!(managed.status(Output::VssPolicy), Status::NotApplicable);
        s.vss_policy = VssChoice::Custom;
        s.account_id = "123456789012".into();
        let custom = Plan::from_selection(&s);
        assert_eq!(custom.status(Output::VssPolicy), Status::Ready);
        assert!(custom.vss_policy.is_some());
        assert_eq!(custom.custom.len(), 1);
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
