//! The whole planner: a selection from bytes (see `selection_from_bytes`), planned and every
//! output rendered. Every policy is JSON of IAM's version within its size limit, every message
//! is short, and a field in error changes no output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use ssm_policy_planner::catalog::MANAGED_POLICY_MAX_CHARS;
use ssm_policy_planner::input::InputError;
use ssm_policy_planner::plan::Plan;
use ssm_policy_planner::plan::aws_buckets::ENDPOINT_POLICY_MAX_CHARS;
use ssm_policy_planner::render::{Output, render};
use ssm_policy_planner_fuzz::{assert_message_is_short, selection_from_bytes};

fn outputs(plan: &Plan) -> Vec<Option<String>> {
    Output::ALL
        .into_iter()
        .map(|o| render(plan, o).into_ready())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let s = selection_from_bytes(data);
    let plan = Plan::from_selection(&s);
    let texts = outputs(&plan);
    for (output, max) in [
        (Output::S3Policy, MANAGED_POLICY_MAX_CHARS),
        (Output::VssPolicy, MANAGED_POLICY_MAX_CHARS),
        (Output::AwsBucketsPolicy, MANAGED_POLICY_MAX_CHARS),
        (Output::S3EndpointPolicy, ENDPOINT_POLICY_MAX_CHARS),
    ] {
        let Some(text) = render(&plan, output).into_ready() else {
            continue;
        };
        let doc: Value = serde_json::from_str(&text).expect("a policy is JSON");
        assert_eq!(doc["Version"], "2012-10-17");
        let size = text.chars().filter(|c| !c.is_whitespace()).count();
        assert!(size <= max, "{}: {size} characters", output.id());
    }
    for (field, error) in &plan.errors {
        assert_message_is_short(&error.to_string());
        if matches!(error, InputError::Required { .. }) {
            continue;
        }
        let mut cleared = s.clone();
        assert!(cleared.set(*field, String::new()).is_ok());
        let without = outputs(&Plan::from_selection(&cleared));
        for ((output, with), without) in Output::ALL.into_iter().zip(&texts).zip(&without) {
            if with.is_some() {
                assert_eq!(with, without, "{field} in error changes {}", output.id());
            }
        }
    }
});
