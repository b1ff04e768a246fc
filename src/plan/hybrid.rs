//! Hybrid and on-premises nodes: they take their permissions from the IAM service role their
//! activation names, so that role moves off the old policy too, gets the AWS-owned buckets
//! policy, and a trust policy that lets Systems Manager assume it only for this account.
//! Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/hybrid-multicloud-service-role.html>

use crate::input::{Checked, Field, RoleName};
use crate::plan::policies::CustomArns;
use crate::plan::{CustomKind, Inapplicable, Needs, Part, documents};
use crate::policy::TrustPolicy;

/// The page that gives the service role's trust policy and its conditions.
pub const DOC_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/hybrid-multicloud-service-role.html";

/// The hybrid activations' service role after the move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hybrid {
    /// The role.
    pub role: RoleName,
    /// Its trust policy: Systems Manager, for this account and the listed Regions only.
    pub trust_policy: TrustPolicy,
    /// The policies it carries: the instance roles' set and the AWS-owned buckets policy.
    pub policies: Vec<String>,
}

/// The hybrid part of a plan: not applicable unless ticked, else waiting for the role, the
/// account, the Regions and the policies' ARNs.
pub(super) fn plan(
    checked: &Checked,
    needs: &mut Needs,
    policies_to_add: &Part<Vec<String>>,
    custom: &CustomArns,
) -> Part<Hybrid> {
    if !checked.hybrid {
        return Part::NotApplicable(Inapplicable::NeedsHybrid);
    }
    let role = needs.value(
        Field::HybridRoleName,
        &checked.hybrid_role_name,
        "for hybrid nodes",
    );
    let account = needs.value(
        Field::AccountId,
        &checked.account_id,
        "for the hybrid service role's trust policy",
    );
    let regions = documents::regions(checked, needs, documents::HYBRID_REGIONS_NEEDED_FOR);
    let buckets = custom
        .get(&CustomKind::AwsBuckets)
        .cloned()
        .unwrap_or_else(|| Part::blocked(Field::AwsBucketsPolicyName));
    let partition = checked.partition;
    role.zip(account)
        .zip(regions)
        .zip(buckets)
        .zip(policies_to_add.as_ref())
        .map(|((((role, account), regions), (_, buckets_arn)), to_add)| {
            let source_arns: Vec<String> = regions
                .iter()
                .map(|r| format!("arn:{}:ssm:{}:{account}:*", partition.id(), r.as_str()))
                .collect();
            let source_arns: Vec<&str> = source_arns.iter().map(String::as_str).collect();
            let trust_policy = TrustPolicy::for_service(partition.ssm_principal())
                .with_condition("StringEquals", "aws:SourceAccount", &[account.as_str()])
                .with_condition("ArnLike", "aws:SourceArn", &source_arns);
            let mut policies = to_add.clone();
            if !policies.contains(&buckets_arn) {
                policies.push(buckets_arn);
            }
            Hybrid {
                role: role.clone(),
                trust_policy,
                policies,
            }
        })
}
