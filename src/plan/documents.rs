//! The documents of the customer managed policies the planner writes.

use crate::catalog::{Feature, ManagedPolicy, Partition};
use crate::input::{Checked, Field, KmsKeyArn, S3Route};
use crate::plan::aws_buckets::{EndpointPolicy, aws_buckets_document, s3_endpoint_policy};
use crate::plan::{CustomKind, Inapplicable, Needs, Part};
use crate::policy::{OneOrMany, PolicyDocument, Statement, arn_in};

/// The custom policy documents of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Documents {
    /// The S3 output policy's.
    pub s3: Part<PolicyDocument>,
    /// The custom VSS policy's.
    pub vss: Part<PolicyDocument>,
    /// The AWS-owned buckets policy's.
    pub aws_buckets: Part<PolicyDocument>,
}

impl Documents {
    /// The document of one custom policy.
    pub fn of(&self, kind: CustomKind) -> &Part<PolicyDocument> {
        match kind {
            CustomKind::S3Output => &self.s3,
            CustomKind::Vss => &self.vss,
            CustomKind::AwsBuckets => &self.aws_buckets,
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
            s3_output_document(
                partition,
                bucket.as_str(),
                prefix.map(|p| p.as_str()),
                key,
                checked.organization,
            )
        })
    } else {
        Part::NotApplicable(Inapplicable::NeedsFeature(Feature::S3Output))
    };
    let vss = if kinds.contains(&CustomKind::Vss) {
        Part::Ready(vss_document(partition))
    } else {
        Part::NotApplicable(Inapplicable::NeedsCustomVss)
    };
    let aws_buckets = if kinds.contains(&CustomKind::AwsBuckets) {
        let why = if checked.s3_route == S3Route::VpcEndpoint {
            REGIONS_NEEDED_FOR
        } else {
            HYBRID_REGIONS_NEEDED_FOR
        };
        regions(checked, needs, why).map(aws_buckets_document)
    } else {
        Part::NotApplicable(Inapplicable::NeedsVpcEndpoint)
    };
    Documents {
        s3,
        vss,
        aws_buckets,
    }
}

/// Why hybrid nodes need the regions, in words that finish "… is required ".
pub(super) const HYBRID_REGIONS_NEEDED_FOR: &str =
    "for hybrid nodes: their activations' Regions, whose AWS-owned buckets they read";

const REGIONS_NEEDED_FOR: &str =
    "for the AWS-owned buckets when instances reach S3 through a VPC endpoint";

/// The regions, where the plan needs them (`why` finishes "… is required ").
pub(super) fn regions<'c>(
    checked: &'c Checked,
    needs: &mut Needs,
    why: &'static str,
) -> Part<&'c [crate::catalog::regions::Region]> {
    match &checked.regions {
        Ok(regions) if regions.is_empty() => {
            needs.required.entry(Field::Regions).or_insert(why);
            Part::blocked(Field::Regions)
        }
        Ok(regions) => Part::Ready(regions),
        Err(_) => Part::blocked(Field::Regions),
    }
}

/// The S3 gateway endpoint's policy: the AWS-owned buckets of the regions and, with S3
/// command output, the output bucket.
pub(super) fn endpoint_policy(checked: &Checked, needs: &mut Needs) -> Part<EndpointPolicy> {
    if checked.s3_route != S3Route::VpcEndpoint {
        return Part::NotApplicable(Inapplicable::NeedsVpcEndpoint);
    }
    let output = if checked.features.contains(&Feature::S3Output) {
        let bucket = needs.value(Field::Bucket, &checked.bucket, "for S3 command output");
        let prefix = Needs::optional(Field::BucketPrefix, &checked.bucket_prefix);
        // The bucket's statements of the S3 output policy; the KMS key is no S3 resource.
        bucket.zip(prefix).map(|(bucket, prefix)| {
            let prefix = prefix.map(|p| p.as_str());
            Some(s3_output_document(
                checked.partition,
                bucket.as_str(),
                prefix,
                None,
                checked.organization,
            ))
        })
    } else {
        Part::Ready(None)
    };
    regions(checked, needs, REGIONS_NEEDED_FOR)
        .zip(output)
        .map(|(regions, output)| s3_endpoint_policy(regions, output))
}

/// The least-privilege S3 output policy: objects under the prefix, the bucket's encryption
/// setting, and the bucket's KMS key when it has one. Never `*`.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html>
/// `cross_account`: the roles are in other accounts than the bucket (a deployment across an
/// organization), which AWS documents as also needing `s3:PutObjectAcl`.
pub(super) fn s3_output_document(
    partition: Partition,
    bucket: &str,
    prefix: Option<&str>,
    kms_key: Option<&KmsKeyArn>,
    cross_account: bool,
) -> PolicyDocument {
    let p = partition.id();
    let objects = match prefix {
        Some(prefix) => format!("arn:{p}:s3:::{bucket}/{prefix}/*"),
        None => format!("arn:{p}:s3:::{bucket}/*"),
    };
    let mut statements = vec![
        Statement::allow(
            "WriteCommandOutput",
            ["s3:GetObject", "s3:PutObject"]
                .into_iter()
                .chain(cross_account.then_some("s3:PutObjectAcl")),
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

/// The custom VSS snapshot policy: every statement of AWS's `AWSEC2VssSnapshotPolicy`, with
/// its actions, resources and conditions, written for the plan's partition as a customer
/// managed policy: for accounts and partitions where the AWS managed policy cannot be
/// attached, no wider than it. `AWSEC2-VssInstallAndSnapshot` installs the current VSS
/// components, which call what that policy allows.
/// Source: <https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/vss-iam-reqs.html>
fn vss_document(partition: Partition) -> PolicyDocument {
    // In the plan's partition, and sorted as everything the planner writes. Snapshot and image
    // ARNs have no account field; AWS writes `*` there, which matches only the empty field, so
    // the copy writes the field empty as the resource types' own format does.
    let written = |v: &str| {
        arn_in(partition, v)
            .replace(":*:snapshot/", "::snapshot/")
            .replace(":*:image/", "::image/")
    };
    let in_partition = |values: &OneOrMany| match values {
        OneOrMany::One(v) => OneOrMany::One(written(v)),
        OneOrMany::Many(vs) => {
            let mut vs: Vec<String> = vs.iter().map(|v| written(v)).collect();
            vs.sort();
            OneOrMany::Many(vs)
        }
    };
    let managed = PolicyDocument::from_static(ManagedPolicy::Ec2VssSnapshotPolicy.document());
    let statements: Vec<Statement> = managed
        .statement
        .into_iter()
        .map(|mut s| {
            s.resource = in_partition(&s.resource);
            for keys in s.condition.values_mut() {
                for values in keys.values_mut() {
                    *values = in_partition(values);
                }
            }
            s
        })
        .collect();
    PolicyDocument::new(statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Partition;

    #[test]
    fn the_custom_vss_policy_is_awss_statement_for_statement_in_the_partition() {
        for partition in Partition::ALL {
            let ours = vss_document(partition);
            let theirs = ManagedPolicy::Ec2VssSnapshotPolicy.document();
            assert_eq!(ours.statement.len(), theirs.len());
            for (o, t) in ours.statement.iter().zip(theirs) {
                assert_eq!(o.sid.as_deref(), t.sid);
                assert_eq!(o.action.values(), t.actions.as_slice());
                // Same resources, in the partition, the account field of snapshots and images
                // written empty as their resource types' format has it.
                let mut expected: Vec<String> = t
                    .resources
                    .as_slice()
                    .iter()
                    .map(|r| {
                        r.replacen("arn:aws:", &format!("arn:{}:", partition.id()), 1)
                            .replace(":*:snapshot/", "::snapshot/")
                            .replace(":*:image/", "::image/")
                    })
                    .collect();
                expected.sort();
                assert_eq!(o.resource.values(), expected, "{:?}", t.sid);
                let conditions: Vec<(&str, &str)> = o
                    .condition
                    .iter()
                    .flat_map(|(op, keys)| keys.keys().map(move |k| (op.as_str(), k.as_str())))
                    .collect();
                let mut expected: Vec<(&str, &str)> =
                    t.conditions.iter().map(|c| (c.operator, c.key)).collect();
                expected.sort();
                assert_eq!(conditions, expected, "{:?}", t.sid);
            }
        }
    }
}
