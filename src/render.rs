//! Plan → text: every artifact the planner hands the user, byte for byte stable, with the
//! words the page and the command line give each one.

pub mod cloudformation;
pub mod denial;
pub mod estate;
pub mod iac;
pub mod plan_json;
pub mod scripts;
pub mod shell;

use crate::plan::{Part, Plan};
use crate::policy::Printed;

/// An artifact the planner produces; the ids are the page's `data-output` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Output {
    /// `policiesToAdd` for the remediation stack.
    PoliciesToAdd,
    /// `policyToRemove` for the remediation stack.
    PolicyToRemove,
    /// The custom S3 output policy document.
    S3Policy,
    /// The custom VSS policy document.
    VssPolicy,
    /// The AWS-owned buckets policy document.
    AwsBucketsPolicy,
    /// The S3 gateway endpoint's policy.
    S3EndpointPolicy,
    /// Script: create the custom policies.
    CliDefine,
    /// Script: list what carries the old policy.
    CliFind,
    /// Script: attach the new set to the roles, then detach the old policy.
    CliUpdateRoles,
    /// Script: deploy the Config audit and remediation stack.
    CliAudit,
    /// The CloudFormation template of that stack.
    AuditTemplate,
    /// Script: compare the roles with the plan, list the managed nodes not online.
    CliVerify,
    /// Script: restore the roles as they were before step 3.
    CliRollback,
    /// Script: turn Default Host Management Configuration on.
    CliDhmc,
    /// The hybrid activations' service role's trust policy.
    HybridServiceRole,
    /// Script: move the hybrid service role.
    CliHybrid,
    /// Script: deploy across the organization.
    CliOrg,
    /// The plan as a CloudFormation template.
    IacCloudFormation,
    /// The plan as a Terraform file.
    IacTerraform,
}

/// One output's words: its row of facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputFacts {
    /// The id (`data-output` in the page, the output name on the command line).
    pub id: &'static str,
    /// A heading for the output.
    pub title: &'static str,
    /// The file name a download of the output gets.
    pub file_name: &'static str,
    /// Whether it is a script to run (the command line makes its file executable).
    pub script: bool,
}

impl Output {
    /// Every output, in page order.
    pub const ALL: [Output; 19] = [
        Output::PoliciesToAdd,
        Output::PolicyToRemove,
        Output::S3Policy,
        Output::VssPolicy,
        Output::AwsBucketsPolicy,
        Output::S3EndpointPolicy,
        Output::CliDefine,
        Output::CliFind,
        Output::CliUpdateRoles,
        Output::CliAudit,
        Output::CliVerify,
        Output::CliRollback,
        Output::CliDhmc,
        Output::HybridServiceRole,
        Output::CliHybrid,
        Output::CliOrg,
        Output::AuditTemplate,
        Output::IacCloudFormation,
        Output::IacTerraform,
    ];

    /// The output's row of facts.
    pub const fn facts(self) -> &'static OutputFacts {
        match self {
            Output::PoliciesToAdd => &OutputFacts {
                id: "policies-to-add",
                title: "policiesToAdd",
                file_name: "policies-to-add.txt",
                script: false,
            },
            Output::PolicyToRemove => &OutputFacts {
                id: "policy-to-remove",
                title: "policyToRemove",
                file_name: "policy-to-remove.txt",
                script: false,
            },
            Output::S3Policy => &OutputFacts {
                id: "s3-policy",
                title: "Custom policy: S3 command output",
                file_name: "ssm-s3-output-policy.json",
                script: false,
            },
            Output::VssPolicy => &OutputFacts {
                id: "vss-policy",
                title: "Custom policy: VSS snapshots",
                file_name: "ssm-vss-snapshot-policy.json",
                script: false,
            },
            Output::AwsBucketsPolicy => &OutputFacts {
                id: "aws-buckets-policy",
                title: "Custom policy: AWS-owned buckets",
                file_name: "ssm-aws-owned-buckets-policy.json",
                script: false,
            },
            Output::S3EndpointPolicy => &OutputFacts {
                id: "s3-endpoint-policy",
                title: "S3 gateway endpoint policy",
                file_name: "s3-gateway-endpoint-policy.json",
                script: false,
            },
            Output::CliDefine => &OutputFacts {
                id: "cli-define",
                title: "1. Define the custom policies",
                file_name: "1-define-policies.sh",
                script: true,
            },
            Output::CliFind => &OutputFacts {
                id: "cli-find",
                title: "2. Find what carries the old policy",
                file_name: "2-find-old-policy.sh",
                script: true,
            },
            Output::CliUpdateRoles => &OutputFacts {
                id: "cli-update-roles",
                title: "3. Update the roles",
                file_name: "3-update-roles.sh",
                script: true,
            },
            Output::CliAudit => &OutputFacts {
                id: "cli-audit",
                title: "4. Deploy the Config audit and remediation",
                file_name: "4-deploy-audit.sh",
                script: true,
            },
            Output::CliVerify => &OutputFacts {
                id: "cli-verify",
                title: "5. Verify the roles and managed nodes",
                file_name: "5-verify-roles.sh",
                script: true,
            },
            Output::CliRollback => &OutputFacts {
                id: "cli-rollback",
                title: "Rollback: restore the roles as they were before step 3",
                file_name: "rollback-roles.sh",
                script: true,
            },
            Output::CliDhmc => &OutputFacts {
                id: "cli-dhmc",
                title: "Default Host Management: the role and the setting in each Region",
                file_name: "dhmc-enable.sh",
                script: true,
            },
            Output::HybridServiceRole => &OutputFacts {
                id: "hybrid-service-role",
                title: "Hybrid service role: trust policy",
                file_name: "hybrid-service-role-trust-policy.json",
                script: false,
            },
            Output::CliHybrid => &OutputFacts {
                id: "cli-hybrid",
                title: "Hybrid nodes: move the activations' service role",
                file_name: "hybrid-update-role.sh",
                script: true,
            },
            Output::CliOrg => &OutputFacts {
                id: "cli-org",
                title: "Across the organization: StackSets and an aggregator",
                file_name: "org-deploy.sh",
                script: true,
            },
            Output::IacCloudFormation => &OutputFacts {
                id: "iac-cloudformation",
                title: "The plan as CloudFormation",
                file_name: "ssm-instance-roles.yaml",
                script: false,
            },
            Output::IacTerraform => &OutputFacts {
                id: "iac-terraform",
                title: "The plan as Terraform",
                file_name: "ssm-instance-roles.tf",
                script: false,
            },
            Output::AuditTemplate => &OutputFacts {
                id: "audit-template",
                title: "Audit and remediation stack (CloudFormation)",
                file_name: "ssm-managed-policy-audit.yaml",
                script: false,
            },
        }
    }

    /// The id (`data-output` in the page, the output name on the command line).
    pub const fn id(self) -> &'static str {
        self.facts().id
    }

    /// Parses an output id.
    pub fn from_id(id: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// An output's text, exactly as the user copies it, or why there is none.
pub type Rendered = Part<String>;

/// Renders one output of the plan: its text once every value it is made of is ready.
pub fn render(plan: &Plan, output: Output) -> Rendered {
    match output {
        Output::PoliciesToAdd => plan.policies_to_add.as_ref().map(|arns| arns.join(",")),
        Output::PolicyToRemove => Part::Ready(plan.policy_to_remove.clone()),
        Output::S3Policy => plan.s3_document.as_ref().map(|d| d.to_pretty_json()),
        Output::VssPolicy => plan.vss_document.as_ref().map(|d| d.to_pretty_json()),
        Output::AwsBucketsPolicy => plan
            .aws_buckets_document
            .as_ref()
            .map(|d| d.to_pretty_json()),
        Output::S3EndpointPolicy => plan.endpoint_policy.as_ref().map(|d| d.to_pretty_json()),
        Output::CliDefine => plan.custom.as_ref().map(|c| scripts::define(plan, c)),
        Output::CliFind => Part::Ready(scripts::find(plan)),
        Output::CliUpdateRoles => plan
            .policies_to_add
            .as_ref()
            .zip(plan.roles.as_ref())
            .map(|(arns, roles)| scripts::update_roles(plan, arns, roles)),
        Output::CliAudit => plan
            .policies_to_add
            .as_ref()
            .map(|arns| scripts::audit(plan, arns)),
        Output::CliVerify => plan
            .policies_to_add
            .as_ref()
            .zip(plan.roles.as_ref())
            .map(|(arns, roles)| scripts::verify(plan, arns, roles)),
        Output::CliRollback => plan
            .roles
            .as_ref()
            .map(|roles| scripts::rollback(plan, roles)),
        Output::CliDhmc => plan.dhmc.as_ref().map(|d| scripts::dhmc(plan, d)),
        Output::HybridServiceRole => plan
            .hybrid
            .as_ref()
            .map(|h| h.trust_policy.to_pretty_json()),
        Output::CliHybrid => plan.hybrid.as_ref().map(|h| scripts::hybrid(plan, h)),
        Output::CliOrg => plan
            .organization
            .as_ref()
            .map(|o| scripts::organization(plan, o)),
        Output::IacCloudFormation => match iac_inputs(plan) {
            Part::Ready((custom, roles))
                if iac::cloudformation_resources(custom, roles) > iac::MAX_TEMPLATE_RESOURCES =>
            {
                Part::NotApplicable(crate::plan::Inapplicable::TooManyResources(
                    iac::cloudformation_resources(custom, roles),
                ))
            }
            inputs => inputs.map(|(c, r)| iac::cloudformation(plan, c, r)),
        },
        Output::IacTerraform => iac_inputs(plan).map(|(c, r)| iac::terraform(plan, c, r)),
        Output::AuditTemplate => plan
            .policies_to_add
            .as_ref()
            .map(|arns| cloudformation::audit_template(plan, arns)),
    }
}

/// What the infrastructure-as-code outputs are made of: the custom policies (none when the
/// plan has none) and the roles.
fn iac_inputs(plan: &Plan) -> Part<(&[crate::plan::CustomPolicy], &[crate::input::RoleName])> {
    let custom = match &plan.custom {
        Part::NotApplicable(_) => Part::Ready(&[][..]),
        other => other.as_ref().map(Vec::as_slice),
    };
    custom.zip(plan.roles.as_ref().map(Vec::as_slice))
}
