//! The outputs, grouped as the user runs them: the remediation stack's parameters, the custom
//! policy documents, the CLI scripts and the audit template, with the plan's notices on top.

use std::rc::Rc;

use yew::prelude::*;

use std::collections::BTreeSet;

use crate::catalog::{Feature, MANAGED_POLICY_MAX_CHARS, dhmc};
use crate::components::action_reason::actions_with_reasons;
use crate::components::notices::Notices;
use crate::components::output_block::OutputBlock;
use crate::plan::aws_buckets::{ENDPOINT_POLICY_MAX_CHARS, ENDPOINT_POLICY_NOTE};
use crate::plan::{Notice, Part};
use crate::policy::PolicyDocument;
use crate::policy::Printed;
use crate::render::Output;
use crate::state::Derived;

/// Properties of [`Outputs`].
#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    /// The derived plan.
    pub derived: Rc<Derived>,
}

/// `6144` as `6,144`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A custom policy's size against the managed policy limit.
fn size_note(document: &Part<PolicyDocument>) -> Html {
    match document.ready() {
        Some(document) => size_against(
            document.size(),
            MANAGED_POLICY_MAX_CHARS,
            "whitespace not counted",
            "too large for IAM, split the policy",
        ),
        None => Html::default(),
    }
}

/// A size against a limit, said plainly, flagged when over.
fn size_against(size: usize, limit: usize, counting: &str, when_over: &str) -> Html {
    let over = size > limit;
    html! {
        <p class={classes!("size-note", over.then_some("is-over"))} data-size={size.to_string()}>
            { format!(
                "Size: {} of {} characters, {counting}{}",
                thousands(size),
                thousands(limit),
                if over { format!(": {when_over}.") } else { ".".to_owned() },
            ) }
        </p>
    }
}

/// Actions, sorted and each once.
fn sorted<'a>(actions: impl Iterator<Item = &'a str>) -> Vec<String> {
    actions
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// All outputs of the plan.
#[component]
pub fn Outputs(props: &OutputsProps) -> Html {
    let derived = &props.derived;
    let plan = &derived.plan;
    let (quota, general): (Vec<Notice>, Vec<Notice>) = plan
        .notices
        .iter()
        .cloned()
        .partition(|n| matches!(n, Notice::OverQuota { .. } | Notice::Headroom { .. }));
    let block = |output: Output| {
        html! { <OutputBlock {output} rendered={derived.output(output)} /> }
    };
    let no_custom = matches!(plan.custom, Part::NotApplicable(_));
    html! {
        <>
            <Notices notices={general} />
            <section class="output-group" aria-labelledby="group-stack">
                <h3 id="group-stack">{ "Remediation stack parameters" }</h3>
                <p class="group-intro">
                    { "The two parameters of the AWS Config remediation: the policies to attach, then the one to detach." }
                </p>
                <Notices notices={quota} />
                { block(Output::PoliciesToAdd) }
                { block(Output::PolicyToRemove) }
            </section>
            <section class="output-group" aria-labelledby="group-custom">
                <h3 id="group-custom">{ "Custom policy documents" }</h3>
                if no_custom {
                    <p class="group-intro">
                        { "None needed: AWS managed policies cover every ticked feature." }
                    </p>
                } else {
                    <p class="group-intro">
                        { "Customer managed policies the first script creates; the documents are also here to review or to use elsewhere." }
                    </p>
                }
                <OutputBlock output={Output::S3Policy} rendered={derived.output(Output::S3Policy)}>
                    { size_note(&plan.s3_document) }
                </OutputBlock>
                <OutputBlock output={Output::VssPolicy} rendered={derived.output(Output::VssPolicy)}>
                    { size_note(&plan.vss_document) }
                </OutputBlock>
                <OutputBlock output={Output::AwsBucketsPolicy} rendered={derived.output(Output::AwsBucketsPolicy)}>
                    { size_note(&plan.aws_buckets_document) }
                </OutputBlock>
                <OutputBlock output={Output::S3EndpointPolicy} rendered={derived.output(Output::S3EndpointPolicy)}>
                    <p class="output-note">{ ENDPOINT_POLICY_NOTE }</p>
                    { plan.endpoint_policy.ready().map(|p| actions_with_reasons(
                        "s3-endpoint-policy",
                        &sorted(p.statement.iter().flat_map(|s| s.action.values())),
                        &[Feature::Core, Feature::S3Output],
                    )).unwrap_or_default() }
                    { plan.endpoint_policy.ready().map(|p| size_against(
                        p.to_pretty_json().chars().count(),
                        ENDPOINT_POLICY_MAX_CHARS,
                        "whitespace included",
                        "too large for an endpoint policy, split it over two endpoints",
                    )).unwrap_or_default() }
                </OutputBlock>
            </section>
            <section class="output-group" aria-labelledby="group-cli">
                <h3 id="group-cli">{ "AWS CLI scripts" }</h3>
                <p class="group-intro">
                    { "A runbook of bash scripts for the AWS CLI: run them in order, with credentials for the roles' account. Each is safe to run again, stops with a message when something is wrong, and never takes the old policy off a role before the role has every new one." }
                    if matches!(derived.output(Output::CliDefine), Part::NotApplicable(_)) {
                        { " There is no first script: the plan creates no customer managed policy." }
                    }
                </p>
                <ol class="runbook">
                    <li>{ "Define the customer managed policies, or bring them up to date." }</li>
                    <li>{ "Find the roles that carry the old policy, and what to review by hand." }</li>
                    <li>{ "Update the roles: check first, attach the new set, then detach the old policy." }</li>
                    <li>{ "Deploy the AWS Config audit and remediation." }</li>
                    <li>{ "Verify the roles against the plan, and the managed nodes." }</li>
                </ol>
                <p class="group-intro">
                    { "If a step 3 change must be undone, the rollback restores each role from the record step 3 left in its tags." }
                </p>
                { block(Output::CliDefine) }
                { block(Output::CliFind) }
                { block(Output::CliUpdateRoles) }
                { block(Output::CliAudit) }
                { block(Output::CliVerify) }
                { block(Output::CliRollback) }
            </section>
            if !matches!(plan.dhmc, Part::NotApplicable(_)) {
                <section class="output-group" aria-labelledby="group-dhmc">
                    <h3 id="group-dhmc">{ "Default Host Management" }</h3>
                    <p class="group-intro">
                        { "Run it beside the runbook, with credentials for the same account: it creates the role Systems Manager uses for instances without an instance profile, and turns the setting on in each Region." }
                    </p>
                    { actions_with_reasons(
                        dhmc::POLICY.name(),
                        &sorted(dhmc::POLICY.actions().into_iter()),
                        &[Feature::Core, Feature::SessionManager],
                    ) }
                    { block(Output::CliDhmc) }
                </section>
            }
            if !matches!(plan.hybrid, Part::NotApplicable(_)) {
                <section class="output-group" aria-labelledby="group-hybrid">
                    <h3 id="group-hybrid">{ "Hybrid and on-premises nodes" }</h3>
                    <p class="group-intro">
                        { "Nodes registered with an activation take their permissions from its service role. The script moves that role as step 3 moves an instance role, with the same checks first, adds the AWS-owned buckets policy hybrid nodes need (run step 1 first), then gives it this trust policy: Systems Manager may assume it only for this account and the listed Regions." }
                    </p>
                    { block(Output::HybridServiceRole) }
                    { plan.aws_buckets_document.ready().map(|d| actions_with_reasons(
                        "hybrid-aws-buckets",
                        &sorted(d.actions()),
                        &[Feature::Core],
                    )).unwrap_or_default() }
                    { block(Output::CliHybrid) }
                </section>
            }
            if !matches!(plan.organization, Part::NotApplicable(_)) {
                <section class="output-group" aria-labelledby="group-org">
                    <h3 id="group-org">{ "Across the organization" }</h3>
                    <p class="group-intro">
                        { "Run it with the management account's credentials. Every member account needs AWS Config recording IAM roles, users and groups in the first Region listed, or its audit stack fails; the script lists such accounts. CloudFormation StackSets with service-managed permissions put the customer managed policies, then the audit and remediation stack, in every account of the organizational units, and in accounts that join them later; each account's stack names that account's own customer managed policies. An AWS Config aggregator then shows compliance across the organization. The management account gets no stack from a StackSet: move its roles with the runbook." }
                    </p>
                    { block(Output::CliOrg) }
                </section>
            }
            <section class="output-group" aria-labelledby="group-iac">
                <h3 id="group-iac">{ "Infrastructure as code" }</h3>
                <p class="group-intro">
                    { "The same plan for teams that change IAM only through code: the customer managed policies as resources, and each role with the plan's policies, every AWS managed ARN following the partition. Put the new set on before the old policy comes off, as each file's first lines explain." }
                </p>
                if let Part::NotApplicable(why) = derived.output(Output::IacCloudFormation) {
                    <p class="blocked" data-blocked="iac-cloudformation">
                        { format!("No CloudFormation template: {}.", why.message()) }
                    </p>
                }
                { block(Output::IacCloudFormation) }
                { block(Output::IacTerraform) }
            </section>
            <section class="output-group" aria-labelledby="group-template">
                <h3 id="group-template">{ "Audit template" }</h3>
                <p class="group-intro">
                    { "The CloudFormation stack the fourth script deploys: an AWS Config rule that flags what still carries the old policy, and its remediation." }
                </p>
                { block(Output::AuditTemplate) }
            </section>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(6144), "6,144");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
