//! Why each action: for every action a document of the plan can hold, or the old policy
//! granted, the feature that calls it, one line on what for, and the AWS page that says so.
//!
//! A test walks every document the planner knows (the managed ones embedded here and the
//! custom ones it writes) and fails on an action without a reason, so no action goes
//! unexplained.

use super::Feature;
use super::aws_buckets::AGENT_BUCKETS_URL;

/// One reason an action is in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionReason {
    /// The action, as IAM writes it.
    pub action: &'static str,
    /// The feature of the table that calls it.
    pub feature: Feature,
    /// What the instance does with it, in one line.
    pub why: &'static str,
    /// The AWS page that says so.
    pub doc_url: &'static str,
}

const SETUP: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html";
const CORE_POLICY: &str = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html";
const SESSION: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-getting-started-instance-profile.html";
const DIRECTORY: &str = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMDirectoryServiceAccess.html";
const CW_AGENT: &str = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html";
const CW_LOGS_OUTPUT: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-rc-setting-up-cwlogs.html";
const VSS: &str = "https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/vss-iam-reqs.html";
const LEGACY: &str =
    "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2RoleforSSM.html";

const fn row(
    action: &'static str,
    feature: Feature,
    why: &'static str,
    doc_url: &'static str,
) -> ActionReason {
    ActionReason {
        action,
        feature,
        why,
        doc_url,
    }
}

use Feature::{
    CloudWatchAgent, CloudWatchLogsOutput, Core, DomainJoin, S3Output, SessionManager, VssSnapshots,
};

/// The reasons, sorted by action; an action a second feature also calls has a second row.
#[rustfmt::skip]
pub const ACTION_REASONS: &[ActionReason] = &[
    row("cloudwatch:PutMetricData", CloudWatchAgent, "The CloudWatch agent publishes the metrics it collects.", CW_AGENT),
    row("ds:CreateComputer", DomainJoin, "Creates the instance's computer object in the directory when it joins.", DIRECTORY),
    row("ds:DescribeDirectories", DomainJoin, "Looks up the directory's DNS addresses and domain name before joining.", DIRECTORY),
    row("ec2:CreateImage", VssSnapshots, "Creates an AMI from the VSS snapshots when the run asks for one.", VSS),
    row("ec2:CreateSnapshots", VssSnapshots, "Takes the multi-volume EBS snapshot once VSS has frozen the writers.", VSS),
    row("ec2:CreateTags", VssSnapshots, "Tags the snapshots and images it creates (AppConsistent, Device).", VSS),
    row("ec2:DescribeImages", VssSnapshots, "Follows the AMI it created until it is available.", VSS),
    row("ec2:DescribeInstanceAttribute", VssSnapshots, "Reads the instance's block device mapping to know which volumes to snapshot.", VSS),
    row("ec2:DescribeInstanceStatus", Core, "Granted by the old policy only; no feature's page lists it for today's agent, and AmazonSSMManagedInstanceCore leaves it out.", LEGACY),
    row("ec2:DescribeSnapshots", VssSnapshots, "Follows the snapshots it created until they complete.", VSS),
    row("ec2:DescribeTags", CloudWatchAgent, "Reads the instance's tags to add them as metric dimensions.", CW_AGENT),
    row("ec2:DescribeVolumes", CloudWatchAgent, "Reads the instance's volumes to name disk metrics.", CW_AGENT),
    row("ec2messages:AcknowledgeMessage", Core, "Acknowledges a Run Command message on the older message channel.", CORE_POLICY),
    row("ec2messages:DeleteMessage", Core, "Deletes a handled message from the older message channel.", CORE_POLICY),
    row("ec2messages:FailMessage", Core, "Reports a message the agent could not handle.", CORE_POLICY),
    row("ec2messages:GetEndpoint", Core, "Finds the endpoint of the older message channel.", CORE_POLICY),
    row("ec2messages:GetMessages", Core, "Polls the older message channel for Run Command messages.", CORE_POLICY),
    row("ec2messages:SendReply", Core, "Sends the result of a command back to Systems Manager.", CORE_POLICY),
    row("kms:Decrypt", S3Output, "Reads objects encrypted with the bucket's SSE-KMS key, and writes large output in parts under it.", SETUP),
    row("kms:GenerateDataKey", S3Output, "Writes output objects that the bucket's SSE-KMS key encrypts.", SETUP),
    row("logs:CreateLogGroup", CloudWatchLogsOutput, "Creates the log group command output goes to, the first time.", CW_LOGS_OUTPUT),
    row("logs:CreateLogGroup", CloudWatchAgent, "Creates the log group a configured log file goes to.", CW_AGENT),
    row("logs:CreateLogStream", CloudWatchLogsOutput, "Creates one log stream per command invocation.", CW_LOGS_OUTPUT),
    row("logs:CreateLogStream", CloudWatchAgent, "Creates the log stream of each log file it ships.", CW_AGENT),
    row("logs:DescribeLogGroups", CloudWatchLogsOutput, "Checks whether the output log group exists.", CW_LOGS_OUTPUT),
    row("logs:DescribeLogGroups", CloudWatchAgent, "Checks whether a configured log group exists.", CW_AGENT),
    row("logs:DescribeLogStreams", CloudWatchLogsOutput, "Finds the stream to append command output to.", CW_LOGS_OUTPUT),
    row("logs:DescribeLogStreams", CloudWatchAgent, "Finds the stream to append log events to.", CW_AGENT),
    row("logs:PutLogEvents", CloudWatchLogsOutput, "Writes the command output.", CW_LOGS_OUTPUT),
    row("logs:PutLogEvents", CloudWatchAgent, "Writes the log events of the files it ships.", CW_AGENT),
    row("logs:PutRetentionPolicy", CloudWatchAgent, "Sets the retention of a log group when its configuration names one.", CW_AGENT),
    row("s3:AbortMultipartUpload", S3Output, "Granted by the old policy on every bucket; the output policy needs no multipart control on your bucket.", SETUP),
    row("s3:GetBucketLocation", S3Output, "Granted by the old policy on every bucket; writing output to your bucket does not need it.", SETUP),
    row("s3:GetEncryptionConfiguration", S3Output, "Reads the output bucket's default encryption before writing to it.", SETUP),
    row("s3:GetObject", Core, "Reads agent updates, patches, Distributor packages and document attachments from the AWS-owned buckets.", AGENT_BUCKETS_URL),
    row("s3:GetObject", S3Output, "Part of the documented policy for your own bucket: reads objects from it.", SETUP),
    row("s3:ListBucket", S3Output, "Granted by the old policy on every bucket; listing is not needed to write output.", SETUP),
    row("s3:ListBucketMultipartUploads", S3Output, "Granted by the old policy on every bucket; writing output does not need it.", SETUP),
    row("s3:ListMultipartUploadParts", S3Output, "Granted by the old policy on every bucket; writing output does not need it.", SETUP),
    row("s3:PutObject", S3Output, "Writes command and session output to the bucket and prefix.", SETUP),
    row("s3:PutObjectAcl", S3Output, "Gives the bucket's owner access to output written to a bucket of another account.", SETUP),
    row("ssm:DescribeAssociation", Core, "Reads the State Manager associations that target the instance.", CORE_POLICY),
    row("ssm:DescribeDocument", Core, "Reads the metadata of a document it is asked to run.", CORE_POLICY),
    row("ssm:GetDeployablePatchSnapshotForInstance", Core, "Fetches the patch baseline snapshot Patch Manager scans and installs against.", CORE_POLICY),
    row("ssm:GetDocument", Core, "Downloads the content of a document it is asked to run.", CORE_POLICY),
    row("ssm:GetManifest", Core, "Reads the Distributor package manifest when installing a package.", CORE_POLICY),
    row("ssm:GetParameter", Core, "Reads one Parameter Store parameter a document refers to.", CORE_POLICY),
    row("ssm:GetParameter", CloudWatchAgent, "Reads the agent's configuration from an AmazonCloudWatch-* parameter.", CW_AGENT),
    row("ssm:GetParameters", Core, "Reads several Parameter Store parameters a document refers to.", CORE_POLICY),
    row("ssm:ListAssociations", Core, "Lists the State Manager associations to apply.", CORE_POLICY),
    row("ssm:ListInstanceAssociations", Core, "Lists the associations of this instance.", CORE_POLICY),
    row("ssm:PutComplianceItems", Core, "Reports patch and association compliance.", CORE_POLICY),
    row("ssm:PutConfigurePackageResult", Core, "Reports the result of a Distributor package install.", CORE_POLICY),
    row("ssm:PutInventory", Core, "Sends the instance's software and configuration inventory.", CORE_POLICY),
    row("ssm:UpdateAssociationStatus", Core, "Reports the status of an association it ran.", CORE_POLICY),
    row("ssm:UpdateInstanceAssociationStatus", Core, "Reports the status of an association on this instance.", CORE_POLICY),
    row("ssm:UpdateInstanceInformation", Core, "The heartbeat: registers the instance as managed and keeps it online.", CORE_POLICY),
    row("ssmmessages:CreateControlChannel", SessionManager, "Opens the control channel that sessions and newer Run Command messages use.", SESSION),
    row("ssmmessages:CreateDataChannel", SessionManager, "Opens the data channel that carries a session's input and output.", SESSION),
    row("ssmmessages:OpenControlChannel", SessionManager, "Connects to the control channel.", SESSION),
    row("ssmmessages:OpenDataChannel", SessionManager, "Connects to a session's data channel.", SESSION),
    row("xray:GetSamplingRules", CloudWatchAgent, "Reads X-Ray sampling rules for the traces the agent forwards.", CW_AGENT),
    row("xray:GetSamplingStatisticSummaries", CloudWatchAgent, "Reads X-Ray sampling statistics for the traces the agent forwards.", CW_AGENT),
    row("xray:GetSamplingTargets", CloudWatchAgent, "Reads X-Ray sampling targets for the traces the agent forwards.", CW_AGENT),
    row("xray:PutTelemetryRecords", CloudWatchAgent, "Sends X-Ray telemetry about the traces it forwards.", CW_AGENT),
    row("xray:PutTraceSegments", CloudWatchAgent, "Forwards the trace segments applications send to the agent.", CW_AGENT),
];

/// The reasons for `action`: one a feature that calls it, in table order; empty for an
/// action the planner does not know.
pub fn reasons(action: &str) -> &'static [ActionReason] {
    let start = ACTION_REASONS.partition_point(|r| r.action < action);
    let end = start + ACTION_REASONS[start..].partition_point(|r| r.action == action);
    &ACTION_REASONS[start..end]
}

/// The reason that fits a policy needed by `features`: the row of the first of them that
/// calls the action, else the action's first row.
pub fn reason_for(action: &str, features: &[Feature]) -> Option<&'static ActionReason> {
    let rows = reasons(action);
    features
        .iter()
        .find_map(|f| rows.iter().find(|r| r.feature == *f))
        .or_else(|| rows.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ManagedPolicy;

    #[test]
    fn rows_are_sorted_so_lookups_find_every_row() {
        assert!(
            ACTION_REASONS
                .windows(2)
                .all(|w| w[0].action <= w[1].action),
            "sorted by action"
        );
        for r in ACTION_REASONS {
            assert!(reasons(r.action).contains(r), "{}", r.action);
            assert!(r.doc_url.starts_with("https://docs.aws.amazon.com/"));
            assert!(!r.why.is_empty() && r.why.ends_with('.'), "{}", r.action);
        }
        assert!(
            reasons("ssm:SendCommand").is_empty(),
            "unknown, never guessed"
        );
    }

    #[test]
    fn every_action_of_every_managed_policy_and_feature_has_a_reason() {
        for m in ManagedPolicy::ALL {
            for a in m.actions() {
                assert!(!reasons(a).is_empty(), "{a} of {}", m.name());
            }
        }
        for f in Feature::ALL {
            for a in f.actions() {
                // Every feature implies the core, whose reasons cover the agent's own calls,
                // and a feature's policy may hold actions another feature of it calls.
                assert!(
                    reasons(a).iter().any(|r| r.feature == f
                        || r.feature == Feature::Core
                        || r.feature.facts().need == f.facts().need),
                    "{a} of {f}"
                );
            }
        }
    }

    #[test]
    fn the_reason_follows_the_policy_s_features() {
        let agent = reason_for("ssm:GetParameter", &[Feature::CloudWatchAgent]);
        assert_eq!(agent.map(|r| r.feature), Some(Feature::CloudWatchAgent));
        let core = reason_for("ssm:GetParameter", &[Feature::Core]);
        assert_eq!(core.map(|r| r.feature), Some(Feature::Core));
        let other = reason_for("ssm:GetParameter", &[Feature::VssSnapshots]);
        assert_eq!(other.map(|r| r.feature), Some(Feature::Core));
    }
}
