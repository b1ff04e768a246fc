//! The two documents that let instances behind an S3 gateway endpoint reach the AWS-owned
//! buckets of their regions: a customer managed policy for the instance role, and the policy
//! of the endpoint itself.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::aws_buckets::buckets_for;
use crate::catalog::regions::Region;
use crate::policy::{OneOrMany, POLICY_VERSION, PolicyDocument, Printed, Statement};

/// Statement id of the AWS-owned buckets, in both documents.
pub const AWS_BUCKETS_SID: &str = "ReadAwsOwnedSsmBuckets";

/// The size limit of a VPC endpoint policy, whitespace included.
/// Source: <https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html>
pub const ENDPOINT_POLICY_MAX_CHARS: usize = 20_480;

/// What the page says next to the endpoint policy.
pub const ENDPOINT_POLICY_NOTE: &str = "This policy replaces the endpoint's default full-access policy: \
     any other S3 request that goes through this endpoint (operating system package repositories, \
     your other buckets) is denied until you add a statement for it.";

/// The object ARNs of the AWS-owned buckets of `regions`, each in its region's partition;
/// sorted and unique.
pub(super) fn aws_bucket_object_arns(regions: &[Region]) -> Vec<String> {
    let mut arns: Vec<String> = regions
        .iter()
        .flat_map(|r| buckets_for(r).buckets)
        .map(|b| b.object_arn)
        .collect();
    arns.sort();
    arns.dedup();
    arns
}

/// The instance role's policy: `s3:GetObject` on the objects of exactly the AWS-owned buckets
/// of `regions`, one ARN per bucket, no wildcard for a region. Every region has at least one
/// documented bucket, so a plan with regions always has a statement.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
pub(super) fn aws_buckets_document(regions: &[Region]) -> PolicyDocument {
    PolicyDocument::new(vec![Statement::allow(
        AWS_BUCKETS_SID,
        ["s3:GetObject"],
        aws_bucket_object_arns(regions),
    )])
}

/// The policy of the S3 gateway endpoint: it lets through reads of the AWS-owned buckets of
/// `regions` and, with S3 command output, what the instance role's S3 output policy allows on
/// the user's bucket (`output`: that policy's statements for the bucket, without its KMS key,
/// which is no S3 resource). See [`ENDPOINT_POLICY_NOTE`].
/// Sources: <https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html>,
/// <https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html> (an endpoint
/// policy must name a principal)
pub(super) fn s3_endpoint_policy(
    regions: &[Region],
    output: Option<PolicyDocument>,
) -> EndpointPolicy {
    let mut statements = Vec::new();
    let arns = aws_bucket_object_arns(regions);
    if !arns.is_empty() {
        statements.push(Statement::allow(AWS_BUCKETS_SID, ["s3:GetObject"], arns));
    }
    statements.extend(output.into_iter().flat_map(|d| d.statement));
    EndpointPolicy {
        version: POLICY_VERSION.to_owned(),
        statement: statements
            .into_iter()
            .map(EndpointStatement::from)
            .collect(),
    }
}

/// A VPC endpoint policy: a resource policy, so each statement names its principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointPolicy {
    /// Always [`POLICY_VERSION`].
    pub version: String,
    /// The statements.
    pub statement: Vec<EndpointStatement>,
}

/// One `Allow` statement of an endpoint policy, keys in IAM's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointStatement {
    /// Statement id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Always `Allow` in what the planner writes.
    pub effect: String,
    /// Always `*`: the endpoint lets the request through, the caller's own policies decide.
    pub principal: String,
    /// Actions, sorted.
    pub action: OneOrMany,
    /// Resources, sorted.
    pub resource: OneOrMany,
    /// Conditions: operator → key → values.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, OneOrMany>>,
}

impl From<Statement> for EndpointStatement {
    fn from(s: Statement) -> EndpointStatement {
        EndpointStatement {
            sid: s.sid,
            effect: s.effect,
            principal: "*".to_owned(),
            action: s.action,
            resource: s.resource,
            condition: s.condition,
        }
    }
}

impl Printed for EndpointPolicy {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::MANAGED_POLICY_MAX_CHARS;
    use crate::catalog::Partition;
    use crate::catalog::aws_buckets::PATCHING_REGIONS;
    use crate::catalog::regions::{MAX_REGION_CODE_LEN, MAX_REGIONS, parse_regions};
    use serde_json::Value;

    fn regions(codes: &[&str], partition: Partition) -> Vec<Region> {
        parse_regions(&codes.join("\n"), partition).expect("valid regions")
    }

    fn resources(statement: &Value) -> Vec<String> {
        match &statement["Resource"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => vec![],
        }
    }

    /// The regions whose buckets take the most characters, longest first: every listed
    /// region, and unlisted codes of the longest length accepted.
    fn largest_regions(n: usize) -> Vec<Region> {
        let pad = "z".repeat(MAX_REGION_CODE_LEN - 5);
        let pad = pad.as_str();
        let unlisted = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]
            .iter()
            .flat_map(|geo| (1..=2).map(move |d| format!("{geo}-{pad}-{d}")));
        let mut pool: Vec<(usize, Region)> = PATCHING_REGIONS
            .iter()
            .map(|p| p.region.to_owned())
            .chain(unlisted)
            .map(|code| {
                let r = regions(&[&code], Partition::Aws).remove(0);
                // Quotes and a comma around each ARN.
                let cost = aws_bucket_object_arns(std::slice::from_ref(&r))
                    .iter()
                    .map(|a| a.len() + 3)
                    .sum();
                (cost, r)
            })
            .collect();
        pool.sort_by_key(|(cost, _)| std::cmp::Reverse(*cost));
        pool.into_iter().take(n).map(|(_, r)| r).collect()
    }

    fn doc_size(regions: &[Region]) -> usize {
        // Built without the cap of `parse_regions`.
        aws_buckets_document(regions).size()
    }

    #[test]
    fn max_regions_is_what_fits() {
        let fits = doc_size(&largest_regions(MAX_REGIONS));
        let one_more = doc_size(&largest_regions(MAX_REGIONS + 1));
        assert!(
            fits <= MANAGED_POLICY_MAX_CHARS,
            "{MAX_REGIONS} regions: {fits}"
        );
        assert!(
            one_more > MANAGED_POLICY_MAX_CHARS,
            "{} regions: {one_more}",
            MAX_REGIONS + 1
        );
    }

    #[test]
    fn document_is_valid_json_with_one_arn_per_bucket() {
        let rs = regions(&["us-east-1", "eu-west-1"], Partition::Aws);
        let doc = aws_buckets_document(&rs).to_pretty_json();
        let v: Value = serde_json::from_str(&doc).expect("the document is JSON");
        assert_eq!(v["Version"], "2012-10-17");
        let statements = v["Statement"].as_array().expect("a statement list");
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0]["Effect"], "Allow");
        assert_eq!(statements[0]["Action"], serde_json::json!(["s3:GetObject"]));
        let arns = resources(&statements[0]);
        assert_eq!(arns.len(), 18);
        assert!(arns.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(arns.contains(&"arn:aws:s3:::us-east-1-birdwatcher-prod/*".to_owned()));
        assert!(arns.contains(&"arn:aws:s3:::aws-patch-manager-us-east-1-1970c647d/*".to_owned()));
        for arn in &arns {
            let name = arn
                .strip_prefix("arn:aws:s3:::")
                .and_then(|a| a.strip_suffix("/*"));
            assert!(
                name.is_some_and(|n| !n.contains('*') && !n.contains('/')),
                "{arn}"
            );
        }
    }

    #[test]
    fn every_documented_exception_appears_for_its_region() {
        let rs = regions(
            &[
                "me-south-1",
                "af-south-1",
                "ap-south-2",
                "ap-southeast-3",
                "ap-southeast-4",
                "eu-south-2",
                "eu-south-1",
            ],
            Partition::Aws,
        );
        let arns = aws_bucket_object_arns(&rs);
        for want in [
            "arn:aws:s3:::patch-baseline-snapshot-me-south-1-uduvl7q8/*",
            "arn:aws:s3:::patch-baseline-snapshot-af-south-1-tbxdb5b9/*",
            "arn:aws:s3:::patch-baseline-snapshot-ap-south-2-50209442/*",
            "arn:aws:s3:::patch-baseline-snapshot-ap-southeast-3-be0a3174/*",
            "arn:aws:s3:::patch-baseline-snapshot-ap-southeast-4-dc6f76ce/*",
            "arn:aws:s3:::patch-baseline-snapshot-eu-south-2-df2c9d70/*",
            "arn:aws:s3:::aws-ssm-distributor-file-af-south-1/*",
            "arn:aws:s3:::aws-ssm-distributor-file-eu-south-1/*",
            "arn:aws:s3:::aws-patch-manager-me-south-1-a53fc9dce/*",
            "arn:aws:s3:::aws-patchmanager-macos-eu-south-2-a4cf248b1/*",
        ] {
            assert!(arns.contains(&want.to_owned()), "{want}");
        }
        for code in [
            "me-south-1",
            "af-south-1",
            "ap-south-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "eu-south-2",
        ] {
            let plain = format!("arn:aws:s3:::patch-baseline-snapshot-{code}/*");
            assert!(!arns.contains(&plain), "{plain}");
        }
        assert!(
            !arns
                .iter()
                .any(|a| a.contains("af-south-1-birdwatcher")
                    || a.contains("eu-south-1-birdwatcher"))
        );
    }

    #[test]
    fn other_partitions_use_their_prefix() {
        let doc = aws_buckets_document(&regions(
            &["us-gov-west-1", "us-gov-east-1"],
            Partition::AwsUsGov,
        ));
        let arns: Vec<&str> = doc
            .statement
            .iter()
            .flat_map(|s| s.resource.values())
            .collect();
        assert_eq!(
            arns,
            [
                "arn:aws-us-gov:s3:::aws-ssm-us-gov-east-1/*",
                "arn:aws-us-gov:s3:::aws-ssm-us-gov-west-1/*"
            ]
        );
    }

    /// The S3 output policy's statements for a bucket, without a KMS key.
    fn output(partition: Partition, bucket: &str, prefix: Option<&str>) -> PolicyDocument {
        crate::plan::documents::s3_output_document(partition, bucket, prefix, None, false)
    }

    #[test]
    fn endpoint_policy_lets_aws_buckets_and_the_output_bucket_through() {
        let rs = regions(&["eu-south-1"], Partition::Aws);
        let policy = s3_endpoint_policy(
            &rs,
            Some(output(Partition::Aws, "ssm-out", Some("runs/web"))),
        );
        let text = policy.to_pretty_json();
        let v: Value = serde_json::from_str(&text).expect("the policy is JSON");
        let statements = v["Statement"].as_array().expect("a statement list");
        assert_eq!(statements.len(), 3);
        for s in statements {
            assert_eq!(
                s["Principal"], "*",
                "an endpoint policy names its principal"
            );
            assert_eq!(s["Effect"], "Allow");
        }
        assert_eq!(resources(&statements[0]), aws_bucket_object_arns(&rs));
        assert_eq!(
            statements[1]["Action"],
            serde_json::json!(["s3:GetObject", "s3:PutObject"])
        );
        assert_eq!(
            resources(&statements[1]),
            ["arn:aws:s3:::ssm-out/runs/web/*"]
        );
        assert_eq!(
            statements[2]["Action"],
            serde_json::json!(["s3:GetEncryptionConfiguration"])
        );
        assert_eq!(resources(&statements[2]), ["arn:aws:s3:::ssm-out"]);
        let order: Vec<usize> = [
            "\"Sid\"",
            "\"Effect\"",
            "\"Principal\"",
            "\"Action\"",
            "\"Resource\"",
        ]
        .iter()
        .filter_map(|k| text.find(k))
        .collect();
        assert!(
            order.len() == 5 && order.windows(2).all(|w| w[0] < w[1]),
            "IAM key order"
        );
    }

    #[test]
    fn endpoint_policy_without_prefix_or_regions() {
        let policy = s3_endpoint_policy(&[], Some(output(Partition::AwsCn, "ssm-out", None)));
        let v: Value = serde_json::from_str(&policy.to_compact_json()).expect("the policy is JSON");
        let statements = v["Statement"].as_array().expect("a statement list");
        assert_eq!(statements.len(), 2);
        assert_eq!(resources(&statements[0]), ["arn:aws-cn:s3:::ssm-out/*"]);
    }

    #[test]
    fn endpoint_policy_for_max_regions_fits() {
        let rs = largest_regions(MAX_REGIONS);
        // The longest bucket name and key prefix the input accepts.
        let bucket = "b".repeat(63);
        let prefix = "p".repeat(900);
        let policy = s3_endpoint_policy(&rs, Some(output(Partition::Aws, &bucket, Some(&prefix))));
        let chars = policy.to_pretty_json().chars().count();
        assert!(chars <= ENDPOINT_POLICY_MAX_CHARS, "{chars}");
    }
}
