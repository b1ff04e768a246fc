//! The user's selection as typed, and its validation into values the planner can trust.
//!
//! Every mistake is a typed [`InputError`] tied to the [`Field`] it belongs to, with a message
//! that says what is wrong and what is allowed. A field in error contributes nothing to the
//! plan, so an invalid value can never reach an output.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::{DEFAULT_S3_POLICY_NAME, DEFAULT_VSS_POLICY_NAME, Feature, Partition};

/// How VSS snapshot permissions are granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VssChoice {
    /// The AWS managed `AWSEC2VssSnapshotPolicy` (AWS's current advice).
    #[default]
    Managed,
    /// A customer managed policy written by the planner.
    Custom,
}

impl VssChoice {
    /// The id used in the page and in plan files.
    pub const fn id(self) -> &'static str {
        match self {
            VssChoice::Managed => "managed",
            VssChoice::Custom => "custom",
        }
    }

    /// Parses a VSS choice id.
    pub fn from_id(id: &str) -> Option<VssChoice> {
        [VssChoice::Managed, VssChoice::Custom]
            .into_iter()
            .find(|c| c.id() == id)
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
            account_id: String::new(),
            bucket: String::new(),
            bucket_prefix: String::new(),
            kms_key_arn: String::new(),
            role_names: String::new(),
            vss_policy: VssChoice::Managed,
            s3_policy_name: DEFAULT_S3_POLICY_NAME.to_owned(),
            vss_policy_name: DEFAULT_VSS_POLICY_NAME.to_owned(),
        }
    }
}

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

    /// Whether the plan includes a customer managed policy, which needs an account id.
    pub fn needs_custom_policy(&self) -> bool {
        self.features.contains(&Feature::S3Output) || self.uses_custom_vss()
    }

    /// Whether the plan includes the custom VSS policy.
    pub fn uses_custom_vss(&self) -> bool {
        self.features.contains(&Feature::VssSnapshots) && self.vss_policy == VssChoice::Custom
    }

    /// The text of a field, as typed.
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Partition => self.partition.id(),
            Field::AccountId => &self.account_id,
            Field::Bucket => &self.bucket,
            Field::BucketPrefix => &self.bucket_prefix,
            Field::KmsKeyArn => &self.kms_key_arn,
            Field::RoleNames => &self.role_names,
            Field::S3PolicyName => &self.s3_policy_name,
            Field::VssPolicyName => &self.vss_policy_name,
        }
    }
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
                <$ty>::from_id(&id).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("unknown ", $what, " '{}'"), id))
                })
            }
        }
    };
}
serde_by_id!(Feature, "feature");
serde_by_id!(Partition, "partition");

/// A field of the form, named as in the page (`name` attribute) and in plan files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `partition`.
    Partition,
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
    /// `vss-policy-name`.
    VssPolicyName,
}

impl Field {
    /// Every field, in page order.
    pub const ALL: [Field; 8] = [
        Field::Partition,
        Field::AccountId,
        Field::Bucket,
        Field::BucketPrefix,
        Field::KmsKeyArn,
        Field::RoleNames,
        Field::S3PolicyName,
        Field::VssPolicyName,
    ];

    /// The field's `name` in the page.
    pub const fn id(self) -> &'static str {
        match self {
            Field::Partition => "partition",
            Field::AccountId => "account-id",
            Field::Bucket => "bucket",
            Field::BucketPrefix => "bucket-prefix",
            Field::KmsKeyArn => "kms-key-arn",
            Field::RoleNames => "role-names",
            Field::S3PolicyName => "s3-policy-name",
            Field::VssPolicyName => "vss-policy-name",
        }
    }

    /// The field's label.
    pub const fn label(self) -> &'static str {
        match self {
            Field::Partition => "Partition",
            Field::AccountId => "Account id",
            Field::Bucket => "Output bucket",
            Field::BucketPrefix => "Key prefix",
            Field::KmsKeyArn => "KMS key ARN",
            Field::RoleNames => "Role names",
            Field::S3PolicyName => "S3 output policy name",
            Field::VssPolicyName => "VSS policy name",
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
    #[error("{what} is required {why}")]
    Required {
        /// What is missing.
        what: &'static str,
        /// Why the plan needs it.
        why: &'static str,
    },
    /// Account id not 12 digits.
    #[error("account id must be exactly 12 digits; got '{0}'")]
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
    #[error("bucket name must be 3-63 characters of a-z, 0-9, '.' and '-'; got '{ch}' in '{name}'")]
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
    #[error(
        "key prefix may use letters, digits, '/' and ! - _ . ' ( ) only (no wildcards or spaces); got '{ch}' in '{prefix}'"
    )]
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
    #[error(
        "KMS key ARN must look like arn:<partition>:kms:<region>:<12-digit account>:key/<key id or mrk-id>; got '{0}'"
    )]
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
    #[error(
        "line {line}: role name must be 1-64 characters of letters, digits and + = , . @ _ -; got '{name}'"
    )]
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
    #[error(
        "policy name must be 1-128 characters of letters, digits and + = . @ _ - (no comma: policiesToAdd separates ARNs with commas); got '{0}'"
    )]
    PolicyName(String),
    /// Both custom policies have one name.
    #[error(
        "policy name must differ from the S3 output policy's name '{0}' (IAM policy names ignore case)"
    )]
    PolicyNameClash(String),
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
    AccountId, BucketName, KeyPrefix, KmsKeyArn, RoleName, PolicyName
);

/// The selection's values that passed validation; a field in error, or empty, is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The ticked features plus the implied core.
    pub features: BTreeSet<Feature>,
    /// The partition.
    pub partition: Partition,
    /// Account id, needed for customer managed policy ARNs.
    pub account_id: Option<AccountId>,
    /// Output bucket.
    pub bucket: Option<BucketName>,
    /// Key prefix inside the bucket.
    pub bucket_prefix: Option<KeyPrefix>,
    /// The bucket's SSE-KMS key.
    pub kms_key: Option<KmsKeyArn>,
    /// The roles to update; empty means every role found carrying the old policy.
    pub role_names: Vec<RoleName>,
    /// Managed or custom VSS policy.
    pub vss: VssChoice,
    /// Name of the S3 output policy.
    pub s3_policy_name: Option<PolicyName>,
    /// Name of the custom VSS policy.
    pub vss_policy_name: Option<PolicyName>,
}

/// The result of validating a [`Selection`]: the good values and the mistakes, per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    /// The values that passed.
    pub inputs: Inputs,
    /// One error per field in error, in field order.
    pub errors: BTreeMap<Field, InputError>,
}

impl Validated {
    /// Whether every field is valid.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates the whole selection. Fields a feature does not use are still checked when
/// filled in, but only required when the plan needs them.
pub fn validate(selection: &Selection) -> Validated {
    let mut errors = BTreeMap::new();
    let partition = selection.partition;
    fn keep<T>(
        errors: &mut BTreeMap<Field, InputError>,
        field: Field,
        r: Result<Option<T>, InputError>,
    ) -> Option<T> {
        r.unwrap_or_else(|e| {
            errors.insert(field, e);
            None
        })
    }

    let needs_custom = selection.needs_custom_policy();
    let s3 = selection.features.contains(&Feature::S3Output);
    let account_id = keep(
        &mut errors,
        Field::AccountId,
        required(
            parse_account_id(&selection.account_id),
            needs_custom,
            "account id",
            "for the ARNs of the customer managed policies",
        ),
    );
    let bucket = keep(
        &mut errors,
        Field::Bucket,
        required(
            parse_bucket(&selection.bucket),
            s3,
            "bucket name",
            "for S3 command output",
        ),
    );
    let bucket_prefix = keep(
        &mut errors,
        Field::BucketPrefix,
        parse_prefix(&selection.bucket_prefix),
    );
    let kms_key = keep(
        &mut errors,
        Field::KmsKeyArn,
        parse_kms_key_arn(&selection.kms_key_arn, partition).and_then(|key| {
            if key.is_some() && selection.bucket.trim().is_empty() {
                Err(InputError::KmsWithoutBucket)
            } else {
                Ok(key)
            }
        }),
    );
    let role_names = keep(
        &mut errors,
        Field::RoleNames,
        parse_role_names(&selection.role_names).map(Some),
    )
    .unwrap_or_default();
    let s3_policy_name = keep(
        &mut errors,
        Field::S3PolicyName,
        required(
            parse_policy_name(&selection.s3_policy_name),
            s3,
            "policy name",
            "for the S3 output policy",
        ),
    );
    let vss_policy_name = keep(
        &mut errors,
        Field::VssPolicyName,
        required(
            parse_policy_name(&selection.vss_policy_name),
            selection.uses_custom_vss(),
            "policy name",
            "for the custom VSS policy",
        )
        .and_then(|name| match (&name, &s3_policy_name) {
            (Some(v), Some(s))
                if s3 && selection.uses_custom_vss() && v.0.eq_ignore_ascii_case(&s.0) =>
            {
                Err(InputError::PolicyNameClash(s.0.clone()))
            }
            _ => Ok(name),
        }),
    );

    Validated {
        inputs: Inputs {
            features: selection.effective_features(),
            partition,
            account_id,
            bucket,
            bucket_prefix,
            kms_key,
            role_names,
            vss: selection.vss_policy,
            s3_policy_name,
            vss_policy_name,
        },
        errors,
    }
}

fn required<T>(
    parsed: Result<Option<T>, InputError>,
    needed: bool,
    what: &'static str,
    why: &'static str,
) -> Result<Option<T>, InputError> {
    match parsed {
        Ok(None) if needed => Err(InputError::Required { what, why }),
        other => other,
    }
}

/// Parses an account id; empty is `None`.
pub fn parse_account_id(text: &str) -> Result<Option<AccountId>, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(AccountId(t.to_owned())))
    } else {
        Err(InputError::AccountId(t.to_owned()))
    }
}

const RESERVED_BUCKET_PREFIXES: [&str; 4] =
    ["xn--", "sthree-", "amzn-s3-demo-", "sthree-configurator"];
const RESERVED_BUCKET_SUFFIXES: [&str; 4] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3"];

/// Parses a general purpose bucket name by S3's naming rules; empty is `None`.
/// Source: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
pub fn parse_bucket(text: &str) -> Result<Option<BucketName>, InputError> {
    let name = text.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let owned = || name.to_owned();
    if let Some(ch) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Err(InputError::BucketCharacter { ch, name: owned() });
    }
    if !(3..=63).contains(&name.len()) {
        return Err(InputError::BucketLength {
            len: name.len(),
            name: owned(),
        });
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(InputError::BucketEdge(owned()));
    }
    if name.contains("..") {
        return Err(InputError::BucketDoublePeriod(owned()));
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(InputError::BucketIpAddress(owned()));
    }
    if let Some(prefix) = RESERVED_BUCKET_PREFIXES
        .into_iter()
        .find(|p| name.starts_with(p))
    {
        return Err(InputError::BucketReservedPrefix {
            prefix,
            name: owned(),
        });
    }
    if let Some(suffix) = RESERVED_BUCKET_SUFFIXES
        .into_iter()
        .find(|s| name.ends_with(s))
    {
        return Err(InputError::BucketReservedSuffix {
            suffix,
            name: owned(),
        });
    }
    Ok(Some(BucketName(owned())))
}

/// Parses a key prefix: surrounding `/` are dropped; empty is `None`.
pub fn parse_prefix(text: &str) -> Result<Option<KeyPrefix>, InputError> {
    let prefix = text.trim().trim_matches('/');
    if prefix.is_empty() {
        return Ok(None);
    }
    if let Some(ch) = prefix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/!-_.'()".contains(*c)))
    {
        return Err(InputError::PrefixCharacter {
            ch,
            prefix: prefix.to_owned(),
        });
    }
    if prefix
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err(InputError::PrefixSegment(prefix.to_owned()));
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
    let arn = text.trim();
    if arn.is_empty() {
        return Ok(None);
    }
    let bad = || InputError::KmsKeyArn(arn.to_owned());
    if arn.starts_with("alias/") || (arn.starts_with("arn:") && arn.contains(":alias/")) {
        return Err(InputError::KmsAlias(arn.to_owned()));
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
            region: (*region).to_owned(),
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

/// Parses role names, one per line; blank lines are skipped.
pub fn parse_role_names(text: &str) -> Result<Vec<RoleName>, InputError> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let name = raw.trim();
        if name.is_empty() {
            continue;
        }
        if name.starts_with("arn:") {
            return Err(InputError::RoleArn {
                line,
                name: name.to_owned(),
            });
        }
        if !is_iam_name(name, 64) {
            return Err(InputError::RoleName {
                line,
                name: name.to_owned(),
            });
        }
        if let Some(first) = seen.insert(name.to_ascii_lowercase(), line) {
            return Err(InputError::RoleDuplicate {
                line,
                name: name.to_owned(),
                first,
            });
        }
        names.push(RoleName(name.to_owned()));
    }
    Ok(names)
}

/// Parses a customer managed policy name; empty is `None`.
pub fn parse_policy_name(text: &str) -> Result<Option<PolicyName>, InputError> {
    let name = text.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if is_iam_name(name, 128) && !name.contains(',') {
        Ok(Some(PolicyName(name.to_owned())))
    } else {
        Err(InputError::PolicyName(name.to_owned()))
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
        let msg = parse_bucket("My_Bucket")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
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
        let ok = parse_role_names("web\n\n  batch-workers \napp@prod").unwrap_or_default();
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
    fn requirements_follow_features() {
        let mut s = Selection::default();
        assert!(validate(&s).is_valid());
        s.features.insert(Feature::S3Output);
        let v = validate(&s);
        assert!(matches!(
            v.errors.get(&Field::AccountId),
            Some(InputError::Required { .. })
        ));
        assert!(matches!(
            v.errors.get(&Field::Bucket),
            Some(InputError::Required { .. })
        ));
        s.account_id = "123456789012".into();
        s.bucket = "my-bucket".into();
        assert!(validate(&s).is_valid());
        s.features.insert(Feature::VssSnapshots);
        s.vss_policy = VssChoice::Custom;
        s.vss_policy_name = s.s3_policy_name.to_lowercase();
        assert!(matches!(
            validate(&s).errors.get(&Field::VssPolicyName),
            Some(InputError::PolicyNameClash(_))
        ));
    }

    #[test]
    fn bad_value_is_dropped_even_when_not_needed() {
        let s = Selection {
            bucket: "Bad Bucket".into(),
            ..Selection::default()
        };
        let v = validate(&s);
        assert!(v.errors.contains_key(&Field::Bucket));
        assert_eq!(v.inputs.bucket, None);
    }

    #[test]
    fn kms_key_needs_a_bucket() {
        let s = Selection {
            kms_key_arn: KEY.into(),
            ..Selection::default()
        };
        assert_eq!(
            validate(&s).errors.get(&Field::KmsKeyArn),
            Some(&InputError::KmsWithoutBucket)
        );
    }

    #[test]
    fn selection_round_trips_through_json() {
        let s = Selection {
            role_names: "a\nb".into(),
            ..Selection::default()
        };
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert!(json.contains("\"features\":[\"core\",\"session-manager\",\"cloudwatch-agent\"]"));
        assert_eq!(serde_json::from_str::<Selection>(&json).ok(), Some(s));
        let listed: Selection =
            serde_json::from_str(r#"{"role-names":["x","y"],"partition":"aws-cn"}"#)
                .unwrap_or_default();
        assert_eq!(listed.role_names, "x\ny");
        assert_eq!(listed.partition, Partition::AwsCn);
        assert!(serde_json::from_str::<Selection>(r#"{"features":["nope"]}"#).is_err());
    }
}
