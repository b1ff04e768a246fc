//! Across an AWS Organization: CloudFormation StackSets (service-managed permissions,
//! automatic deployment) put the customer managed policies and the audit stack in every
//! account of some organizational units, and an AWS Config aggregator shows compliance across
//! them.
//! Source: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html>

use crate::catalog::regions::Region;
use crate::input::{Checked, Field, OuId, PolicyName};
use crate::plan::{CustomPolicy, Inapplicable, Needs, Part, PlannedPolicy, PolicyRef, documents};

/// What deploying the plan across the organization takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The organizational units (or the root) whose accounts get the stacks.
    pub ou_ids: Vec<OuId>,
    /// Where the StackSets deploy (IAM is global, so one Region) and the aggregator lives:
    /// the first Region listed.
    pub home_region: Region,
    /// The Regions the aggregator collects compliance from.
    pub regions: Vec<Region>,
    /// The AWS managed policies of `policiesToAdd`, the same ARN in every account.
    pub managed: Vec<String>,
    /// The customer managed policies the instance roles get, by name: each account has its
    /// own, so their ARNs are made in each account.
    pub attached_custom: Vec<PolicyName>,
    /// Every customer managed policy of the plan, for the policies StackSet.
    pub custom: Vec<CustomPolicy>,
}

/// The organization part of a plan: not applicable unless ticked, else waiting for the
/// organizational units, the Regions and the custom policies.
pub(super) fn plan(
    checked: &Checked,
    needs: &mut Needs,
    policies: &[PlannedPolicy],
    custom: &Part<Vec<CustomPolicy>>,
) -> Part<Organization> {
    if !checked.organization {
        return Part::NotApplicable(Inapplicable::NeedsOrganization);
    }
    let ou_ids = match &checked.ou_ids {
        Ok(ids) if ids.is_empty() => {
            needs
                .required
                .entry(Field::OuIds)
                .or_insert("for the StackSets across the organization");
            Part::blocked(Field::OuIds)
        }
        Ok(ids) => Part::Ready(ids),
        Err(_) => Part::blocked(Field::OuIds),
    };
    let regions = documents::regions(
        checked,
        needs,
        "across the organization: the first is where the StackSets deploy, all are aggregated",
    );
    let custom = match custom {
        Part::NotApplicable(_) => Part::Ready(&[][..]),
        other => other.as_ref().map(Vec::as_slice),
    };
    ou_ids
        .zip(regions)
        .zip(custom)
        .map(|((ou_ids, regions), custom)| {
            let mut managed = Vec::new();
            let mut attached_custom = Vec::new();
            for p in policies {
                match (p.policy, &p.arn) {
                    (PolicyRef::Managed(_), Part::Ready(arn)) => managed.push(arn.clone()),
                    (PolicyRef::Custom(kind), _) => attached_custom.extend(
                        custom
                            .iter()
                            .filter(|c| c.kind == kind)
                            .map(|c| c.name.clone()),
                    ),
                    (PolicyRef::Managed(_), _) => {}
                }
            }
            Organization {
                ou_ids: ou_ids.clone(),
                home_region: regions[0].clone(),
                regions: regions.to_vec(),
                managed,
                attached_custom,
                custom: custom.to_vec(),
            }
        })
}
