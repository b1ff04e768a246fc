//! Default Host Management Configuration: the role, its policy and trust, and the Regions
//! where the setting is turned on; and what it leaves to the instance profiles.

use crate::catalog::dhmc::{self, ROLE_NAME, ROLE_PATH, SETTING_ID};
use crate::catalog::regions::Region;
use crate::catalog::{Feature, Partition};
use crate::input::{Checked, Target};
use crate::plan::{Inapplicable, Needs, Part, documents};
use crate::policy::TrustPolicy;

/// What turning Default Host Management on takes, for the plan's partition and Regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dhmc {
    /// The role's name.
    pub role_name: &'static str,
    /// The role's IAM path.
    pub role_path: &'static str,
    /// The ARN of the managed policy the role carries.
    pub policy_arn: String,
    /// Who may assume the role: Systems Manager.
    pub trust_policy: TrustPolicy,
    /// The service setting.
    pub setting_id: &'static str,
    /// What the setting is set to: the role, with its path.
    pub setting_value: String,
    /// Where the setting is turned on.
    pub regions: Vec<Region>,
    /// The features of the plan that still need an instance profile.
    pub profile_features: Vec<Feature>,
}

/// Why the plan needs the Regions with this target, in words that finish "… is required ".
const REGIONS_NEEDED_FOR: &str = "for Default Host Management, a setting of each Region";

/// The DHMC part of a plan: not applicable unless chosen, else waiting for the Regions.
pub(super) fn plan(checked: &Checked, needs: &mut Needs) -> Part<Dhmc> {
    if checked.target != Target::Dhmc {
        return Part::NotApplicable(Inapplicable::NeedsDhmc);
    }
    let partition = checked.partition;
    documents::regions(checked, needs, REGIONS_NEEDED_FOR).map(|regions| Dhmc {
        role_name: ROLE_NAME,
        role_path: ROLE_PATH,
        policy_arn: dhmc::POLICY.arn(partition),
        trust_policy: TrustPolicy::for_service(partition.ssm_principal()),
        setting_id: SETTING_ID,
        setting_value: dhmc::setting_value(),
        regions: regions.to_vec(),
        profile_features: profile_features(checked),
    })
}

/// The ticked features the role does not cover.
fn profile_features(checked: &Checked) -> Vec<Feature> {
    checked
        .features
        .iter()
        .copied()
        .filter(|f| !dhmc::covers(*f))
        .collect()
}

/// The role's ARN in an account, for messages and checks.
pub fn role_arn(partition: Partition, account: &str) -> String {
    format!(
        "arn:{}:iam::{account}:role{ROLE_PATH}{ROLE_NAME}",
        partition.id()
    )
}
