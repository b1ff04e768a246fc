//! Default Host Management Configuration (DHMC): a per-Region setting that makes every EC2
//! instance with IMDSv2 and a recent SSM Agent a managed instance through one IAM role, with
//! no instance profile.
//! Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-default-host-management-configuration.html>

#[cfg(test)]
use super::Partition;
use super::{Feature, ManagedPolicy};

/// The page that describes the setting and what it needs.
pub const DOC_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-default-host-management-configuration.html";

/// The page that says the agent prefers an instance profile's credentials.
pub const PRECEDENCE_URL: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-technical-details.html";

/// The role AWS's set-up creates, under [`ROLE_PATH`].
pub const ROLE_NAME: &str = "AWSSystemsManagerDefaultEC2InstanceManagementRole";

/// The role's IAM path.
pub const ROLE_PATH: &str = "/service-role/";

/// The managed policy the role carries.
pub const POLICY: ManagedPolicy = ManagedPolicy::SsmManagedEc2InstanceDefaultPolicy;

/// The service setting, one per account and Region.
pub const SETTING_ID: &str = "/ssm/managed-instance/default-ec2-instance-management-role";

/// The oldest SSM Agent that uses the setting.
pub const MIN_AGENT_VERSION: &str = "3.2.582.0";

/// The action whose grant in an instance profile makes the agent use the profile instead.
pub const PRECEDENCE_ACTION: &str = "ssm:UpdateInstanceInformation";

/// The setting's value: the role's name with its path, without the leading slash.
pub fn setting_value() -> String {
    format!("{}{ROLE_NAME}", &ROLE_PATH[1..])
}

/// Whether the role's policy covers the feature: only the agent's own calls. The CloudWatch
/// agent, S3 output, domain join and VSS run outside the agent's credentials or need more
/// than the policy grants, so they keep an instance profile.
pub const fn covers(feature: Feature) -> bool {
    match feature {
        Feature::Core | Feature::SessionManager => true,
        Feature::DomainJoin
        | Feature::CloudWatchAgent
        | Feature::CloudWatchLogsOutput
        | Feature::S3Output
        | Feature::VssSnapshots => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_s_policy_grants_what_the_features_it_covers_call() {
        // Less the Parameter Store reads, which the default policy leaves out (the plan says
        // so beside the setting).
        let granted = POLICY.actions();
        for f in Feature::ALL.into_iter().filter(|f| covers(*f)) {
            let missing: Vec<_> = f
                .actions()
                .into_iter()
                .filter(|a| !granted.contains(a) && !a.starts_with("ssm:GetParameter"))
                .collect();
            assert!(missing.is_empty(), "{f}: {missing:?}");
        }
        assert!(granted.contains(PRECEDENCE_ACTION));
        assert!(
            !granted.contains("ssm:GetParameters"),
            "the role reads no parameter"
        );
    }

    #[test]
    fn the_setting_names_the_role_with_its_path() {
        assert_eq!(
            setting_value(),
            "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole"
        );
        assert_eq!(
            POLICY.arn(Partition::AwsUsGov),
            "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy"
        );
    }
}
