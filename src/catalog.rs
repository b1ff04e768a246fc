//! The facts: partitions, Systems Manager features, the AWS managed policies involved (with
//! their documents as published), and which policy each feature needs.
//!
//! Everything here is `const` data written by hand from the AWS documentation; the lookups
//! are exhaustive `match`es so a new variant cannot compile until every table knows it.

pub mod actions;
pub mod aws_buckets;
pub mod dhmc;
pub mod organization;
pub mod regions;

use std::collections::BTreeSet;
use std::fmt;

/// An AWS partition: the first field of every ARN the planner writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Partition {
    /// Commercial regions (`arn:aws:`).
    #[default]
    Aws,
    /// China regions (`arn:aws-cn:`).
    AwsCn,
    /// AWS GovCloud (US) regions (`arn:aws-us-gov:`).
    AwsUsGov,
}

impl Partition {
    /// Every partition, in the order the page lists them.
    pub const ALL: [Partition; 3] = [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

    /// The partition's name as it appears in ARNs.
    pub const fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    /// A human label for the partition.
    pub const fn label(self) -> &'static str {
        match self {
            Partition::Aws => "AWS commercial regions (aws)",
            Partition::AwsCn => "China regions (aws-cn)",
            Partition::AwsUsGov => "AWS GovCloud (US) (aws-us-gov)",
        }
    }

    /// A region of the partition, for examples and test set-ups.
    pub const fn example_region(self) -> &'static str {
        match self {
            Partition::Aws => "us-east-1",
            Partition::AwsCn => "cn-north-1",
            Partition::AwsUsGov => "us-gov-west-1",
        }
    }

    /// The Systems Manager service principal a role trusts: China's has its own suffix.
    /// Source: the China Regions' Systems Manager user guide (see the facts of the audit
    /// template's trust policy).
    pub const fn ssm_principal(self) -> &'static str {
        match self {
            Partition::AwsCn => "ssm.amazonaws.com.cn",
            Partition::Aws | Partition::AwsUsGov => "ssm.amazonaws.com",
        }
    }

    /// Whether `region` belongs to this partition (botocore's region patterns).
    pub fn has_region(self, region: &str) -> bool {
        let mut parts = region.split('-').collect::<Vec<_>>();
        let Some(number) = parts.pop() else {
            return false;
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        let word_ok = |w: &str| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        match (self, parts.as_slice()) {
            (Partition::AwsCn, ["cn", area]) => word_ok(area),
            (Partition::AwsUsGov, ["us", "gov", area]) => word_ok(area),
            (Partition::Aws, ["us", "gov", _]) => false,
            (Partition::Aws, [geo, area]) => {
                matches!(
                    *geo,
                    "us" | "eu" | "ap" | "sa" | "ca" | "me" | "af" | "il" | "mx"
                ) && word_ok(area)
            }
            _ => false,
        }
    }

    /// Parses a partition name (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn from_id(id: &str) -> Option<Partition> {
        Partition::ALL.into_iter().find(|p| p.id() == id)
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A Systems Manager capability an instance may use; one column of the feature table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// Register as a managed instance, heartbeat, Run Command messaging, State Manager,
    /// Parameter Store reads.
    Core,
    /// Interactive shell and port forwarding through Session Manager.
    SessionManager,
    /// Seamless join of Windows instances to an AWS Directory Service directory.
    DomainJoin,
    /// The CloudWatch agent publishing metrics and logs.
    CloudWatchAgent,
    /// Run Command output streamed to CloudWatch Logs.
    CloudWatchLogsOutput,
    /// Run Command / Session Manager output written to the customer's own S3 bucket.
    S3Output,
    /// VSS application-consistent EBS snapshots of Windows instances.
    VssSnapshots,
}

/// Everything the planner knows about one feature: one row of facts, read from the page
/// named by `doc_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureFacts {
    /// The stable id used in the page, URLs, plan files and the command line.
    pub id: &'static str,
    /// The feature table's column name.
    pub label: &'static str,
    /// One plain sentence on what the feature is.
    pub summary: &'static str,
    /// The AWS documentation page that says what the feature needs.
    pub doc_url: &'static str,
    /// The instance-side actions the feature calls, as that page lists them.
    pub actions: Actions,
    /// The policy that grants them, besides the core policy every feature implies.
    pub need: Need,
    /// Why the feature needs that policy.
    pub why: &'static str,
}

/// The actions a feature needs: all of a managed policy's, where AWS documents the feature by
/// that policy, or a list from the feature's documentation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actions {
    /// Every action of this managed policy.
    OfPolicy(ManagedPolicy),
    /// These actions.
    List(&'static [&'static str]),
}

const SETUP_INSTANCE_PERMISSIONS: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html";

impl Feature {
    /// Every feature, in the order of the feature table's columns.
    pub const ALL: [Feature; 7] = [
        Feature::Core,
        Feature::SessionManager,
        Feature::DomainJoin,
        Feature::CloudWatchAgent,
        Feature::CloudWatchLogsOutput,
        Feature::S3Output,
        Feature::VssSnapshots,
    ];

    /// The feature's row of facts.
    pub const fn facts(self) -> &'static FeatureFacts {
        match self {
            Feature::Core => &FeatureFacts {
                id: "core",
                label: "Core agent features",
                summary: "The agent registers the instance as managed, sends heartbeats, receives Run Command and Session Manager messages, runs State Manager associations and reads Parameter Store.",
                doc_url: SETUP_INSTANCE_PERMISSIONS,
                actions: Actions::OfPolicy(ManagedPolicy::SsmManagedInstanceCore),
                need: Need::Managed(ManagedPolicy::SsmManagedInstanceCore),
                why: "AmazonSSMManagedInstanceCore holds the ssm, ec2messages and ssmmessages actions the agent needs to be a managed instance.",
            },
            // Source: the instance profile page lists these for Session Manager (the S3 and KMS
            // actions it adds are for logging and encryption, which S3 command output covers).
            Feature::SessionManager => &FeatureFacts {
                id: "session-manager",
                label: "Session Manager",
                summary: "Shell sessions and port forwarding to the instance without SSH keys or open inbound ports.",
                doc_url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-getting-started-instance-profile.html",
                actions: Actions::List(&[
                    "ssm:UpdateInstanceInformation",
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ]),
                need: Need::Managed(ManagedPolicy::SsmManagedInstanceCore),
                why: "Session Manager uses the ssmmessages channel actions, which AmazonSSMManagedInstanceCore already grants.",
            },
            Feature::DomainJoin => &FeatureFacts {
                id: "domain-join",
                label: "Seamless domain join",
                summary: "Windows instances join an AWS Directory Service (Microsoft AD) directory at launch.",
                doc_url: SETUP_INSTANCE_PERMISSIONS,
                actions: Actions::OfPolicy(ManagedPolicy::SsmDirectoryServiceAccess),
                need: Need::Managed(ManagedPolicy::SsmDirectoryServiceAccess),
                why: "Joining a directory calls ds:CreateComputer and ds:DescribeDirectories, granted by AmazonSSMDirectoryServiceAccess.",
            },
            Feature::CloudWatchAgent => &FeatureFacts {
                id: "cloudwatch-agent",
                label: "CloudWatch agent",
                summary: "The CloudWatch agent on the instance publishes metrics and log files.",
                doc_url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html",
                actions: Actions::OfPolicy(ManagedPolicy::CloudWatchAgentServerPolicy),
                need: Need::Managed(ManagedPolicy::CloudWatchAgentServerPolicy),
                why: "The agent puts metrics and log events, reads EC2 tags and volumes, and reads its configuration from AmazonCloudWatch-* parameters: CloudWatchAgentServerPolicy.",
            },
            // Source: the page's custom policy for command output in CloudWatch Logs.
            Feature::CloudWatchLogsOutput => &FeatureFacts {
                id: "cloudwatch-logs-output",
                label: "CloudWatch Logs command output",
                summary: "Run Command sends command output to CloudWatch Logs.",
                doc_url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-rc-setting-up-cwlogs.html",
                actions: Actions::List(&[
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:DescribeLogGroups",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                ]),
                need: Need::Managed(ManagedPolicy::CloudWatchAgentServerPolicy),
                why: "With AmazonSSMManagedInstanceCore and CloudWatchAgentServerPolicy the instance needs nothing more to send command output to CloudWatch Logs.",
            },
            // Source: the page's custom policy for your own bucket (the ACL action is only for
            // buckets of other accounts).
            Feature::S3Output => &FeatureFacts {
                id: "s3-output",
                label: "S3 command output",
                summary: "Run Command and Session Manager write output to an S3 bucket you own.",
                doc_url: SETUP_INSTANCE_PERMISSIONS,
                actions: Actions::List(&[
                    "s3:GetEncryptionConfiguration",
                    "s3:GetObject",
                    "s3:PutObject",
                ]),
                need: Need::CustomS3Output,
                why: "No managed policy grants S3 writes to your bucket; a customer managed policy scoped to the bucket and prefix replaces the old policy's S3 access on every bucket.",
            },
            Feature::VssSnapshots => &FeatureFacts {
                id: "vss-snapshots",
                label: "VSS snapshots",
                summary: "Application-consistent EBS snapshots of Windows instances through VSS.",
                doc_url: "https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/vss-iam-reqs.html",
                actions: Actions::OfPolicy(ManagedPolicy::Ec2VssSnapshotPolicy),
                need: Need::Vss,
                why: "VSS snapshots create EBS snapshots, images and tags, which no Systems Manager policy grants: the AWS managed AWSEC2VssSnapshotPolicy, or its statements as a customer managed policy.",
            },
        }
    }

    /// The stable id used in the page, URLs, plan files and the command line.
    pub const fn id(self) -> &'static str {
        self.facts().id
    }

    /// Parses a feature id.
    pub fn from_id(id: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The actions the feature needs, sorted and unique.
    pub fn actions(self) -> BTreeSet<&'static str> {
        match self.facts().actions {
            Actions::OfPolicy(m) => m.actions(),
            Actions::List(list) => list.iter().copied().collect(),
        }
    }

    /// How far the deprecated `AmazonEC2RoleforSSM` covered this feature, computed from its
    /// document and the feature's actions.
    pub fn legacy_coverage(self) -> Coverage {
        let legacy = LEGACY_POLICY.document();
        let needed = self.actions();
        let missing: Vec<&'static str> = needed
            .iter()
            .copied()
            .filter(|a| !grants(legacy, a))
            .collect();
        if missing.len() == needed.len() {
            Coverage::None
        } else if !missing.is_empty() {
            Coverage::Partial(missing)
        } else if self.facts().need == Need::CustomS3Output {
            // The planner scopes this feature to one bucket; the old policy granted it on "*".
            Coverage::Wider(needed.into_iter().collect())
        } else {
            Coverage::Full
        }
    }
}

/// Whether a document allows `action` in some statement (the planner's documents name actions
/// in full, without wildcards).
fn grants(document: &[StaticStatement], action: &str) -> bool {
    document
        .iter()
        .any(|s| s.actions.as_slice().contains(&action))
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What a feature needs on the instance role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// An AWS managed policy.
    Managed(ManagedPolicy),
    /// The customer managed policy for the customer's own output bucket.
    CustomS3Output,
    /// VSS snapshot permissions: the managed `AWSEC2VssSnapshotPolicy` or a custom policy,
    /// as the user chooses.
    Vss,
}

/// How the deprecated policy covered a feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Every action the feature needs.
    Full,
    /// Every action, but on every resource where the plan scopes them: these actions.
    Wider(Vec<&'static str>),
    /// Some of them; these are missing.
    Partial(Vec<&'static str>),
    /// None of them.
    None,
}

/// How the page and the IAM API write a managed policy's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ManagedPolicy {
    /// `AmazonSSMManagedInstanceCore`.
    SsmManagedInstanceCore,
    /// `AmazonSSMDirectoryServiceAccess`.
    SsmDirectoryServiceAccess,
    /// `CloudWatchAgentServerPolicy`.
    CloudWatchAgentServerPolicy,
    /// `AWSEC2VssSnapshotPolicy`.
    Ec2VssSnapshotPolicy,
    /// `AmazonSSMManagedEC2InstanceDefaultPolicy`, the policy of the Default Host Management
    /// role; no feature's column, as it replaces the instance profile rather than joining it.
    SsmManagedEc2InstanceDefaultPolicy,
    /// `AmazonEC2RoleforSSM`, the deprecated policy the plan removes.
    Ec2RoleForSsm,
}

/// One managed policy as AWS publishes it: its row of facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicyFacts {
    /// The policy's name.
    pub name: &'static str,
    /// The policy's IAM path. The deprecated policy lives under `/service-role/`, and an ARN
    /// without that path names no policy at all.
    pub path: &'static str,
    /// The default version embedded here, such as `v2`.
    pub version: &'static str,
    /// The date (UTC) AWS published that version.
    pub version_date: &'static str,
    /// The statements of that version, as AWS publishes them for the commercial partition.
    pub document: &'static [StaticStatement],
}

/// One IAM condition: `"Operator": { "Key": [values] }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionEntry {
    /// The condition operator, such as `ArnLike`.
    pub operator: &'static str,
    /// The condition key, such as `ec2:SourceInstanceARN`.
    pub key: &'static str,
    /// The values; one value is written as a plain string.
    pub values: &'static [&'static str],
}

/// Values of `Action` or `Resource`, written as AWS writes them: one string, or a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// `"Resource": "*"`.
    One(&'static str),
    /// `"Resource": ["arn:..."]`, even with one element.
    List(&'static [&'static str]),
}

impl Values {
    /// The values, whichever way they are written.
    pub const fn as_slice(&self) -> &[&'static str] {
        match self {
            Values::One(v) => std::slice::from_ref(v),
            Values::List(l) => l,
        }
    }
}

/// An `Allow` statement of an AWS managed policy, as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticStatement {
    /// The statement id, when AWS gives one.
    pub sid: Option<&'static str>,
    /// The actions.
    pub actions: Values,
    /// The resources.
    pub resources: Values,
    /// The conditions, empty for none.
    pub conditions: &'static [ConditionEntry],
}

const fn allow(actions: &'static [&'static str], resources: Values) -> StaticStatement {
    StaticStatement {
        sid: None,
        actions: Values::List(actions),
        resources,
        conditions: &[],
    }
}

const fn sid(
    sid: &'static str,
    actions: Values,
    resources: Values,
    conditions: &'static [ConditionEntry],
) -> StaticStatement {
    StaticStatement {
        sid: Some(sid),
        actions,
        resources,
        conditions,
    }
}

const STAR: Values = Values::One("*");

/// The agent actions shared by the core policy and the deprecated one (which lacks
/// `ssm:GetParameter`), written out in each so that each document reads as AWS publishes it.
const SSMMESSAGES: &[&str] = &[
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

const EC2MESSAGES: &[&str] = &[
    "ec2messages:AcknowledgeMessage",
    "ec2messages:DeleteMessage",
    "ec2messages:FailMessage",
    "ec2messages:GetEndpoint",
    "ec2messages:GetMessages",
    "ec2messages:SendReply",
];

/// The document of `AmazonSSMManagedInstanceCore`, at the version its facts name.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html>
const CORE_DOCUMENT: &[StaticStatement] = &[
    allow(
        &[
            "ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance",
            "ssm:GetDocument",
            "ssm:DescribeDocument",
            "ssm:GetManifest",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:ListAssociations",
            "ssm:ListInstanceAssociations",
            "ssm:PutInventory",
            "ssm:PutComplianceItems",
            "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus",
            "ssm:UpdateInstanceAssociationStatus",
            "ssm:UpdateInstanceInformation",
        ],
        STAR,
    ),
    allow(SSMMESSAGES, STAR),
    allow(EC2MESSAGES, STAR),
];

/// The document of `AmazonSSMDirectoryServiceAccess`, at the version its facts name.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMDirectoryServiceAccess.html>
const DIRECTORY_SERVICE_DOCUMENT: &[StaticStatement] = &[allow(
    &["ds:CreateComputer", "ds:DescribeDirectories"],
    STAR,
)];

/// The document of `CloudWatchAgentServerPolicy`, at the version its facts name.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html>
const CLOUDWATCH_AGENT_SERVER_DOCUMENT: &[StaticStatement] = &[
    sid(
        "CWACloudWatchServerPermissions",
        Values::List(&[
            "cloudwatch:PutMetricData",
            "ec2:DescribeVolumes",
            "ec2:DescribeTags",
            "logs:PutLogEvents",
            "logs:PutRetentionPolicy",
            "logs:DescribeLogStreams",
            "logs:DescribeLogGroups",
            "logs:CreateLogStream",
            "logs:CreateLogGroup",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
            "xray:GetSamplingStatisticSummaries",
        ]),
        STAR,
        &[],
    ),
    sid(
        "CWASSMServerPermissions",
        Values::List(&["ssm:GetParameter"]),
        Values::One("arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"),
        &[],
    ),
];

const OWN_INSTANCE: &[ConditionEntry] = &[ConditionEntry {
    operator: "ArnLike",
    key: "ec2:SourceInstanceARN",
    values: &["arn:aws:ec2:*:*:instance/${ec2:InstanceId}"],
}];

const VSS_REQUEST_TAG: &[ConditionEntry] = &[ConditionEntry {
    operator: "StringLike",
    key: "aws:RequestTag/AwsVssConfig",
    values: &["*"],
}];

const SNAPSHOT_AND_IMAGE: Values =
    Values::List(&["arn:aws:ec2:*:*:snapshot/*", "arn:aws:ec2:*:*:image/*"]);
const ANY_INSTANCE: Values = Values::List(&["arn:aws:ec2:*:*:instance/*"]);

/// The document of `AWSEC2VssSnapshotPolicy`, at the version its facts name.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSEC2VssSnapshotPolicy.html>
const VSS_SNAPSHOT_DOCUMENT: &[StaticStatement] = &[
    sid(
        "DescribeInstanceInfo",
        Values::List(&["ec2:DescribeInstanceAttribute"]),
        ANY_INSTANCE,
        OWN_INSTANCE,
    ),
    sid(
        "CreateSnapshotsWithTag",
        Values::List(&["ec2:CreateSnapshots"]),
        Values::List(&["arn:aws:ec2:*:*:snapshot/*"]),
        VSS_REQUEST_TAG,
    ),
    sid(
        "CreateSnapshotsAccessInstance",
        Values::List(&["ec2:CreateSnapshots"]),
        ANY_INSTANCE,
        OWN_INSTANCE,
    ),
    sid(
        "CreateSnapshotsAccessVolume",
        Values::List(&["ec2:CreateSnapshots"]),
        Values::List(&["arn:aws:ec2:*:*:volume/*"]),
        &[],
    ),
    sid(
        "CreateImageWithTag",
        Values::List(&["ec2:CreateImage"]),
        SNAPSHOT_AND_IMAGE,
        VSS_REQUEST_TAG,
    ),
    sid(
        "CreateImageAccessInstance",
        Values::List(&["ec2:CreateImage"]),
        ANY_INSTANCE,
        OWN_INSTANCE,
    ),
    sid(
        "CreateTagsOnResourceCreation",
        Values::One("ec2:CreateTags"),
        SNAPSHOT_AND_IMAGE,
        &[ConditionEntry {
            operator: "StringEquals",
            key: "ec2:CreateAction",
            values: &["CreateImage", "CreateSnapshots"],
        }],
    ),
    sid(
        "CreateTagsAfterResourceCreation",
        Values::One("ec2:CreateTags"),
        SNAPSHOT_AND_IMAGE,
        &[
            ConditionEntry {
                operator: "StringLike",
                key: "ec2:ResourceTag/AwsVssConfig",
                values: &["*"],
            },
            ConditionEntry {
                operator: "ForAllValues:StringEquals",
                key: "aws:TagKeys",
                values: &["AppConsistent", "Device"],
            },
        ],
    ),
    sid(
        "DescribeImagesAndSnapshots",
        Values::List(&["ec2:DescribeImages", "ec2:DescribeSnapshots"]),
        STAR,
        &[],
    ),
];

/// The document of `AmazonSSMManagedEC2InstanceDefaultPolicy`, at the version its facts name:
/// the core policy's agent actions less the Parameter Store reads.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedEC2InstanceDefaultPolicy.html>
const EC2_INSTANCE_DEFAULT_DOCUMENT: &[StaticStatement] = &[
    sid(
        "AllowSSMAgentPermissions",
        Values::List(&[
            "ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance",
            "ssm:GetDocument",
            "ssm:DescribeDocument",
            "ssm:GetManifest",
            "ssm:ListAssociations",
            "ssm:ListInstanceAssociations",
            "ssm:PutInventory",
            "ssm:PutComplianceItems",
            "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus",
            "ssm:UpdateInstanceAssociationStatus",
            "ssm:UpdateInstanceInformation",
        ]),
        STAR,
        &[],
    ),
    sid(
        "AllowSSMChannelMessaging",
        Values::List(SSMMESSAGES),
        STAR,
        &[],
    ),
    sid(
        "AllowSSMLegacyMessaging",
        Values::List(EC2MESSAGES),
        STAR,
        &[],
    ),
];

/// The document of `AmazonEC2RoleforSSM`, the deprecated policy, at the version its facts name.
/// Source: <https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2RoleforSSM.html>
const EC2_ROLE_FOR_SSM_DOCUMENT: &[StaticStatement] = &[
    allow(
        &[
            "ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance",
            "ssm:GetDocument",
            "ssm:DescribeDocument",
            "ssm:GetManifest",
            "ssm:GetParameters",
            "ssm:ListAssociations",
            "ssm:ListInstanceAssociations",
            "ssm:PutInventory",
            "ssm:PutComplianceItems",
            "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus",
            "ssm:UpdateInstanceAssociationStatus",
            "ssm:UpdateInstanceInformation",
        ],
        STAR,
    ),
    allow(SSMMESSAGES, STAR),
    allow(EC2MESSAGES, STAR),
    allow(&["cloudwatch:PutMetricData"], STAR),
    allow(&["ec2:DescribeInstanceStatus"], STAR),
    allow(&["ds:CreateComputer", "ds:DescribeDirectories"], STAR),
    allow(
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
        ],
        STAR,
    ),
    allow(
        &[
            "s3:GetBucketLocation",
            "s3:PutObject",
            "s3:GetObject",
            "s3:GetEncryptionConfiguration",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
        ],
        STAR,
    ),
];

impl ManagedPolicy {
    /// Every managed policy the planner knows, in the order of the feature table's rows.
    pub const ALL: [ManagedPolicy; 6] = [
        ManagedPolicy::SsmManagedInstanceCore,
        ManagedPolicy::SsmDirectoryServiceAccess,
        ManagedPolicy::CloudWatchAgentServerPolicy,
        ManagedPolicy::Ec2VssSnapshotPolicy,
        ManagedPolicy::SsmManagedEc2InstanceDefaultPolicy,
        ManagedPolicy::Ec2RoleForSsm,
    ];

    /// The policy's row of facts. Source of each: its page in the AWS Managed Policy
    /// Reference, [`Self::doc_url`].
    pub const fn facts(self) -> &'static ManagedPolicyFacts {
        match self {
            ManagedPolicy::SsmManagedInstanceCore => &ManagedPolicyFacts {
                name: "AmazonSSMManagedInstanceCore",
                path: "/",
                version: "v2",
                version_date: "2019-05-23",
                document: CORE_DOCUMENT,
            },
            ManagedPolicy::SsmDirectoryServiceAccess => &ManagedPolicyFacts {
                name: "AmazonSSMDirectoryServiceAccess",
                path: "/",
                version: "v1",
                version_date: "2019-03-15",
                document: DIRECTORY_SERVICE_DOCUMENT,
            },
            ManagedPolicy::CloudWatchAgentServerPolicy => &ManagedPolicyFacts {
                name: "CloudWatchAgentServerPolicy",
                path: "/",
                version: "v3",
                version_date: "2024-02-06",
                document: CLOUDWATCH_AGENT_SERVER_DOCUMENT,
            },
            ManagedPolicy::Ec2VssSnapshotPolicy => &ManagedPolicyFacts {
                name: "AWSEC2VssSnapshotPolicy",
                path: "/",
                version: "v2",
                version_date: "2024-11-20",
                document: VSS_SNAPSHOT_DOCUMENT,
            },
            ManagedPolicy::SsmManagedEc2InstanceDefaultPolicy => &ManagedPolicyFacts {
                name: "AmazonSSMManagedEC2InstanceDefaultPolicy",
                path: "/",
                version: "v2",
                version_date: "2024-07-16",
                document: EC2_INSTANCE_DEFAULT_DOCUMENT,
            },
            ManagedPolicy::Ec2RoleForSsm => &ManagedPolicyFacts {
                name: "AmazonEC2RoleforSSM",
                path: "/service-role/",
                version: "v8",
                version_date: "2019-01-24",
                document: EC2_ROLE_FOR_SSM_DOCUMENT,
            },
        }
    }

    /// The policy's name.
    pub const fn name(self) -> &'static str {
        self.facts().name
    }

    /// The statements of the embedded default version.
    pub const fn document(self) -> &'static [StaticStatement] {
        self.facts().document
    }

    /// Every action the embedded document allows, sorted and unique.
    pub fn actions(self) -> BTreeSet<&'static str> {
        self.document()
            .iter()
            .flat_map(|s| s.actions.as_slice().iter().copied())
            .collect()
    }

    /// The policy's page in the AWS Managed Policy Reference.
    pub fn doc_url(self) -> String {
        format!(
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/{}.html",
            self.name()
        )
    }

    /// The policy's ARN in `partition`: `arn:<partition>:iam::aws:policy<path><name>`.
    pub fn arn(self, partition: Partition) -> String {
        format!(
            "arn:{}:iam::aws:policy{}{}",
            partition.id(),
            self.facts().path,
            self.name()
        )
    }

    /// Looks a policy up by its name.
    pub fn from_name(name: &str) -> Option<ManagedPolicy> {
        ManagedPolicy::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The deprecated policy the whole plan retires.
pub const LEGACY_POLICY: ManagedPolicy = ManagedPolicy::Ec2RoleForSsm;

/// The default quota of managed policies attached to one IAM role.
/// Source: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MANAGED_POLICIES_PER_ROLE: usize = 10;

/// The size limit of a managed policy document, whitespace not counted.
/// Source: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MANAGED_POLICY_MAX_CHARS: usize = 6144;

/// The default names of the customer managed policies the planner writes.
pub const DEFAULT_S3_POLICY_NAME: &str = "SSMInstanceS3OutputAccess";
/// See [`DEFAULT_S3_POLICY_NAME`].
pub const DEFAULT_VSS_POLICY_NAME: &str = "SSMInstanceVssSnapshots";
/// See [`DEFAULT_S3_POLICY_NAME`].
pub const DEFAULT_AWS_BUCKETS_POLICY_NAME: &str = "SSMInstanceAwsOwnedBuckets";

/// The hybrid activations' service role name AWS's set-up guide uses.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/hybrid-multicloud-service-role.html>
pub const DEFAULT_HYBRID_ROLE_NAME: &str = "SSMServiceRole";

/// AWS Config managed rule that flags entities with a listed policy attached.
/// Source: <https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-blacklisted-check.html>
pub const CONFIG_RULE_IDENTIFIER: &str = "IAM_POLICY_BLACKLISTED_CHECK";

/// Where the migration itself is explained.
/// Source: AWS Cloud Operations blog, "Applying managed instance policy best practices".
pub const MIGRATION_GUIDE_URL: &str =
    "https://aws.amazon.com/blogs/mt/applying-managed-instance-policy-best-practices/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let ids: BTreeSet<_> = Feature::ALL.iter().map(|f| f.id()).collect();
        assert_eq!(ids.len(), Feature::ALL.len());
        for f in Feature::ALL {
            assert_eq!(Feature::from_id(f.id()), Some(f));
        }
        for p in Partition::ALL {
            assert_eq!(Partition::from_id(p.id()), Some(p));
        }
        for m in ManagedPolicy::ALL {
            assert_eq!(ManagedPolicy::from_name(m.name()), Some(m));
        }
    }

    #[test]
    fn all_lists_follow_enum_order() {
        assert!(Feature::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Partition::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(ManagedPolicy::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn legacy_arn_keeps_service_role_path_in_every_partition() {
        assert_eq!(
            LEGACY_POLICY.arn(Partition::Aws),
            "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
        );
        assert_eq!(
            LEGACY_POLICY.arn(Partition::AwsCn),
            "arn:aws-cn:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
        );
        assert_eq!(
            LEGACY_POLICY.arn(Partition::AwsUsGov),
            "arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
        );
        assert_eq!(
            ManagedPolicy::SsmManagedInstanceCore.arn(Partition::AwsCn),
            "arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore"
        );
    }

    #[test]
    fn documents_have_no_duplicate_actions_within_a_statement() {
        for m in ManagedPolicy::ALL {
            for s in m.document() {
                let set: BTreeSet<_> = s.actions.as_slice().iter().collect();
                assert_eq!(set.len(), s.actions.as_slice().len(), "{}", m.name());
                assert!(!s.resources.as_slice().is_empty(), "{}", m.name());
            }
        }
    }

    #[test]
    fn core_is_legacy_agent_actions_plus_get_parameter() {
        let core = ManagedPolicy::SsmManagedInstanceCore.actions();
        let legacy = LEGACY_POLICY.actions();
        assert_eq!(
            core.difference(&legacy).copied().collect::<Vec<_>>(),
            ["ssm:GetParameter"]
        );
    }

    #[test]
    fn each_feature_is_granted_by_the_policy_it_needs() {
        for f in Feature::ALL {
            if let Need::Managed(m) = f.facts().need {
                let granted = m.actions();
                let missing: Vec<_> = f.actions().difference(&granted).copied().collect();
                assert!(missing.is_empty(), "{f}: {} lacks {missing:?}", m.name());
            }
        }
    }

    #[test]
    fn legacy_coverage_follows_the_documents() {
        // Read off the two documents by hand: the old policy has ssm:GetParameters but not
        // ssm:GetParameter, no EC2 describe or X-Ray action, no retention policy, and no VSS
        // action at all; its S3 actions are on "*".
        assert_eq!(
            Feature::Core.legacy_coverage(),
            Coverage::Partial(vec!["ssm:GetParameter"])
        );
        assert_eq!(Feature::SessionManager.legacy_coverage(), Coverage::Full);
        assert_eq!(Feature::DomainJoin.legacy_coverage(), Coverage::Full);
        assert_eq!(
            Feature::CloudWatchLogsOutput.legacy_coverage(),
            Coverage::Full
        );
        assert_eq!(
            Feature::CloudWatchAgent.legacy_coverage(),
            Coverage::Partial(vec![
                "ec2:DescribeTags",
                "ec2:DescribeVolumes",
                "logs:PutRetentionPolicy",
                "ssm:GetParameter",
                "xray:GetSamplingRules",
                "xray:GetSamplingStatisticSummaries",
                "xray:GetSamplingTargets",
                "xray:PutTelemetryRecords",
                "xray:PutTraceSegments",
            ])
        );
        assert_eq!(
            Feature::S3Output.legacy_coverage(),
            Coverage::Wider(vec![
                "s3:GetEncryptionConfiguration",
                "s3:GetObject",
                "s3:PutObject"
            ])
        );
        assert_eq!(Feature::VssSnapshots.legacy_coverage(), Coverage::None);
    }

    #[test]
    fn regions_map_to_partitions() {
        assert!(Partition::Aws.has_region("eu-west-1"));
        assert!(Partition::Aws.has_region("il-central-1"));
        assert!(!Partition::Aws.has_region("us-gov-west-1"));
        assert!(!Partition::Aws.has_region("cn-north-1"));
        assert!(Partition::AwsCn.has_region("cn-northwest-1"));
        assert!(Partition::AwsUsGov.has_region("us-gov-east-1"));
        assert!(!Partition::AwsUsGov.has_region("us-east-1"));
        assert!(!Partition::Aws.has_region("us-east-"));
        assert!(!Partition::Aws.has_region("US-EAST-1"));
        for p in Partition::ALL {
            assert!(p.has_region(p.example_region()));
        }
    }

    #[test]
    fn every_feature_has_words_and_a_source() {
        for f in Feature::ALL {
            let facts = f.facts();
            assert!(!facts.summary.is_empty() && !facts.why.is_empty() && !facts.label.is_empty());
            assert!(facts.doc_url.starts_with("https://docs.aws.amazon.com/"));
            assert!(!f.actions().is_empty());
        }
    }
}
