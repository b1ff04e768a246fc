//! The user's selection as typed, and its validation into values the planner can trust.
//!
//! Every mistake is a typed [`InputError`] tied to the [`Field`] it belongs to, with a message
//! that says what is wrong and what is allowed. A field in error contributes nothing to the
//! plan, so an invalid value can never reach an output.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::regions::{Region, RegionsError, parse_regions};
use crate::catalog::{
    DEFAULT_AWS_BUCKETS_POLICY_NAME, DEFAULT_HYBRID_ROLE_NAME, DEFAULT_S3_POLICY_NAME,
    DEFAULT_VSS_POLICY_NAME, Feature, MANAGED_POLICIES_PER_ROLE, Partition,
};

/// How VSS snapshot permissions are granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VssChoice {
    /// The AWS managed `AWSEC2VssSnapshotPolicy` (AWS's current advice).
    #[default]
    Managed,
    /// A customer managed policy written by the planner.
    Custom,
}

impl VssChoice {
    /// Both choices, in page order.
    pub const ALL: [VssChoice; 2] = [VssChoice::Managed, VssChoice::Custom];

    /// The id used in the page, plan files and the command line.
    pub const fn id(self) -> &'static str {
        match self {
            VssChoice::Managed => "managed",
            VssChoice::Custom => "custom",
        }
    }

    /// Parses a VSS choice id.
    pub fn from_id(id: &str) -> Option<VssChoice> {
        VssChoice::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// How instances reach Amazon S3, which decides whether the AWS-owned buckets must be named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum S3Route {
    /// Through the public S3 endpoints (an internet or NAT gateway).
    #[default]
    Internet,
    /// Through an S3 gateway VPC endpoint, or no route to the internet at all.
    VpcEndpoint,
}

impl S3Route {
    /// Both routes, in page order.
    pub const ALL: [S3Route; 2] = [S3Route::Internet, S3Route::VpcEndpoint];

    /// The id used in the page, plan files and the command line.
    pub const fn id(self) -> &'static str {
        match self {
            S3Route::Internet => "internet",
            S3Route::VpcEndpoint => "vpc-endpoint",
        }
    }

    /// Parses a route id.
    pub fn from_id(id: &str) -> Option<S3Route> {
        S3Route::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Where the instances get their Systems Manager permissions from after the move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// Instance profiles, each role with the plan's policies.
    #[default]
    InstanceProfile,
    /// Default Host Management Configuration for the agent, instance profiles for what it
    /// does not cover.
    Dhmc,
}

impl Target {
    /// Both targets, in page order.
    pub const ALL: [Target; 2] = [Target::InstanceProfile, Target::Dhmc];

    /// The id used in the page, plan files and the command line.
    pub const fn id(self) -> &'static str {
        match self {
            Target::InstanceProfile => "instance-profile",
            Target::Dhmc => "dhmc",
        }
    }

    /// Parses a target id.
    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// A checkbox of the form: ticked or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Toggle {
    /// Not ticked.
    #[default]
    Off,
    /// Ticked.
    On,
}

impl Toggle {
    /// Both states.
    pub const ALL: [Toggle; 2] = [Toggle::Off, Toggle::On];

    /// The id used in plan files and links (`"on"`, `"off"`).
    pub const fn id(self) -> &'static str {
        match self {
            Toggle::Off => "off",
            Toggle::On => "on",
        }
    }

    /// Parses a state id.
    pub fn from_id(id: &str) -> Option<Toggle> {
        Toggle::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Whether it is ticked.
    pub const fn is_on(self) -> bool {
        matches!(self, Toggle::On)
    }
}

/// Everything the user chose and typed, exactly as typed, so that nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct Selection {
    /// The ticked features (the core is implied by the others; see [`Selection::effective_features`]).
    pub features: BTreeSet<Feature>,
    /// The partition every ARN is written for.
    pub partition: Partition,
    /// Instance profiles only, or Default Host Management Configuration too.
    pub target: Target,
    /// The account that will own the customer managed policies.
    pub account_id: String,
    /// The customer's output bucket.
    pub bucket: String,
    /// Optional key prefix inside the bucket.
    pub bucket_prefix: String,
    /// Optional KMS key ARN of the bucket's SSE-KMS key.
    pub kms_key_arn: String,
    /// Role names, one per line.
    #[serde(deserialize_with = "lines_or_list")]
    pub role_names: String,
    /// Managed or custom VSS policy.
    pub vss_policy: VssChoice,
    /// Name of the customer managed S3 output policy.
    pub s3_policy_name: String,
    /// Name of the customer managed VSS policy.
    pub vss_policy_name: String,
    /// How instances reach S3.
    pub s3_route: S3Route,
    /// The regions the instances run in, one a line or comma-separated.
    pub regions: String,
    /// Name of the customer managed policy for the AWS-owned buckets.
    pub aws_buckets_policy_name: String,
    /// Whether hybrid (on-premises) nodes are moved too.
    pub hybrid: Toggle,
    /// The IAM service role of the hybrid activations.
    pub hybrid_role_name: String,
    /// Whether the plan is deployed across an AWS Organization.
    pub organization: Toggle,
    /// The organizational units (or the root) to deploy to, one a line.
    #[serde(deserialize_with = "lines_or_list")]
    pub ou_ids: String,
    /// The account's quota of managed policies per role.
    pub policies_per_role: String,
}

impl Default for Selection {
    /// What the page opens on: the features most fleets use, so the outputs show at once.
    fn default() -> Selection {
        Selection {
            features: [
                Feature::Core,
                Feature::SessionManager,
                Feature::CloudWatchAgent,
            ]
            .into_iter()
            .collect(),
            partition: Partition::Aws,
            target: Target::InstanceProfile,
            account_id: String::new(),
            bucket: String::new(),
            bucket_prefix: String::new(),
            kms_key_arn: String::new(),
            role_names: String::new(),
            vss_policy: VssChoice::Managed,
            s3_policy_name: DEFAULT_S3_POLICY_NAME.to_owned(),
            vss_policy_name: DEFAULT_VSS_POLICY_NAME.to_owned(),
            s3_route: S3Route::Internet,
            regions: String::new(),
            aws_buckets_policy_name: DEFAULT_AWS_BUCKETS_POLICY_NAME.to_owned(),
            hybrid: Toggle::Off,
            hybrid_role_name: DEFAULT_HYBRID_ROLE_NAME.to_owned(),
            organization: Toggle::Off,
            ou_ids: String::new(),
            policies_per_role: MANAGED_POLICIES_PER_ROLE.to_string(),
        }
    }
}

/// A choice field was given an option it does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOption {
    /// What the field chooses.
    pub what: &'static str,
    /// What was given, as an error message quotes it ([`excerpt`]).
    pub got: String,
    /// The options, comma-separated.
    pub options: String,
    /// The option meant when only the case differs: ids are lower-case, as in ARNs, and an
    /// upper-case one is refused with the fix rather than guessed, as region codes are.
    pub lower_case: Option<&'static str>,
}

impl UnknownOption {
    /// `got` is not one of `ids`, after surrounding white space is trimmed.
    fn new(what: &'static str, got: &str, ids: impl IntoIterator<Item = &'static str>) -> Self {
        let ids: Vec<&'static str> = ids.into_iter().collect();
        let lower = trim_value(got).to_ascii_lowercase();
        UnknownOption {
            what,
            got: excerpt(trim_value(got)),
            options: ids.join(", "),
            lower_case: ids.into_iter().find(|id| *id == lower),
        }
    }
}

impl fmt::Display for UnknownOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let UnknownOption {
            what, got, options, ..
        } = self;
        match self.lower_case {
            Some(id) => write!(f, "{what} ids are lower-case; write '{id}', not '{got}'"),
            None => write!(f, "unknown {what} '{got}'; one of {options}"),
        }
    }
}

impl std::error::Error for UnknownOption {}

impl Selection {
    /// The features the plan covers: the ticked ones, and the core, which every feature needs
    /// (and which stays even when nothing is ticked, as the least a managed instance needs).
    pub fn effective_features(&self) -> BTreeSet<Feature> {
        let mut all = self.features.clone();
        all.insert(Feature::Core);
        all
    }

    /// Whether the core is included only because other features need it.
    pub fn core_is_implied(&self) -> bool {
        self.features.iter().any(|f| *f != Feature::Core)
    }

    /// The text of a field, as typed; a choice's option id.
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Partition => self.partition.id(),
            Field::Target => self.target.id(),
            Field::AccountId => &self.account_id,
            Field::Bucket => &self.bucket,
            Field::BucketPrefix => &self.bucket_prefix,
            Field::KmsKeyArn => &self.kms_key_arn,
            Field::RoleNames => &self.role_names,
            Field::S3PolicyName => &self.s3_policy_name,
            Field::VssPolicy => self.vss_policy.id(),
            Field::VssPolicyName => &self.vss_policy_name,
            Field::S3Route => self.s3_route.id(),
            Field::Regions => &self.regions,
            Field::AwsBucketsPolicyName => &self.aws_buckets_policy_name,
            Field::Hybrid => self.hybrid.id(),
            Field::HybridRoleName => &self.hybrid_role_name,
            Field::Organization => self.organization.id(),
            Field::OuIds => &self.ou_ids,
            Field::PoliciesPerRole => &self.policies_per_role,
        }
    }

    /// Sets a field from its text. Text is kept exactly as given; a choice takes one of its
    /// option ids and refuses anything else, leaving the selection as it was.
    pub fn set(&mut self, field: Field, text: String) -> Result<(), UnknownOption> {
        let slot = match field {
            Field::Partition => {
                self.partition = parse_option(field, &text, Partition::from_id)?;
                return Ok(());
            }
            Field::Target => {
                self.target = parse_option(field, &text, Target::from_id)?;
                return Ok(());
            }
            Field::VssPolicy => {
                self.vss_policy = parse_option(field, &text, VssChoice::from_id)?;
                return Ok(());
            }
            Field::S3Route => {
                self.s3_route = parse_option(field, &text, S3Route::from_id)?;
                return Ok(());
            }
            Field::Hybrid => {
                self.hybrid = parse_option(field, &text, Toggle::from_id)?;
                return Ok(());
            }
            Field::Organization => {
                self.organization = parse_option(field, &text, Toggle::from_id)?;
                return Ok(());
            }
            Field::HybridRoleName => &mut self.hybrid_role_name,
            Field::OuIds => &mut self.ou_ids,
            Field::PoliciesPerRole => &mut self.policies_per_role,
            Field::Regions => &mut self.regions,
            Field::AwsBucketsPolicyName => &mut self.aws_buckets_policy_name,
            Field::AccountId => &mut self.account_id,
            Field::Bucket => &mut self.bucket,
            Field::BucketPrefix => &mut self.bucket_prefix,
            Field::KmsKeyArn => &mut self.kms_key_arn,
            Field::RoleNames => &mut self.role_names,
            Field::S3PolicyName => &mut self.s3_policy_name,
            Field::VssPolicyName => &mut self.vss_policy_name,
        };
        *slot = text;
        Ok(())
    }
}

fn parse_option<T>(
    field: Field,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, UnknownOption> {
    parse(trim_value(text)).ok_or_else(|| {
        UnknownOption::new(
            field.facts().noun,
            text,
            field.options().iter().map(|o| o.id),
        )
    })
}

/// The most characters of the user's text an error message quotes.
pub const QUOTE_MAX_CHARS: usize = 64;

/// The user's text as an error message quotes it: at most [`QUOTE_MAX_CHARS`] characters and
/// an ellipsis, so a pasted file is not echoed back whole, with line breaks, control
/// characters and invisible ones written as escapes, so what is wrong can be seen.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == QUOTE_MAX_CHARS {
            out.push('…');
            break;
        }
        push_visible(&mut out, c);
    }
    out
}

/// One character as an error message shows it; see [`excerpt`].
fn shown(c: char) -> String {
    let mut out = String::new();
    push_visible(&mut out, c);
    out
}

fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() || is_invisible(c) => out.extend(c.escape_unicode()),
        c => out.push(c),
    }
}

/// Characters that take no room on screen (Unicode's format characters that paste in from web
/// pages and word processors: zero-width spaces and joiners, direction marks and overrides,
/// the byte order mark), which would make a quoted value look valid or read in another order.
const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// A value without what surrounds it: white space, and the byte order mark an editor may put
/// at the start of a file, invisible in a form yet enough to make a good value fail.
fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn lines_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lines {
        Text(String),
        List(Vec<String>),
    }
    Ok(match Lines::deserialize(d)? {
        Lines::Text(t) => t,
        Lines::List(l) => l.join("\n"),
    })
}

macro_rules! serde_by_id {
    ($ty:ty, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let id = String::deserialize(d)?;
                <$ty>::from_id(trim_value(&id)).ok_or_else(|| {
                    serde::de::Error::custom(UnknownOption::new(
                        $what,
                        &id,
                        <$ty>::ALL.map(<$ty>::id),
                    ))
                })
            }
        }
    };
}
serde_by_id!(Feature, "feature");
serde_by_id!(Partition, "partition");
serde_by_id!(VssChoice, "VSS policy choice");
serde_by_id!(S3Route, "S3 route");
serde_by_id!(Target, "target");
serde_by_id!(Toggle, "checkbox state");

/// A field of the form, named as in the page (`name` attribute), plan files and the command
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `partition`.
    Partition,
    /// `target`.
    Target,
    /// `account-id`.
    AccountId,
    /// `bucket`.
    Bucket,
    /// `bucket-prefix`.
    BucketPrefix,
    /// `kms-key-arn`.
    KmsKeyArn,
    /// `role-names`.
    RoleNames,
    /// `s3-policy-name`.
    S3PolicyName,
    /// `vss-policy`.
    VssPolicy,
    /// `vss-policy-name`.
    VssPolicyName,
    /// `s3-route`.
    S3Route,
    /// `regions`.
    Regions,
    /// `aws-buckets-policy-name`.
    AwsBucketsPolicyName,
    /// `hybrid`.
    Hybrid,
    /// `hybrid-role-name`.
    HybridRoleName,
    /// `organization`.
    Organization,
    /// `ou-ids`.
    OuIds,
    /// `policies-per-role`.
    PoliciesPerRole,
}

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// One entry a line; the command line takes its flag once an entry.
    Lines,
    /// One option of [`Field::options`], shown as a list.
    Select,
    /// One option of [`Field::options`], shown as radio buttons.
    Radios,
    /// A checkbox: [`Toggle`]'s `on` or `off`; on the command line a flag without a value.
    Checkbox,
}

/// One option of a choice field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceOption {
    /// The id in the page, plan files and the command line.
    pub id: &'static str,
    /// What the page shows.
    pub label: &'static str,
    /// When to choose it; empty when the label says it all.
    pub hint: &'static str,
}

/// Everything the planner knows about one field: one row of facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldFacts {
    /// The `name` in the page and the key in plan files.
    pub id: &'static str,
    /// The command line flag, without `--`.
    pub flag: &'static str,
    /// The label.
    pub label: &'static str,
    /// What the value is called in messages.
    pub noun: &'static str,
    /// How it is entered.
    pub kind: FieldKind,
    /// What the field is for, and when the plan needs it.
    pub purpose: &'static str,
    /// What it accepts, in the words its error messages use.
    pub rule: Option<&'static str>,
    /// An example value shown in the empty field.
    pub example: Option<&'static str>,
}

/// What an account id may be.
pub const ACCOUNT_ID_RULE: &str = "exactly 12 digits";
/// What a bucket name may be made of.
/// Source: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
pub const BUCKET_RULE: &str = "3-63 characters of a-z, 0-9, '.' and '-'";
/// What a key prefix may be made of: characters safe in an ARN, no wildcards.
pub const PREFIX_RULE: &str =
    "letters, digits, '/' and ! - _ . ' ( ) only (no wildcards or spaces)";
/// What a KMS key ARN looks like.
/// Source: <https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html>
pub const KMS_KEY_RULE: &str =
    "arn:<partition>:kms:<region>:<12-digit account>:key/<key id or mrk-id>";
/// What a role name may be.
/// Source: the IAM API reference, `roleNameType`.
pub const ROLE_NAME_RULE: &str = "1-64 characters of letters, digits and + = , . @ _ -";
/// The most role names one plan takes: an account holds at most 5,000 roles (IAM's quota,
/// 1,000 unless raised), so a longer list names roles that cannot all exist.
/// Source: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MAX_ROLE_NAMES: usize = 5000;
/// What a policy name may be: IAM's rule less the comma, which `policiesToAdd` uses to
/// separate ARNs.
pub const POLICY_NAME_RULE: &str = "1-128 characters of letters, digits and + = . @ _ - (no comma: policiesToAdd separates ARNs with commas)";

/// What an organizational unit id looks like.
pub const OU_ID_RULE: &str = "organizational unit ids (ou- and two groups of lower-case letters and digits, as ou-ab12-cd34ef56) or the root id (r-ab12), one a line or separated by commas";
/// The most organizational units one plan takes: the page's own bound, which keeps the
/// commands it writes short enough to read.
pub const MAX_OU_IDS: usize = 100;

/// The highest quota of managed policies per role AWS documents.
/// Source: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MAX_POLICIES_PER_ROLE: usize = 20;
/// What the quota field takes.
pub const POLICIES_PER_ROLE_RULE: &str = "a whole number from 1 to 20";

/// What the regions field takes.
pub const REGIONS_RULE: &str = "region codes of the partition, such as us-east-1, one a line or separated by commas; at most 12";

const S3_ROUTE_OPTIONS: [ChoiceOption; 2] = [
    ChoiceOption {
        id: S3Route::Internet.id(),
        label: "Public S3 endpoints",
        hint: "The instances reach S3 through an internet or NAT gateway: the agent still downloads from the AWS-owned buckets, unsigned, once the old policy is gone.",
    },
    ChoiceOption {
        id: S3Route::VpcEndpoint.id(),
        label: "S3 gateway VPC endpoint, or no internet path",
        hint: "The instance role and the endpoint policy must name the AWS-owned buckets of each region: agent updates, Patch Manager, Distributor packages and document attachments come from them.",
    },
];

const TARGET_OPTIONS: [ChoiceOption; 2] = [
    ChoiceOption {
        id: Target::InstanceProfile.id(),
        label: "Instance profiles",
        hint: "Each instance role gets the policies of the plan in place of the old one.",
    },
    ChoiceOption {
        id: Target::Dhmc.id(),
        label: "Default Host Management Configuration, and instance profiles where still needed",
        hint: "One role per account makes every instance with IMDSv2 and SSM Agent 3.2.582.0 or later managed, Region by Region. The CloudWatch agent, S3 output, domain join and VSS still need an instance profile.",
    },
];

const TOGGLE_OPTIONS: [ChoiceOption; 2] = [
    ChoiceOption {
        id: Toggle::Off.id(),
        label: "Not ticked",
        hint: "",
    },
    ChoiceOption {
        id: Toggle::On.id(),
        label: "Ticked",
        hint: "",
    },
];

const PARTITION_OPTIONS: [ChoiceOption; 3] = [
    partition_option(Partition::Aws),
    partition_option(Partition::AwsCn),
    partition_option(Partition::AwsUsGov),
];

const fn partition_option(p: Partition) -> ChoiceOption {
    ChoiceOption {
        id: p.id(),
        label: p.label(),
        hint: "",
    }
}

const VSS_OPTIONS: [ChoiceOption; 2] = [
    ChoiceOption {
        id: VssChoice::Managed.id(),
        label: "AWS managed AWSEC2VssSnapshotPolicy",
        hint: "AWS's current advice, for instances on the current AwsVssComponents.",
    },
    ChoiceOption {
        id: VssChoice::Custom.id(),
        label: "The same statements, as a customer managed policy",
        hint: "For accounts or partitions where the AWS managed policy cannot be attached. Needs the account id and a policy name.",
    },
];

impl Field {
    /// Every field, in page order.
    pub const ALL: [Field; 18] = [
        Field::Partition,
        Field::Target,
        Field::AccountId,
        Field::Bucket,
        Field::BucketPrefix,
        Field::KmsKeyArn,
        Field::RoleNames,
        Field::PoliciesPerRole,
        Field::S3PolicyName,
        Field::VssPolicy,
        Field::VssPolicyName,
        Field::S3Route,
        Field::Regions,
        Field::AwsBucketsPolicyName,
        Field::Hybrid,
        Field::HybridRoleName,
        Field::Organization,
        Field::OuIds,
    ];

    /// The field's row of facts.
    pub const fn facts(self) -> &'static FieldFacts {
        match self {
            Field::Partition => &FieldFacts {
                id: "partition",
                flag: "partition",
                label: "Partition",
                noun: "partition",
                kind: FieldKind::Select,
                purpose: "Where the roles live. Every ARN in the outputs is written for this partition.",
                rule: None,
                example: None,
            },
            Field::Target => &FieldFacts {
                id: "target",
                flag: "target",
                label: "Target",
                noun: "target",
                kind: FieldKind::Radios,
                purpose: "Where the instances get their Systems Manager permissions from after the move.",
                rule: None,
                example: None,
            },
            Field::AccountId => &FieldFacts {
                id: "account-id",
                flag: "account-id",
                label: "Account id",
                noun: "account id",
                kind: FieldKind::Text,
                purpose: "Needed when the plan has customer managed policies (S3 command output, the custom VSS policy, the VPC endpoint route): their ARNs name the account.",
                rule: Some(ACCOUNT_ID_RULE),
                example: Some("111122223333"),
            },
            Field::Bucket => &FieldFacts {
                id: "bucket",
                flag: "bucket",
                label: "Output bucket",
                noun: "bucket name",
                kind: FieldKind::Text,
                purpose: "Needed for S3 command output: the bucket instances write output to.",
                rule: Some(BUCKET_RULE),
                example: Some("my-ssm-output"),
            },
            Field::BucketPrefix => &FieldFacts {
                id: "bucket-prefix",
                flag: "bucket-prefix",
                label: "Key prefix",
                noun: "key prefix",
                kind: FieldKind::Text,
                purpose: "Optional: the key prefix output goes under, such as ssm/output.",
                rule: Some(PREFIX_RULE),
                example: Some("ssm/output"),
            },
            Field::KmsKeyArn => &FieldFacts {
                id: "kms-key-arn",
                flag: "kms-key-arn",
                label: "KMS key ARN",
                noun: "KMS key ARN",
                kind: FieldKind::Text,
                purpose: "Optional: when the bucket is encrypted with a customer managed KMS key, its key ARN (an alias will not do).",
                rule: Some(KMS_KEY_RULE),
                example: Some("arn:aws:kms:us-east-1:111122223333:key/…"),
            },
            Field::RoleNames => &FieldFacts {
                id: "role-names",
                flag: "role",
                label: "Role names",
                noun: "role names",
                kind: FieldKind::Lines,
                purpose: "Optional: the instance roles to update, one name a line (names, not ARNs). Empty: every role that carries the old policy.",
                rule: Some(ROLE_NAME_RULE),
                example: Some("web-servers\nbatch-workers"),
            },
            Field::PoliciesPerRole => &FieldFacts {
                id: "policies-per-role",
                flag: "policies-per-role",
                label: "Managed policies per role",
                noun: "quota of managed policies per role",
                kind: FieldKind::Text,
                purpose: "Your account's quota of managed policies per role: 10 unless you had it raised. The scripts, the audit stack and the estate report check each role against it.",
                rule: Some(POLICIES_PER_ROLE_RULE),
                example: None,
            },
            Field::S3PolicyName => &FieldFacts {
                id: "s3-policy-name",
                flag: "s3-policy-name",
                label: "S3 output policy name",
                noun: "policy name",
                kind: FieldKind::Text,
                purpose: "The name of the customer managed S3 output policy.",
                rule: Some(POLICY_NAME_RULE),
                example: None,
            },
            Field::VssPolicy => &FieldFacts {
                id: "vss-policy",
                flag: "vss-policy",
                label: "VSS permissions",
                noun: "VSS policy choice",
                kind: FieldKind::Radios,
                purpose: "The AWS managed policy, or its statements as a customer managed policy of your own.",
                rule: None,
                example: None,
            },
            Field::VssPolicyName => &FieldFacts {
                id: "vss-policy-name",
                flag: "vss-policy-name",
                label: "VSS policy name",
                noun: "policy name",
                kind: FieldKind::Text,
                purpose: "Used with the custom VSS policy; not the S3 policy's name.",
                rule: Some(POLICY_NAME_RULE),
                example: None,
            },
            Field::S3Route => &FieldFacts {
                id: "s3-route",
                flag: "s3-route",
                label: "How instances reach S3",
                noun: "S3 route",
                kind: FieldKind::Radios,
                purpose: "The old policy allowed S3 reads everywhere, the AWS-owned buckets Systems Manager downloads from included.",
                rule: None,
                example: None,
            },
            Field::Regions => &FieldFacts {
                id: "regions",
                flag: "region",
                label: "Regions",
                noun: "region list",
                kind: FieldKind::Lines,
                purpose: "Needed with the VPC endpoint route and with Default Host Management: the Regions the instances run in, whose AWS-owned buckets the policies name and where the setting is turned on.",
                rule: Some(REGIONS_RULE),
                example: Some("us-east-1\neu-west-1"),
            },
            Field::AwsBucketsPolicyName => &FieldFacts {
                id: "aws-buckets-policy-name",
                flag: "aws-buckets-policy-name",
                label: "AWS-owned buckets policy name",
                noun: "policy name",
                kind: FieldKind::Text,
                purpose: "Used with the VPC endpoint route and for hybrid nodes: the customer managed policy that lets them read the AWS-owned buckets.",
                rule: Some(POLICY_NAME_RULE),
                example: None,
            },
            Field::Hybrid => &FieldFacts {
                id: "hybrid",
                flag: "hybrid",
                label: "Hybrid and on-premises nodes too",
                noun: "hybrid choice",
                kind: FieldKind::Checkbox,
                purpose: "Nodes registered with a hybrid activation take their permissions from the activation's service role: move it too, and give its trust policy the conditions AWS recommends.",
                rule: None,
                example: None,
            },
            Field::HybridRoleName => &FieldFacts {
                id: "hybrid-role-name",
                flag: "hybrid-role-name",
                label: "Hybrid service role",
                noun: "hybrid service role name",
                kind: FieldKind::Text,
                purpose: "Used for hybrid nodes: the IAM role your activations name (a name, not an ARN).",
                rule: Some(ROLE_NAME_RULE),
                example: None,
            },
            Field::Organization => &FieldFacts {
                id: "organization",
                flag: "organization",
                label: "Across an AWS Organization",
                noun: "organization choice",
                kind: FieldKind::Checkbox,
                purpose: "Deploy the custom policies and the audit stack to every account of some organizational units with CloudFormation StackSets, and see compliance across them.",
                rule: None,
                example: None,
            },
            Field::OuIds => &FieldFacts {
                id: "ou-ids",
                flag: "ou-id",
                label: "Organizational units",
                noun: "organizational unit list",
                kind: FieldKind::Lines,
                purpose: "Used across an organization: the organizational units (or the root) whose accounts get the stacks, now and as accounts join.",
                rule: Some(OU_ID_RULE),
                example: Some("ou-ab12-cd34ef56"),
            },
        }
    }

    /// The field's `name` in the page.
    pub const fn id(self) -> &'static str {
        self.facts().id
    }

    /// The field's label.
    pub const fn label(self) -> &'static str {
        self.facts().label
    }

    /// The options of a choice field; empty for text.
    pub const fn options(self) -> &'static [ChoiceOption] {
        match self {
            Field::Partition => &PARTITION_OPTIONS,
            Field::Target => &TARGET_OPTIONS,
            Field::VssPolicy => &VSS_OPTIONS,
            Field::S3Route => &S3_ROUTE_OPTIONS,
            Field::Hybrid | Field::Organization => &TOGGLE_OPTIONS,
            Field::AccountId
            | Field::Bucket
            | Field::BucketPrefix
            | Field::KmsKeyArn
            | Field::RoleNames
            | Field::S3PolicyName
            | Field::VssPolicyName
            | Field::Regions
            | Field::AwsBucketsPolicyName
            | Field::HybridRoleName
            | Field::OuIds
            | Field::PoliciesPerRole => &[],
        }
    }

    /// What the page says under the label: what the field is for, then what it accepts.
    pub fn hint(self) -> String {
        let facts = self.facts();
        match facts.rule {
            Some(rule) => format!("{} Allowed: {rule}.", facts.purpose),
            None => facts.purpose.to_owned(),
        }
    }

    /// Parses a field id.
    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One mistake in what the user typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A field the plan needs is empty.
    #[error("{} is required {why}", field.facts().noun)]
    Required {
        /// The empty field.
        field: Field,
        /// Why the plan needs it.
        why: &'static str,
    },
    /// Account id not 12 digits.
    #[error("account id must be {ACCOUNT_ID_RULE}; got '{0}'")]
    AccountId(String),
    /// Bucket name too short or long.
    #[error("bucket name must be 3-63 characters; got {len} in '{name}'")]
    BucketLength {
        /// The length.
        len: usize,
        /// The name.
        name: String,
    },
    /// Bucket name has a character S3 does not allow.
    #[error("bucket name must be {BUCKET_RULE}; got '{}' in '{name}'", shown(*ch))]
    BucketCharacter {
        /// The bad character.
        ch: char,
        /// The name.
        name: String,
    },
    /// Bucket name does not start and end with a letter or digit.
    #[error("bucket name must start and end with a lower-case letter or digit; got '{0}'")]
    BucketEdge(String),
    /// Bucket name has `..`.
    #[error("bucket name must not contain two periods in a row; got '{0}'")]
    BucketDoublePeriod(String),
    /// Bucket name looks like an IP address.
    #[error("bucket name must not look like an IP address; got '{0}'")]
    BucketIpAddress(String),
    /// Bucket name starts with a reserved prefix.
    #[error("bucket name must not start with '{prefix}', which S3 reserves; got '{name}'")]
    BucketReservedPrefix {
        /// The reserved prefix.
        prefix: &'static str,
        /// The name.
        name: String,
    },
    /// Bucket name ends with a reserved suffix.
    #[error("bucket name must not end with '{suffix}', which S3 reserves; got '{name}'")]
    BucketReservedSuffix {
        /// The reserved suffix.
        suffix: &'static str,
        /// The name.
        name: String,
    },
    /// Key prefix has a character the planner will not put in an ARN.
    #[error("key prefix may use {PREFIX_RULE}; got '{}' in '{prefix}'", shown(*ch))]
    PrefixCharacter {
        /// The bad character.
        ch: char,
        /// The prefix.
        prefix: String,
    },
    /// Key prefix has an empty, `.` or `..` segment.
    #[error("key prefix must not contain '//', '.' or '..' segments; got '{0}'")]
    PrefixSegment(String),
    /// Key prefix too long.
    #[error("key prefix must be at most 900 characters; got {0}")]
    PrefixLength(usize),
    /// KMS alias given where a key ARN is needed.
    #[error(
        "IAM policies cannot name a KMS key by its alias; give the key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id>; got '{0}'"
    )]
    KmsAlias(String),
    /// KMS key ARN malformed.
    #[error("KMS key ARN must look like {KMS_KEY_RULE}; got '{0}'")]
    KmsKeyArn(String),
    /// KMS key ARN in another partition.
    #[error("KMS key ARN is in partition '{key}' but the plan is for '{plan}'")]
    KmsPartition {
        /// The key's partition.
        key: String,
        /// The plan's partition.
        plan: &'static str,
    },
    /// KMS key ARN's region not of the partition.
    #[error("KMS key ARN names region '{region}', which is not a region of partition '{plan}'")]
    KmsRegion {
        /// The region.
        region: String,
        /// The plan's partition.
        plan: &'static str,
    },
    /// A KMS key without a bucket.
    #[error("a KMS key applies to the output bucket: enter the bucket too, or clear the key")]
    KmsWithoutBucket,
    /// A role name breaks IAM's rules.
    #[error("line {line}: role name must be {ROLE_NAME_RULE}; got '{name}'")]
    RoleName {
        /// 1-based line number.
        line: usize,
        /// The name.
        name: String,
    },
    /// A role ARN where a name is needed.
    #[error(
        "line {line}: give the role name, not its ARN (the part after the last '/'); got '{name}'"
    )]
    RoleArn {
        /// 1-based line number.
        line: usize,
        /// What was given.
        name: String,
    },
    /// More role names than an account can hold.
    #[error(
        "line {line}: more than {MAX_ROLE_NAMES} role names; an account holds at most {MAX_ROLE_NAMES} roles (IAM's quota), so list one account's roles"
    )]
    RoleCount {
        /// The line of the first name too many.
        line: usize,
    },
    /// A role listed twice.
    #[error("line {line}: role '{name}' is already on line {first} (IAM role names ignore case)")]
    RoleDuplicate {
        /// 1-based line number.
        line: usize,
        /// The name.
        name: String,
        /// The earlier line.
        first: usize,
    },
    /// A policy name breaks IAM's rules, or has a comma, which IAM allows but `policiesToAdd`
    /// uses to separate ARNs.
    #[error("policy name must be {POLICY_NAME_RULE}; got '{0}'")]
    PolicyName(String),
    /// Two custom policies of the plan have one name (the plan checks this: it knows which
    /// custom policies it has).
    #[error(
        "policy name must differ from '{name}', already the {} (IAM policy names ignore case)",
        other.label()
    )]
    PolicyNameClash {
        /// The field of the other policy's name.
        other: Field,
        /// The name they share.
        name: String,
    },
    /// The regions field is wrong.
    #[error(transparent)]
    Regions(#[from] RegionsError),
    /// The quota is not a whole number in range.
    #[error("quota of managed policies per role must be {POLICIES_PER_ROLE_RULE}; got '{0}'")]
    PoliciesPerRole(String),
    /// The hybrid service role's name breaks IAM's rules.
    #[error("role name must be {ROLE_NAME_RULE}; got '{0}'")]
    HybridRoleName(String),
    /// An organizational unit id is not one.
    #[error("line {line}: organizational unit must be one of {OU_ID_RULE}; got '{id}'")]
    OuId {
        /// 1-based line number.
        line: usize,
        /// What was given.
        id: String,
    },
    /// An organizational unit listed twice.
    #[error("line {line}: organizational unit '{id}' is already on line {first}")]
    OuDuplicate {
        /// 1-based line number.
        line: usize,
        /// The id.
        id: String,
        /// The earlier line.
        first: usize,
    },
    /// More organizational units than a plan takes.
    #[error("line {line}: more than {MAX_OU_IDS} organizational units; list their parents instead")]
    OuCount {
        /// The line of the first id too many.
        line: usize,
    },
}

/// A 12-digit AWS account id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AccountId(String);

/// A valid S3 general purpose bucket name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BucketName(String);

/// A key prefix without leading or trailing `/`, safe inside an ARN.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeyPrefix(String);

/// A KMS key ARN in the plan's partition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KmsKeyArn(String);

/// A valid IAM role name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RoleName(String);

/// An organizational unit id, or the organization's root id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OuId(String);

/// A valid IAM policy name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyName(String);

macro_rules! as_str {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
as_str!(
    AccountId, BucketName, KeyPrefix, KmsKeyArn, RoleName, PolicyName, OuId
);

/// One field's value after its check: `Ok(None)` when empty, the error when invalid.
pub type Value<T> = Result<Option<T>, InputError>;

/// The selection with every field checked on its own and against the others. Whether an
/// empty field is needed is the plan's to say: it knows what each output is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The ticked features plus the implied core.
    pub features: BTreeSet<Feature>,
    /// The partition.
    pub partition: Partition,
    /// Instance profiles only, or Default Host Management too.
    pub target: Target,
    /// Managed or custom VSS policy.
    pub vss: VssChoice,
    /// Account id, needed for customer managed policy ARNs.
    pub account_id: Value<AccountId>,
    /// Output bucket.
    pub bucket: Value<BucketName>,
    /// Key prefix inside the bucket.
    pub bucket_prefix: Value<KeyPrefix>,
    /// The bucket's SSE-KMS key.
    pub kms_key: Value<KmsKeyArn>,
    /// The roles to update; empty means every role found carrying the old policy.
    pub role_names: Result<Vec<RoleName>, InputError>,
    /// Name of the S3 output policy.
    pub s3_policy_name: Value<PolicyName>,
    /// Name of the custom VSS policy.
    pub vss_policy_name: Value<PolicyName>,
    /// How instances reach S3.
    pub s3_route: S3Route,
    /// The regions; empty when none are given.
    pub regions: Result<Vec<Region>, InputError>,
    /// Name of the AWS-owned buckets policy.
    pub aws_buckets_policy_name: Value<PolicyName>,
    /// Whether hybrid nodes are moved too.
    pub hybrid: bool,
    /// The hybrid activations' service role.
    pub hybrid_role_name: Value<RoleName>,
    /// Whether the plan is deployed across an organization.
    pub organization: bool,
    /// The organizational units; empty when none are given.
    pub ou_ids: Result<Vec<OuId>, InputError>,
    /// The quota of managed policies per role.
    pub policies_per_role: Value<usize>,
}

impl Checked {
    /// The error of each field in error, in field order.
    pub fn errors(&self) -> BTreeMap<Field, InputError> {
        fn err<T>(r: &Result<T, InputError>) -> Option<InputError> {
            r.as_ref().err().cloned()
        }
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                let error = match field {
                    Field::Partition
                    | Field::Target
                    | Field::VssPolicy
                    | Field::S3Route
                    | Field::Hybrid
                    | Field::Organization => None,
                    Field::AccountId => err(&self.account_id),
                    Field::Bucket => err(&self.bucket),
                    Field::BucketPrefix => err(&self.bucket_prefix),
                    Field::KmsKeyArn => err(&self.kms_key),
                    Field::RoleNames => err(&self.role_names),
                    Field::S3PolicyName => err(&self.s3_policy_name),
                    Field::VssPolicyName => err(&self.vss_policy_name),
                    Field::Regions => err(&self.regions),
                    Field::AwsBucketsPolicyName => err(&self.aws_buckets_policy_name),
                    Field::HybridRoleName => err(&self.hybrid_role_name),
                    Field::OuIds => err(&self.ou_ids),
                    Field::PoliciesPerRole => err(&self.policies_per_role),
                };
                error.map(|e| (field, e))
            })
            .collect()
    }
}

/// Checks every field of the selection. Fields a feature does not use are still checked when
/// filled in.
pub fn check(selection: &Selection) -> Checked {
    let partition = selection.partition;
    let bucket = parse_bucket(&selection.bucket);
    let kms_key = parse_kms_key_arn(&selection.kms_key_arn, partition).and_then(|key| {
        if key.is_some() && trim_value(&selection.bucket).is_empty() {
            Err(InputError::KmsWithoutBucket)
        } else {
            Ok(key)
        }
    });
    Checked {
        features: selection.effective_features(),
        partition,
        target: selection.target,
        vss: selection.vss_policy,
        account_id: parse_account_id(&selection.account_id),
        bucket,
        bucket_prefix: parse_prefix(&selection.bucket_prefix),
        kms_key,
        role_names: parse_role_names(&selection.role_names),
        s3_policy_name: parse_policy_name(&selection.s3_policy_name),
        vss_policy_name: parse_policy_name(&selection.vss_policy_name),
        s3_route: selection.s3_route,
        regions: parse_regions(&selection.regions, partition).map_err(InputError::from),
        aws_buckets_policy_name: parse_policy_name(&selection.aws_buckets_policy_name),
        hybrid: selection.hybrid.is_on(),
        hybrid_role_name: parse_role_name(&selection.hybrid_role_name),
        organization: selection.organization.is_on(),
        ou_ids: parse_ou_ids(&selection.ou_ids),
        policies_per_role: parse_policies_per_role(&selection.policies_per_role),
    }
}

/// Parses an account id; empty is `None`.
pub fn parse_account_id(text: &str) -> Result<Option<AccountId>, InputError> {
    let t = trim_value(text);
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(AccountId(t.to_owned())))
    } else {
        Err(InputError::AccountId(excerpt(t)))
    }
}

const RESERVED_BUCKET_PREFIXES: [&str; 4] =
    ["xn--", "sthree-", "amzn-s3-demo-", "sthree-configurator"];
const RESERVED_BUCKET_SUFFIXES: [&str; 4] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3"];

/// Parses a general purpose bucket name by S3's naming rules; empty is `None`.
/// Source: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
pub fn parse_bucket(text: &str) -> Result<Option<BucketName>, InputError> {
    let name = trim_value(text);
    if name.is_empty() {
        return Ok(None);
    }
    if let Some(ch) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Err(InputError::BucketCharacter {
            ch,
            name: excerpt(name),
        });
    }
    if !(3..=63).contains(&name.len()) {
        return Err(InputError::BucketLength {
            len: name.len(),
            name: excerpt(name),
        });
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(InputError::BucketEdge(excerpt(name)));
    }
    if name.contains("..") {
        return Err(InputError::BucketDoublePeriod(excerpt(name)));
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(InputError::BucketIpAddress(excerpt(name)));
    }
    if let Some(prefix) = RESERVED_BUCKET_PREFIXES
        .into_iter()
        .find(|p| name.starts_with(p))
    {
        return Err(InputError::BucketReservedPrefix {
            prefix,
            name: excerpt(name),
        });
    }
    if let Some(suffix) = RESERVED_BUCKET_SUFFIXES
        .into_iter()
        .find(|s| name.ends_with(s))
    {
        return Err(InputError::BucketReservedSuffix {
            suffix,
            name: excerpt(name),
        });
    }
    Ok(Some(BucketName(name.to_owned())))
}

/// Parses a key prefix: surrounding `/` are dropped; empty is `None`.
pub fn parse_prefix(text: &str) -> Result<Option<KeyPrefix>, InputError> {
    let prefix = trim_value(text).trim_matches('/');
    if prefix.is_empty() {
        return Ok(None);
    }
    if let Some(ch) = prefix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/!-_.'()".contains(*c)))
    {
        return Err(InputError::PrefixCharacter {
            ch,
            prefix: excerpt(prefix),
        });
    }
    if prefix
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err(InputError::PrefixSegment(excerpt(prefix)));
    }
    if prefix.len() > 900 {
        return Err(InputError::PrefixLength(prefix.len()));
    }
    Ok(Some(KeyPrefix(prefix.to_owned())))
}

/// Parses a KMS key ARN for `partition`; empty is `None`.
pub fn parse_kms_key_arn(
    text: &str,
    partition: Partition,
) -> Result<Option<KmsKeyArn>, InputError> {
    let arn = trim_value(text);
    if arn.is_empty() {
        return Ok(None);
    }
    let bad = || InputError::KmsKeyArn(excerpt(arn));
    if arn.starts_with("alias/") || (arn.starts_with("arn:") && arn.contains(":alias/")) {
        return Err(InputError::KmsAlias(excerpt(arn)));
    }
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, key_partition, service, region, account, resource] = fields.as_slice() else {
        return Err(bad());
    };
    if *scheme != "arn" || *service != "kms" {
        return Err(bad());
    }
    let Some(key_partition) = Partition::from_id(key_partition) else {
        return Err(bad());
    };
    let Some(key_id) = resource.strip_prefix("key/") else {
        return Err(bad());
    };
    let hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let uuid = |s: &str| {
        let groups: Vec<&str> = s.split('-').collect();
        groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| hex(g))
    };
    let multi_region = |s: &str| {
        s.strip_prefix("mrk-")
            .is_some_and(|h| h.len() == 32 && hex(h))
    };
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !account_ok || !(uuid(key_id) || multi_region(key_id)) {
        return Err(bad());
    }
    if key_partition != partition {
        return Err(InputError::KmsPartition {
            key: key_partition.id().to_owned(),
            plan: partition.id(),
        });
    }
    if !partition.has_region(region) {
        return Err(InputError::KmsRegion {
            region: excerpt(region),
            plan: partition.id(),
        });
    }
    Ok(Some(KmsKeyArn(arn.to_owned())))
}

fn is_iam_name(name: &str, max: usize) -> bool {
    (1..=max).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// Parses role names, one per line; blank lines are skipped. More than [`MAX_ROLE_NAMES`]
/// are refused at the first name too many, so a pasted export is not read to its end.
pub fn parse_role_names(text: &str) -> Result<Vec<RoleName>, InputError> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let name = trim_value(raw);
        if name.is_empty() {
            continue;
        }
        if names.len() == MAX_ROLE_NAMES {
            return Err(InputError::RoleCount { line });
        }
        if name.starts_with("arn:") {
            return Err(InputError::RoleArn {
                line,
                name: excerpt(name),
            });
        }
        if !is_iam_name(name, 64) {
            return Err(InputError::RoleName {
                line,
                name: excerpt(name),
            });
        }
        if let Some(first) = seen.insert(name.to_ascii_lowercase(), line) {
            return Err(InputError::RoleDuplicate {
                line,
                name: excerpt(name),
                first,
            });
        }
        names.push(RoleName(name.to_owned()));
    }
    Ok(names)
}

/// Parses the quota of managed policies per role; empty is `None`.
pub fn parse_policies_per_role(text: &str) -> Result<Option<usize>, InputError> {
    let t = trim_value(text);
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<usize>() {
        Ok(n)
            if t.bytes().all(|b| b.is_ascii_digit())
                && (1..=MAX_POLICIES_PER_ROLE).contains(&n) =>
        {
            Ok(Some(n))
        }
        _ => Err(InputError::PoliciesPerRole(excerpt(t))),
    }
}

/// Parses one role name, as the hybrid service role's field takes it; empty is `None`.
pub fn parse_role_name(text: &str) -> Result<Option<RoleName>, InputError> {
    let name = trim_value(text);
    if name.is_empty() {
        return Ok(None);
    }
    if is_iam_name(name, 64) {
        Ok(Some(RoleName(name.to_owned())))
    } else {
        Err(InputError::HybridRoleName(excerpt(name)))
    }
}

/// Whether `id` is an organizational unit id or a root id, as AWS Organizations writes them.
/// Source: <https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html>
fn is_ou_id(id: &str) -> bool {
    let word = |w: &str, min: usize| {
        (min..=32).contains(&w.len())
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    match id.split('-').collect::<Vec<_>>().as_slice() {
        ["ou", root, unit] => word(root, 4) && word(unit, 8),
        ["r", root] => word(root, 4),
        _ => false,
    }
}

/// Parses organizational unit ids, one a line or separated by commas; blank lines skipped.
pub fn parse_ou_ids(text: &str) -> Result<Vec<OuId>, InputError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        for id in raw.split(',').map(trim_value).filter(|id| !id.is_empty()) {
            if ids.len() == MAX_OU_IDS {
                return Err(InputError::OuCount { line });
            }
            if !is_ou_id(id) {
                return Err(InputError::OuId {
                    line,
                    id: excerpt(id),
                });
            }
            if let Some(first) = seen.insert(id, line) {
                return Err(InputError::OuDuplicate {
                    line,
                    id: excerpt(id),
                    first,
                });
            }
            ids.push(OuId(id.to_owned()));
        }
    }
    Ok(ids)
}

/// Parses a customer managed policy name; empty is `None`.
pub fn parse_policy_name(text: &str) -> Result<Option<PolicyName>, InputError> {
    let name = trim_value(text);
    if name.is_empty() {
        return Ok(None);
    }
    if is_iam_name(name, 128) && !name.contains(',') {
        Ok(Some(PolicyName(name.to_owned())))
    } else {
        Err(InputError::PolicyName(excerpt(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn account_ids() {
        assert!(parse_account_id(" 123456789012 ").is_ok_and(|a| a.is_some()));
        assert_eq!(parse_account_id(""), Ok(None));
        assert_eq!(
            parse_account_id("12345"),
            Err(InputError::AccountId("12345".into()))
        );
        assert!(parse_account_id("12345678901a").is_err());
    }

    #[test]
    fn bucket_rules() {
        assert!(parse_bucket("my-ssm-output.logs").is_ok_and(|b| b.is_some()));
        assert!(matches!(
            parse_bucket("My_Bucket"),
            Err(InputError::BucketCharacter { ch: 'M', .. })
        ));
        assert!(matches!(
            parse_bucket("ab"),
            Err(InputError::BucketLength { len: 2, .. })
        ));
        assert!(matches!(
            parse_bucket(&"a".repeat(64)),
            Err(InputError::BucketLength { .. })
        ));
        assert!(matches!(
            parse_bucket("-abc"),
            Err(InputError::BucketEdge(_))
        ));
        assert!(matches!(
            parse_bucket("a..b"),
            Err(InputError::BucketDoublePeriod(_))
        ));
        assert!(matches!(
            parse_bucket("192.168.5.4"),
            Err(InputError::BucketIpAddress(_))
        ));
        assert!(matches!(
            parse_bucket("xn--abc"),
            Err(InputError::BucketReservedPrefix { .. })
        ));
        assert!(matches!(
            parse_bucket("amzn-s3-demo-x"),
            Err(InputError::BucketReservedPrefix { .. })
        ));
        assert!(matches!(
            parse_bucket("abc-s3alias"),
            Err(InputError::BucketReservedSuffix { .. })
        ));
        assert!(matches!(
            parse_bucket("abc--x-s3"),
            Err(InputError::BucketReservedSuffix { .. })
        ));
        let msg = parse_bucket("My_Bucket").expect_err("refused").to_string();
        assert_eq!(
            msg,
            "bucket name must be 3-63 characters of a-z, 0-9, '.' and '-'; got 'M' in 'My_Bucket'"
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            parse_prefix("/ssm/out/").ok().flatten().map(|p| p.0),
            Some("ssm/out".to_owned())
        );
        assert!(matches!(
            parse_prefix("a*b"),
            Err(InputError::PrefixCharacter { ch: '*', .. })
        ));
        assert!(matches!(
            parse_prefix("a b"),
            Err(InputError::PrefixCharacter { ch: ' ', .. })
        ));
        assert!(matches!(
            parse_prefix("${aws:username}"),
            Err(InputError::PrefixCharacter { ch: '$', .. })
        ));
        assert!(matches!(
            parse_prefix("a//b"),
            Err(InputError::PrefixSegment(_))
        ));
        assert!(matches!(
            parse_prefix("a/../b"),
            Err(InputError::PrefixSegment(_))
        ));
    }

    #[test]
    fn kms_keys() {
        assert!(parse_kms_key_arn(KEY, Partition::Aws).is_ok_and(|k| k.is_some()));
        let mrk = "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
        assert!(parse_kms_key_arn(mrk, Partition::AwsCn).is_ok_and(|k| k.is_some()));
        assert!(matches!(
            parse_kms_key_arn("alias/my-key", Partition::Aws),
            Err(InputError::KmsAlias(_))
        ));
        assert!(matches!(
            parse_kms_key_arn(
                "arn:aws:kms:us-east-1:111122223333:alias/my-key",
                Partition::Aws
            ),
            Err(InputError::KmsAlias(_))
        ));
        assert!(matches!(
            parse_kms_key_arn(KEY, Partition::AwsCn),
            Err(InputError::KmsPartition { .. })
        ));
        assert!(matches!(
            parse_kms_key_arn(&KEY.replace("us-east-1", "cn-north-1"), Partition::Aws),
            Err(InputError::KmsRegion { .. })
        ));
        assert!(matches!(
            parse_kms_key_arn("1234abcd-12ab-34cd-56ef-1234567890ab", Partition::Aws),
            Err(InputError::KmsKeyArn(_))
        ));
        assert!(matches!(
            parse_kms_key_arn(&KEY.replace("1234abcd", "1234ABCD"), Partition::Aws),
            Err(InputError::KmsKeyArn(_))
        ));
    }

    #[test]
    fn role_names() {
        let ok = parse_role_names("web\n\n  batch-workers \napp@prod").expect("valid names");
        assert_eq!(
            ok.iter().map(RoleName::as_str).collect::<Vec<_>>(),
            ["web", "batch-workers", "app@prod"]
        );
        assert_eq!(
            parse_role_names("web\nbad name"),
            Err(InputError::RoleName {
                line: 2,
                name: "bad name".into()
            })
        );
        assert_eq!(
            parse_role_names("Web\nweb"),
            Err(InputError::RoleDuplicate {
                line: 2,
                name: "web".into(),
                first: 1
            })
        );
        assert!(matches!(
            parse_role_names("arn:aws:iam::111122223333:role/web"),
            Err(InputError::RoleArn { line: 1, .. })
        ));
        assert!(parse_role_names(&"r".repeat(65)).is_err());
    }

    #[test]
    fn policy_names_have_no_comma() {
        assert!(parse_policy_name("It+S3=Out.put@x_y-z").is_ok_and(|n| n.is_some()));
        assert_eq!(
            parse_policy_name("S3,Output"),
            Err(InputError::PolicyName("S3,Output".into()))
        );
    }

    #[test]
    fn rules_appear_in_both_hint_and_message() {
        let cases: [(Field, InputError); 5] = [
            (Field::AccountId, InputError::AccountId("1".into())),
            (
                Field::Bucket,
                InputError::BucketCharacter {
                    ch: '_',
                    name: "a_b".into(),
                },
            ),
            (Field::KmsKeyArn, InputError::KmsKeyArn("k".into())),
            (
                Field::RoleNames,
                InputError::RoleName {
                    line: 1,
                    name: "a b".into(),
                },
            ),
            (Field::S3PolicyName, InputError::PolicyName("a,b".into())),
        ];
        for (field, error) in cases {
            let rule = field.facts().rule.expect("a text field has a rule");
            assert!(field.hint().contains(rule), "{field}");
            assert!(error.to_string().contains(rule), "{field}");
        }
        let prefix = parse_prefix("a*").expect_err("a wildcard is refused");
        assert!(prefix.to_string().contains(PREFIX_RULE));
    }

    #[test]
    fn the_regions_rule_states_the_cap() {
        let cap = crate::catalog::regions::MAX_REGIONS.to_string();
        assert!(REGIONS_RULE.ends_with(&format!("at most {cap}")));
    }

    #[test]
    fn choices_take_their_options_only() {
        let mut s = Selection::default();
        assert!(s.set(Field::Partition, "aws-us-gov".into()).is_ok());
        assert_eq!(s.partition, Partition::AwsUsGov);
        let refused = s.set(Field::Partition, "mars".into());
        assert_eq!(
            refused.map_err(|e| e.to_string()),
            Err("unknown partition 'mars'; one of aws, aws-cn, aws-us-gov".to_owned())
        );
        assert_eq!(s.partition, Partition::AwsUsGov);
        assert!(s.set(Field::VssPolicy, "custom".into()).is_ok());
        assert_eq!(s.text(Field::VssPolicy), "custom");
        for field in Field::ALL {
            let choice = matches!(
                field.facts().kind,
                FieldKind::Select | FieldKind::Radios | FieldKind::Checkbox
            );
            assert_eq!(choice, !field.options().is_empty(), "{field}");
            for option in field.options() {
                let mut s = Selection::default();
                assert!(s.set(field, option.id.into()).is_ok());
                assert_eq!(s.text(field), option.id);
            }
        }
    }

    #[test]
    fn bad_value_is_dropped_even_when_not_needed() {
        let s = Selection {
            bucket: "Bad Bucket".into(),
            ..Selection::default()
        };
        let checked = check(&s);
        assert!(checked.errors().contains_key(&Field::Bucket));
        assert!(checked.bucket.is_err());
    }

    #[test]
    fn kms_key_needs_a_bucket() {
        let s = Selection {
            kms_key_arn: KEY.into(),
            ..Selection::default()
        };
        assert_eq!(
            check(&s).errors().get(&Field::KmsKeyArn),
            Some(&InputError::KmsWithoutBucket)
        );
    }

    #[test]
    fn selection_round_trips_through_json() {
        let s = Selection {
            role_names: "a\nb".into(),
            ..Selection::default()
        };
        let json = serde_json::to_string(&s).expect("a selection serializes");
        assert!(json.contains("\"features\":[\"core\",\"session-manager\",\"cloudwatch-agent\"]"));
        assert_eq!(serde_json::from_str::<Selection>(&json).ok(), Some(s));
        let listed: Selection =
            serde_json::from_str(r#"{"role-names":["x","y"],"partition":"aws-cn"}"#)
                .expect("role names as a list");
        assert_eq!(listed.role_names, "x\ny");
        assert_eq!(listed.partition, Partition::AwsCn);
        assert!(serde_json::from_str::<Selection>(r#"{"features":["nope"]}"#).is_err());
    }
}
