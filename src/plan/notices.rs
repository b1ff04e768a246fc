//! What the user should know about a plan, beside its outputs.

use crate::catalog::Feature;
use crate::catalog::aws_buckets::buckets_for;
use crate::catalog::dhmc::{MIN_AGENT_VERSION, PRECEDENCE_ACTION};
use crate::input::{Checked, S3Route, Selection, Target};
use crate::plan::PermissionChanges;

/// Something the user should know about the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// No feature ticked: the plan keeps the core.
    NothingTicked,
    /// The new set, plus the old policy during remediation, exceeds the role quota.
    OverQuota {
        /// Policies the plan attaches.
        count: usize,
        /// The quota.
        quota: usize,
    },
    /// Remediation attaches before it detaches; how many other policies a role may hold.
    Headroom {
        /// Policies the plan attaches.
        count: usize,
        /// Other managed policies a role may have so that remediation fits the quota.
        room: usize,
        /// The quota.
        quota: usize,
    },
    /// Roles are discovered by the scripts because none were entered.
    RolesDiscovered,
    /// S3 command output is not ticked, and the old policy's S3 access goes away.
    S3AccessDropped,
    /// The CloudWatch agent writing its own configuration needs the admin policy.
    CloudWatchAdmin,
    /// Users and groups are flagged, never changed.
    UsersAndGroupsByHand,
    /// The new set grants none of these CloudWatch Logs actions of the old policy.
    CloudWatchLogsDropped(Vec<String>),
    /// The route is the internet: when the AWS-owned buckets would need naming instead.
    AwsBucketsOverInternet,
    /// The route is a VPC endpoint: the buckets are named, and the endpoint policy too.
    AwsBucketsThroughEndpoint,
    /// AWS documents no bucket name of this kind for a region: said, not invented.
    UndocumentedBucket(String),
    /// Default Host Management: what the instances and the Regions need.
    DhmcNeeds,
    /// Default Host Management: an instance profile that lets the agent register wins.
    DhmcProfileFirst,
    /// Default Host Management: the ticked features it does not cover keep a profile.
    DhmcNotCovered(Vec<Feature>),
    /// Across an organization: StackSets leave the management account out.
    OrganizationManagementAccount,
    /// Across an organization in China: the aggregator role's principal is unconfirmed there.
    OrganizationChinaPrincipal,
    /// Across an organization: each member account needs AWS Config recording IAM types.
    OrganizationConfigRecording,
    /// Across an organization with S3 output: the bucket is another account's for most roles.
    OrganizationBucketPolicy,
}

impl Notice {
    /// The notice in words.
    pub fn message(&self) -> String {
        match self {
            Notice::NothingTicked => "No feature is ticked: the plan keeps AmazonSSMManagedInstanceCore, the least a managed instance needs.".to_owned(),
            Notice::OverQuota { count, quota } => format!(
                "The plan attaches {count} policies; with the old one still attached during remediation that is more than the quota of {quota} managed policies per role. Ask for a higher quota in Service Quotas before remediating."
            ),
            Notice::Headroom { count, room, quota } => format!(
                "Remediation attaches the {count} new {} before it detaches the old one, so for a moment a role holds {} of them. Under a quota of {quota} managed policies per role, a role may carry at most {room} other managed {} or the attach fails and the old policy stays.",
                if *count == 1 { "policy" } else { "policies" },
                count + 1,
                if *room == 1 { "policy" } else { "policies" },
            ),
            Notice::RolesDiscovered => "No role names entered: the update script updates every role that carries the old policy when it runs.".to_owned(),
            Notice::S3AccessDropped => "S3 command output is not ticked: the roles lose the old policy's S3 access to every bucket. Tick it if instances write command or session output to your own bucket.".to_owned(),
            Notice::CloudWatchAdmin => "An instance that writes the CloudWatch agent's configuration to Parameter Store needs CloudWatchAgentAdminPolicy instead of CloudWatchAgentServerPolicy; use it on that one instance only.".to_owned(),
            Notice::UsersAndGroupsByHand => "IAM users and groups that carry the old policy are listed for a review by hand, never changed by these scripts: the policy is meant for instance roles.".to_owned(),
            Notice::CloudWatchLogsDropped(actions) => format!(
                "The roles lose the old policy's CloudWatch Logs actions ({}), and with them Session Manager session logs and Run Command output sent to CloudWatch Logs. Tick CloudWatch Logs command output if instances use either.",
                actions.join(", ")
            ),
            Notice::AwsBucketsOverInternet => "The old policy allowed S3 reads on every bucket, the AWS-owned ones Systems Manager downloads from included. Over the public S3 endpoints the agent still reaches them unsigned. If instances reach S3 through a gateway VPC endpoint, or have no internet path, choose that route: agent updates, Patch Manager, Distributor packages and document attachments fail without the buckets named.".to_owned(),
            Notice::AwsBucketsThroughEndpoint => "Instances behind the S3 gateway endpoint get a customer managed policy that names the AWS-owned buckets of each Region, and the endpoint needs the endpoint policy below, which lets those buckets and your output bucket through.".to_owned(),
            Notice::UndocumentedBucket(message) => message.clone(),
            Notice::DhmcNeeds => format!(
                "Default Host Management manages an instance only when it uses IMDSv2 and runs SSM Agent {MIN_AGENT_VERSION} or later. It is a setting of each Region: the DHMC script turns it on in every Region listed, and it can take up to 30 minutes to reach running instances."
            ),
            Notice::DhmcProfileFirst => format!(
                "The agent uses an instance profile's credentials whenever the profile grants {PRECEDENCE_ACTION}, and Default Host Management's only where none does. The old policy grants it, so it must still come off every instance profile (steps 3 and 4). AmazonSSMManagedInstanceCore grants it too: an instance that keeps a profile with it stays managed through the profile; Default Host Management takes over the instances without a profile, and those whose profile you remove."
            ),
            Notice::OrganizationConfigRecording => "Every member account needs AWS Config recording IAM roles, users and groups in the first Region listed, or its audit stack fails; the organization script tries every account and lists those that failed.".to_owned(),
            Notice::OrganizationBucketPolicy => "The output bucket belongs to one account, and the roles of the others write to it: its bucket policy, and its KMS key's policy when it has one, must let them in (for example with an aws:PrincipalOrgID condition). The S3 output policy also allows s3:PutObjectAcl, as AWS documents for a bucket of another account.".to_owned(),
            Notice::OrganizationManagementAccount => "StackSets with service-managed permissions deploy to the accounts of the organizational units, never to the management account: move the management account's own roles with the runbook.".to_owned(),
            Notice::OrganizationChinaPrincipal => format!(
                "The aggregator's role trusts {}, as the AWS Config developer guide gives it; the China Regions' edition of that guide is not among the sources checked here: confirm the principal there before running the organization script.",
                crate::catalog::organization::CONFIG_PRINCIPAL
            ),
            Notice::DhmcNotCovered(features) => {
                let labels: Vec<&str> = features.iter().map(|f| f.facts().label).collect();
                format!(
                    "Default Host Management covers the agent's own calls, not {}: the instances that use {} keep an instance profile with the policies of the table. Its role reads no Parameter Store parameter either.",
                    or_list(
                        &Feature::ALL
                            .into_iter()
                            .filter(|f| !crate::catalog::dhmc::covers(*f))
                            .map(|f| f.facts().label)
                            .collect::<Vec<_>>()
                    ),
                    if labels.is_empty() { "none of these".to_owned() } else { labels.join(", ") },
                )
            }
        }
    }
}

/// Words joined as a sentence lists alternatives: "A", "A or B", "A, B or C".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The notices of a plan that attaches `count` policies.
pub(super) fn for_plan(
    selection: &Selection,
    checked: &Checked,
    count: usize,
    quota: usize,
    changes: &PermissionChanges,
) -> Vec<Notice> {
    let features = &checked.features;
    let mut notices = Vec::new();
    if selection.features.is_empty() {
        notices.push(Notice::NothingTicked);
    }
    if count + 1 > quota {
        notices.push(Notice::OverQuota { count, quota });
    } else {
        notices.push(Notice::Headroom {
            count,
            room: quota - count - 1,
            quota,
        });
    }
    if checked.role_names.as_ref().is_ok_and(Vec::is_empty) {
        notices.push(Notice::RolesDiscovered);
    }
    if !features.contains(&Feature::S3Output) {
        notices.push(Notice::S3AccessDropped);
    }
    if features.contains(&Feature::CloudWatchAgent) {
        notices.push(Notice::CloudWatchAdmin);
    }
    let logs: Vec<String> = changes
        .lost
        .iter()
        .filter(|a| a.starts_with("logs:"))
        .cloned()
        .collect();
    if !logs.is_empty() {
        notices.push(Notice::CloudWatchLogsDropped(logs));
    }
    match checked.s3_route {
        S3Route::Internet => notices.push(Notice::AwsBucketsOverInternet),
        S3Route::VpcEndpoint => {
            notices.push(Notice::AwsBucketsThroughEndpoint);
            for region in checked.regions.iter().flatten() {
                notices.extend(
                    buckets_for(region)
                        .undocumented
                        .iter()
                        .map(|gap| Notice::UndocumentedBucket(gap.message())),
                );
            }
        }
    }
    if checked.target == Target::Dhmc {
        notices.push(Notice::DhmcNeeds);
        notices.push(Notice::DhmcProfileFirst);
        notices.push(Notice::DhmcNotCovered(
            features
                .iter()
                .copied()
                .filter(|f| !crate::catalog::dhmc::covers(*f))
                .collect(),
        ));
    }
    if checked.organization {
        notices.push(Notice::OrganizationManagementAccount);
        notices.push(Notice::OrganizationConfigRecording);
        if features.contains(&Feature::S3Output) {
            notices.push(Notice::OrganizationBucketPolicy);
        }
        if checked.partition == crate::catalog::Partition::AwsCn {
            notices.push(Notice::OrganizationChinaPrincipal);
        }
    }
    notices.push(Notice::UsersAndGroupsByHand);
    notices
}
