//! The documents of the customer managed policies the planner writes.

use crate::catalog::{Feature, Partition};
use crate::input::{Checked, Field, KmsKeyArn};
use crate::plan::{CustomKind, Inapplicable, Needs, Part};
use crate::policy::{PolicyDocument, Statement, arn_in};

/// The custom policy documents of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Documents {
    /// The S3 output policy's.
    pub s3: Part<PolicyDocument>,
    /// The custom VSS policy's.
    pub vss: Part<PolicyDocument>,
}

impl Documents {
    /// The document of one custom policy.
    pub fn of(&self, kind: CustomKind) -> &Part<PolicyDocument> {
        match kind {
            CustomKind::S3Output => &self.s3,
            CustomKind::Vss => &self.vss,
        }
    }
}

/// Writes the documents the selection calls for.
pub(super) fn plan(checked: &Checked, kinds: &[CustomKind], needs: &mut Needs) -> Documents {
    let partition = checked.partition;
    let s3 = if kinds.contains(&CustomKind::S3Output) {
        let bucket = needs.value(Field::Bucket, &checked.bucket, "for S3 command output");
        let prefix = Needs::optional(Field::BucketPrefix, &checked.bucket_prefix);
        let key = Needs::optional(Field::KmsKeyArn, &checked.kms_key);
        bucket.zip(prefix).zip(key).map(|((bucket, prefix), key)| {
            s3_output_document(partition, bucket.as_str(), prefix.map(|p| p.as_str()), key)
        })
    } else {
        Part::NotApplicable(Inapplicable::NeedsFeature(Feature::S3Output))
    };
    let vss = if kinds.contains(&CustomKind::Vss) {
        Part::Ready(vss_document(partition))
    } else {
        Part::NotApplicable(Inapplicable::NeedsCustomVss)
    };
    Documents { s3, vss }
}

/// The least-privilege S3 output policy: objects under the prefix, the bucket's encryption
/// setting, and the bucket's KMS key when it has one. Never `*`.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html>
fn s3_output_document(
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
fn vss_document(partition: Partition) -> PolicyDocument {
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
