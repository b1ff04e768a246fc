//! Scenario tests of the core: named migrations, and a sweep over every feature selection in
//! every partition that reads each output back (JSON, YAML, bash) and checks it against the
//! catalog's facts. Determinism across runs is the golden files' job.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use ssm_policy_planner::catalog::{Feature, ManagedPolicy, Need, Partition};
use ssm_policy_planner::input::{S3Route, Selection, VssChoice};
use ssm_policy_planner::plan::{Inapplicable, Part, Plan, PolicyRef};
use ssm_policy_planner::policy::{PolicyDocument, Printed};
use ssm_policy_planner::render::{Output, render};

const ACCOUNT: &str = "123456789012";

fn selection(features: &[Feature]) -> Selection {
    Selection {
        features: features.iter().copied().collect(),
        ..Selection::default()
    }
}

fn managed(plan: &Plan) -> Vec<ManagedPolicy> {
    plan.policies
        .iter()
        .filter_map(|p| match p.policy {
            PolicyRef::Managed(m) => Some(m),
            PolicyRef::Custom(_) => None,
        })
        .collect()
}

fn text(plan: &Plan, output: Output) -> String {
    match render(plan, output) {
        Part::Ready(t) => t,
        other => panic!("{} not rendered: {other:?}", output.id()),
    }
}

#[test]
fn session_manager_needs_only_core() {
    let plan = Plan::from_selection(&selection(&[Feature::SessionManager]));
    assert_eq!(managed(&plan), [ManagedPolicy::SsmManagedInstanceCore]);
    assert!(plan.core_implied);
    let core = &plan.policies[0];
    assert_eq!(core.needed_by, [Feature::Core, Feature::SessionManager]);
}

#[test]
fn domain_join_adds_directory_service_access() {
    let plan = Plan::from_selection(&selection(&[Feature::DomainJoin]));
    assert_eq!(
        managed(&plan),
        [
            ManagedPolicy::SsmManagedInstanceCore,
            ManagedPolicy::SsmDirectoryServiceAccess
        ]
    );
    assert!(!plan.changes.lost.iter().any(|a| a.starts_with("ds:")));
}

#[test]
fn cloudwatch_logs_output_needs_the_agent_server_policy() {
    let plan = Plan::from_selection(&selection(&[Feature::CloudWatchLogsOutput]));
    assert_eq!(
        managed(&plan),
        [
            ManagedPolicy::SsmManagedInstanceCore,
            ManagedPolicy::CloudWatchAgentServerPolicy
        ]
    );
    assert_eq!(
        text(&plan, Output::PoliciesToAdd),
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore,arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
    );
}

#[test]
fn vss_uses_the_aws_managed_policy_by_default() {
    let plan = Plan::from_selection(&selection(&[Feature::VssSnapshots]));
    assert_eq!(
        managed(&plan),
        [
            ManagedPolicy::SsmManagedInstanceCore,
            ManagedPolicy::Ec2VssSnapshotPolicy
        ]
    );
    assert_eq!(
        render(&plan, Output::VssPolicy),
        Part::NotApplicable(Inapplicable::NeedsCustomVss)
    );
    assert_eq!(
        render(&plan, Output::CliDefine),
        Part::NotApplicable(Inapplicable::NoCustomPolicy)
    );
}

#[test]
fn custom_vss_policy_is_defined_and_attached() {
    let mut s = selection(&[Feature::VssSnapshots]);
    s.vss_policy = VssChoice::Custom;
    s.account_id = ACCOUNT.into();
    let plan = Plan::from_selection(&s);
    let define = text(&plan, Output::CliDefine);
    assert!(define.contains("arn:aws:iam::123456789012:policy/SSMInstanceVssSnapshots"));
    assert!(
        text(&plan, Output::PoliciesToAdd)
            .ends_with(",arn:aws:iam::123456789012:policy/SSMInstanceVssSnapshots")
    );
    let doc: PolicyDocument =
        serde_json::from_str(&text(&plan, Output::VssPolicy)).expect("VSS policy is JSON");
    let actions: BTreeSet<&str> = doc.actions().collect();
    assert_eq!(
        actions,
        ManagedPolicy::Ec2VssSnapshotPolicy.actions(),
        "every action of AWS's policy"
    );
}

#[test]
fn s3_output_policy_is_scoped_to_bucket_prefix_and_key() {
    let mut s = selection(&[Feature::S3Output]);
    s.account_id = ACCOUNT.into();
    s.bucket = "ssm-output".into();
    s.bucket_prefix = "/run-command/".into();
    s.kms_key_arn =
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            .into();
    s.partition = Partition::AwsUsGov;
    let plan = Plan::from_selection(&s);
    let doc: PolicyDocument =
        serde_json::from_str(&text(&plan, Output::S3Policy)).expect("S3 policy is JSON");
    let resources: BTreeSet<&str> = doc
        .statement
        .iter()
        .flat_map(|st| st.resource.values())
        .collect();
    assert_eq!(
        resources,
        BTreeSet::from([
            "arn:aws-us-gov:s3:::ssm-output/run-command/*",
            "arn:aws-us-gov:s3:::ssm-output",
            "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ])
    );
}

#[test]
fn s3_policy_has_no_kms_statement_without_a_key() {
    let mut s = selection(&[Feature::S3Output]);
    s.account_id = ACCOUNT.into();
    s.bucket = "ssm-output".into();
    let plan = Plan::from_selection(&s);
    assert!(!text(&plan, Output::S3Policy).contains("kms:"));
    assert!(text(&plan, Output::S3Policy).contains("\"arn:aws:s3:::ssm-output/*\""));
}

#[test]
fn update_script_attaches_every_new_policy_before_detaching_the_old_one() {
    let mut s = selection(&Feature::ALL);
    s.account_id = ACCOUNT.into();
    s.bucket = "ssm-output".into();
    s.role_names = "web\nbatch".into();
    let plan = Plan::from_selection(&s);
    let script = text(&plan, Output::CliUpdateRoles);
    let attach = script
        .find("aws iam attach-role-policy")
        .expect("attach call");
    let detach = script
        .find("aws iam detach-role-policy")
        .expect("detach call");
    assert!(attach < detach);
    assert!(script.contains("roles=(\n  web\n  batch\n)"));
    for arn in plan.policies_to_add.ready().expect("every ARN known") {
        assert!(script.contains(&format!("\n  {arn}\n")), "{arn}");
    }
}

#[test]
fn update_script_discovers_roles_when_none_are_named() {
    let plan = Plan::from_selection(&Selection::default());
    let script = text(&plan, Output::CliUpdateRoles);
    assert!(script.contains("roles=()\n"));
    assert!(script.contains("--policy-usage-filter PermissionsPolicy"));
}

#[test]
fn audit_script_escapes_commas_for_the_cli_shorthand() {
    let plan = Plan::from_selection(&selection(&[Feature::Core, Feature::DomainJoin]));
    let script = text(&plan, Output::CliAudit);
    assert!(script.contains(
        "'ParameterKey=policiesToAdd,ParameterValue=arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\\,arn:aws:iam::aws:policy/AmazonSSMDirectoryServiceAccess'"
    ));
    assert!(script.contains(&text(&plan, Output::AuditTemplate)));
}

#[test]
fn a_bad_value_reaches_no_output() {
    let mut s = selection(&Feature::ALL);
    s.account_id = ACCOUNT.into();
    s.bucket = "Bad_Bucket".into();
    s.role_names = "web\nnot a role".into();
    let plan = Plan::from_selection(&s);
    for output in Output::ALL {
        if let Part::Ready(t) = render(&plan, output) {
            assert!(
                !t.contains("Bad_Bucket") && !t.contains("not a role"),
                "{}",
                output.id()
            );
        }
    }
    assert!(matches!(render(&plan, Output::S3Policy), Part::Blocked(_)));
    assert!(matches!(
        render(&plan, Output::CliUpdateRoles),
        Part::Blocked(_)
    ));
}

/// Every subset of the seven features.
fn all_feature_sets() -> impl Iterator<Item = BTreeSet<Feature>> {
    (0u32..1 << Feature::ALL.len()).map(|bits| {
        Feature::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect()
    })
}

fn full_selection(
    features: BTreeSet<Feature>,
    partition: Partition,
    vss: VssChoice,
    route: S3Route,
) -> Selection {
    let regions = match partition {
        Partition::Aws => "us-east-1, eu-south-1\nap-southeast-4",
        Partition::AwsCn => "cn-north-1",
        Partition::AwsUsGov => "us-gov-west-1\nus-gov-east-1",
    };
    Selection {
        features,
        partition,
        account_id: ACCOUNT.into(),
        bucket: "ssm-output.example".into(),
        bucket_prefix: "instances".into(),
        kms_key_arn: format!(
            "arn:{}:kms:{}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            partition.id(),
            partition.example_region()
        ),
        role_names: "web-servers\nbatch".into(),
        vss_policy: vss,
        s3_route: route,
        // Both targets across the sweep, without doubling it: DHMC rides on the custom VSS
        // choice, which touches nothing it does.
        target: if vss == VssChoice::Custom {
            ssm_policy_planner::input::Target::Dhmc
        } else {
            ssm_policy_planner::input::Target::InstanceProfile
        },
        // Across an organization with the managed VSS policy, in some units.
        organization: if vss == VssChoice::Managed {
            ssm_policy_planner::input::Toggle::On
        } else {
            ssm_policy_planner::input::Toggle::Off
        },
        ou_ids: "ou-ab12-cd34ef56\nr-ab12".into(),
        // Hybrid nodes on the internet route, where they alone bring the AWS-owned buckets.
        hybrid: if route == S3Route::Internet {
            ssm_policy_planner::input::Toggle::On
        } else {
            ssm_policy_planner::input::Toggle::Off
        },
        regions: regions.into(),
        ..Selection::default()
    }
}

fn check_policy_json(partition: Partition, json: &str) {
    let doc: PolicyDocument = serde_json::from_str(json).expect("policy is JSON");
    assert_eq!(doc.to_pretty_json(), json, "printed form is canonical");
    assert!(doc.size() <= ssm_policy_planner::catalog::MANAGED_POLICY_MAX_CHARS);
    for st in &doc.statement {
        let actions = st.action.values();
        assert!(
            actions.windows(2).all(|w| w[0] < w[1]),
            "actions sorted and unique"
        );
        let resources = st.resource.values();
        assert!(
            resources.windows(2).all(|w| w[0] < w[1]),
            "resources sorted and unique"
        );
        for r in resources {
            assert!(
                r == "*" || r.starts_with(&format!("arn:{}:", partition.id())),
                "{r}"
            );
        }
        if actions
            .iter()
            .any(|a| a.starts_with("s3:") || a.starts_with("kms:"))
        {
            assert!(
                !st.resource.values().contains(&"*"),
                "S3 and KMS are never on *"
            );
        }
    }
}

/// The `policiesToAdd` the catalog's facts call for, written out here from the policies'
/// names and paths and the account: the managed ones in catalog order, then the custom ones.
fn expected_policies_to_add(s: &Selection) -> Vec<String> {
    let p = s.partition.id();
    let mut managed = BTreeSet::new();
    let mut custom = Vec::new();
    for f in s.effective_features() {
        match f.facts().need {
            Need::Managed(m) => {
                managed.insert(m);
            }
            Need::Vss if s.vss_policy == VssChoice::Managed => {
                managed.insert(ManagedPolicy::Ec2VssSnapshotPolicy);
            }
            Need::Vss => custom.push((1, s.vss_policy_name.clone())),
            Need::CustomS3Output => custom.push((0, s.s3_policy_name.clone())),
        }
    }
    if s.s3_route == S3Route::VpcEndpoint {
        custom.push((2, s.aws_buckets_policy_name.clone()));
    }
    custom.sort();
    let managed = managed.into_iter().map(|m| {
        let facts = m.facts();
        format!("arn:{p}:iam::aws:policy{}{}", facts.path, facts.name)
    });
    let custom = custom
        .into_iter()
        .map(|(_, name)| format!("arn:{p}:iam::{}:policy/{name}", s.account_id));
    managed.chain(custom).collect()
}

/// A YAML mapping's value at `key`, read with a YAML parser (CloudFormation's tags and all).
fn yaml_at<'a>(value: &'a serde_yaml::Value, key: &str) -> &'a serde_yaml::Value {
    value
        .get(key)
        .unwrap_or_else(|| panic!("no {key} in the template"))
}

#[test]
fn every_selection_in_every_partition_reads_back_as_the_facts_say() {
    let mut scripts = Vec::new();
    let mut plans = 0;
    for features in all_feature_sets() {
        for partition in Partition::ALL {
            for (vss, route) in [
                (VssChoice::Managed, S3Route::Internet),
                (VssChoice::Custom, S3Route::Internet),
                (VssChoice::Managed, S3Route::VpcEndpoint),
                (VssChoice::Custom, S3Route::VpcEndpoint),
            ] {
                let s = full_selection(features.clone(), partition, vss, route);
                let plan = Plan::from_selection(&s);
                plans += 1;
                let p = partition.id();
                let legacy = format!("arn:{p}:iam::aws:policy/service-role/AmazonEC2RoleforSSM");
                let expected_arns = expected_policies_to_add(&s);
                assert!(
                    expected_arns.len() < ssm_policy_planner::catalog::MANAGED_POLICIES_PER_ROLE
                );
                assert!(plan.changes.lost.windows(2).all(|w| w[0] < w[1]));
                assert!(plan.changes.gained.windows(2).all(|w| w[0] < w[1]));
                for output in Output::ALL {
                    let t = match render(&plan, output) {
                        Part::Ready(t) => t,
                        Part::NotApplicable(_) => continue,
                        Part::Blocked(fields) => panic!("{}: blocked by {fields:?}", output.id()),
                    };
                    assert!(!t.is_empty());
                    if partition != Partition::Aws {
                        assert!(
                            !t.contains("arn:aws:"),
                            "{} in {p} has a commercial ARN",
                            output.id()
                        );
                    }
                    assert!(
                        !t.contains("policy/AmazonEC2RoleforSSM"),
                        "old ARN without its path"
                    );
                    match output {
                        Output::S3Policy | Output::VssPolicy | Output::AwsBucketsPolicy => {
                            check_policy_json(partition, &t)
                        }
                        Output::S3EndpointPolicy => {
                            let policy: serde_json::Value =
                                serde_json::from_str(&t).expect("the endpoint policy is JSON");
                            let statements = policy["Statement"].as_array().expect("statements");
                            assert!(statements.iter().all(|st| st["Principal"] == "*"));
                            let output_bucket = t.contains("ssm-output.example");
                            assert_eq!(output_bucket, features.contains(&Feature::S3Output));
                        }
                        Output::PolicyToRemove => assert_eq!(t, legacy),
                        Output::PoliciesToAdd => {
                            let arns: Vec<&str> = t.split(',').collect();
                            assert_eq!(arns, expected_arns, "{features:?} {p} {vss:?}");
                        }
                        Output::CliDefine
                        | Output::CliFind
                        | Output::CliUpdateRoles
                        | Output::CliAudit
                        | Output::CliVerify
                        | Output::CliRollback
                        | Output::CliDhmc
                        | Output::CliHybrid
                        | Output::CliOrg => {
                            assert!(t.starts_with("#!/usr/bin/env bash\n"));
                            assert!(t.contains("\nset -euo pipefail\n"));
                            scripts.push(t);
                        }
                        Output::HybridServiceRole => {
                            let trust: serde_json::Value =
                                serde_json::from_str(&t).expect("the trust policy is JSON");
                            let condition = &trust["Statement"][0]["Condition"];
                            assert_eq!(condition["StringEquals"]["aws:SourceAccount"], ACCOUNT);
                            assert!(
                                condition["ArnLike"]["aws:SourceArn"]
                                    .to_string()
                                    .contains(&format!("arn:{p}:ssm:"))
                            );
                        }
                        Output::IacCloudFormation => {
                            let yaml: serde_yaml::Value =
                                serde_yaml::from_str(&t).expect("the template is YAML");
                            let resources =
                                yaml_at(&yaml, "Resources").as_mapping().expect("resources");
                            let custom = plan.custom.ready().map_or(0, Vec::len);
                            assert_eq!(resources.len(), custom + 2, "{p}: policies and two roles");
                            assert!(t.contains("!Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'"));
                            assert!(!t.contains(&legacy));
                        }
                        Output::IacTerraform => {
                            assert!(t.contains("data \"aws_partition\" \"current\" {}"));
                            assert!(t.contains("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore\""));
                            assert!(!t.contains(&legacy));
                            assert!(
                                !t.contains(":instance/${ec2:"),
                                "{p}: an interpolation left unescaped"
                            );
                        }
                        Output::AuditTemplate => {
                            let yaml: serde_yaml::Value =
                                serde_yaml::from_str(&t).expect("the template is YAML");
                            let parameters = yaml_at(&yaml, "Parameters");
                            let default = |name: &str| {
                                yaml_at(yaml_at(parameters, name), "Default")
                                    .as_str()
                                    .expect("a string default")
                                    .to_owned()
                            };
                            assert_eq!(default("policyToRemove"), legacy);
                            assert_eq!(
                                default("policiesToAdd").split(',').collect::<Vec<_>>(),
                                expected_arns
                            );
                        }
                    }
                }
                assert_eq!(
                    matches!(render(&plan, Output::S3Policy), Part::NotApplicable(_)),
                    !features.contains(&Feature::S3Output)
                );
                let custom_vss =
                    features.contains(&Feature::VssSnapshots) && vss == VssChoice::Custom;
                assert_eq!(
                    !matches!(render(&plan, Output::VssPolicy), Part::NotApplicable(_)),
                    custom_vss
                );
            }
        }
    }
    assert_eq!(plans, 128 * 3 * 4);
    scripts.sort();
    scripts.dedup();
    bash_syntax_check(&scripts);
}

/// `bash -n` over every distinct script, each wrapped in a function so one bash reads them all.
fn bash_syntax_check(scripts: &[String]) {
    let mut all = String::new();
    for (i, s) in scripts.iter().enumerate() {
        all.push_str(&format!("script_{i}() {{\n{s}\n}}\n"));
    }
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(all.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("bash -n");
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn default_host_management_sets_up_its_role_in_each_region_and_keeps_the_profiles() {
    use ssm_policy_planner::input::{Field, Target};
    use ssm_policy_planner::plan::Notice;

    let mut s = selection(&[Feature::SessionManager, Feature::CloudWatchAgent]);
    assert_eq!(
        Plan::from_selection(&s).dhmc,
        Part::NotApplicable(Inapplicable::NeedsDhmc)
    );
    s.target = Target::Dhmc;
    let waiting = Plan::from_selection(&s);
    assert_eq!(waiting.dhmc, Part::blocked(Field::Regions));
    assert_eq!(
        waiting.error(Field::Regions).as_deref(),
        Some("region list is required for Default Host Management, a setting of each Region")
    );
    s.regions = "us-gov-west-1".into();
    assert!(
        matches!(Plan::from_selection(&s).dhmc, Part::Blocked(ref f) if f.contains(&Field::Regions)),
        "a region of another partition blocks it"
    );
    s.partition = Partition::AwsUsGov;
    let plan = Plan::from_selection(&s);
    let dhmc = plan.dhmc.ready().expect("ready with its regions");
    assert_eq!(
        dhmc.policy_arn,
        "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy"
    );
    assert_eq!(dhmc.profile_features, [Feature::CloudWatchAgent]);
    // The instance profiles keep the table's policies, the core's included.
    assert_eq!(
        managed(&plan),
        [
            ManagedPolicy::SsmManagedInstanceCore,
            ManagedPolicy::CloudWatchAgentServerPolicy
        ]
    );
    assert!(plan.notices.contains(&Notice::DhmcProfileFirst));
    assert!(
        plan.notices
            .contains(&Notice::DhmcNotCovered(vec![Feature::CloudWatchAgent]))
    );
    let script = text(&plan, Output::CliDhmc);
    assert!(
        script.contains("regions=us-gov-west-1\n")
            || script.contains("regions=(\n  us-gov-west-1\n)"),
        "{script}"
    );
    assert!(script.contains(
        "setting_value=service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole\n"
    ));
    assert!(script.contains("\"Service\":\"ssm.amazonaws.com\""));
}

#[test]
fn hybrid_nodes_move_their_service_role_with_the_aws_owned_buckets_and_a_scoped_trust() {
    use ssm_policy_planner::input::{Field, Toggle};

    let mut s = selection(&[Feature::Core]);
    assert_eq!(
        Plan::from_selection(&s).hybrid,
        Part::NotApplicable(Inapplicable::NeedsHybrid)
    );
    s.hybrid = Toggle::On;
    let waiting = Plan::from_selection(&s);
    assert!(
        matches!(waiting.hybrid, Part::Blocked(ref f) if f.contains(&Field::AccountId) && f.contains(&Field::Regions))
    );
    assert_eq!(
        waiting.error(Field::Regions).as_deref(),
        Some(
            "region list is required for hybrid nodes: their activations' Regions, whose AWS-owned buckets they read"
        )
    );
    s.account_id = ACCOUNT.into();
    s.regions = "eu-west-1, ap-south-1".into();
    s.hybrid_role_name = "bad role".into();
    assert_eq!(
        Plan::from_selection(&s)
            .error(Field::HybridRoleName)
            .as_deref(),
        Some(
            "role name must be 1-64 characters of letters, digits and + = , . @ _ -; got 'bad role'"
        )
    );
    s.hybrid_role_name = "OnPremRole".into();
    let plan = Plan::from_selection(&s);
    let hybrid = plan.hybrid.ready().expect("ready");
    let buckets = format!("arn:aws:iam::{ACCOUNT}:policy/SSMInstanceAwsOwnedBuckets");
    assert_eq!(
        hybrid.policies,
        [
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".to_owned(),
            buckets.clone()
        ]
    );
    // The instance roles, on the internet route, do without it; step 1 defines it.
    assert_eq!(
        plan.policies_to_add,
        Part::Ready(vec![
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".to_owned()
        ])
    );
    let defined: Vec<_> = plan
        .custom
        .ready()
        .expect("defined")
        .iter()
        .map(|c| c.arn.clone())
        .collect();
    assert_eq!(defined, [buckets]);
    let trust: serde_json::Value =
        serde_json::from_str(&text(&plan, Output::HybridServiceRole)).expect("JSON");
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ssm.amazonaws.com"
    );
    assert_eq!(
        trust["Statement"][0]["Condition"],
        serde_json::json!({
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnLike": {"aws:SourceArn": [
                format!("arn:aws:ssm:eu-west-1:{ACCOUNT}:*"),
                format!("arn:aws:ssm:ap-south-1:{ACCOUNT}:*"),
            ]},
        })
    );
    let script = text(&plan, Output::CliHybrid);
    assert!(script.contains("roles=(\n  OnPremRole\n)\n"), "{script}");
    assert!(script.ends_with("for this account and its listed Regions only\"\n"));
}

#[test]
fn an_organization_deploys_each_account_s_own_policies_from_the_first_region() {
    use ssm_policy_planner::input::{Field, Toggle};
    use ssm_policy_planner::plan::Notice;

    let mut s = selection(&[Feature::S3Output]);
    s.account_id = ACCOUNT.into();
    s.bucket = "org-output".into();
    assert_eq!(
        Plan::from_selection(&s).organization,
        Part::NotApplicable(Inapplicable::NeedsOrganization)
    );
    s.organization = Toggle::On;
    let waiting = Plan::from_selection(&s);
    assert_eq!(
        waiting.error(Field::OuIds).as_deref(),
        Some("organizational unit list is required for the StackSets across the organization")
    );
    s.ou_ids = "ou-ab12-cd34ef56, ou-ab12-cd34ef56".into();
    assert_eq!(
        Plan::from_selection(&s).error(Field::OuIds).as_deref(),
        Some("line 1: organizational unit 'ou-ab12-cd34ef56' is already on line 1")
    );
    s.ou_ids = "ou-AB12-cd34ef56".into();
    assert!(
        Plan::from_selection(&s)
            .error(Field::OuIds)
            .is_some_and(|e| e.starts_with("line 1: organizational unit must be one of"))
    );
    s.ou_ids = "ou-ab12-cd34ef56\nr-ab12".into();
    s.regions = "eu-central-1\nus-west-2".into();
    s.partition = Partition::Aws;
    let plan = Plan::from_selection(&s);
    let org = plan.organization.ready().expect("ready");
    assert_eq!(org.home_region.as_str(), "eu-central-1");
    assert_eq!(
        org.managed,
        ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
    );
    assert_eq!(
        org.attached_custom
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>(),
        ["SSMInstanceS3OutputAccess"]
    );
    assert!(
        plan.notices
            .contains(&Notice::OrganizationManagementAccount)
    );
    assert!(!plan.notices.contains(&Notice::OrganizationChinaPrincipal));
    let script = text(&plan, Output::CliOrg);
    assert!(script.contains(
        "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/SSMInstanceS3OutputAccess'"
    ));
    assert!(script.contains("ParameterKey=policiesToAdd,ParameterValue=arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'\n"));
    assert!(
        !script.contains(&format!(":{ACCOUNT}:policy/")),
        "no account's own ARN goes to the others"
    );
}

#[test]
fn a_cloudformation_template_never_declares_more_resources_than_it_may() {
    let roles: Vec<String> = (0..499).map(|i| format!("role-{i}")).collect();
    let mut s = selection(&[Feature::Core]);
    s.role_names = roles.join("\n");
    assert!(matches!(
        render(&Plan::from_selection(&s), Output::IacCloudFormation),
        Part::Ready(_)
    ));
    s.role_names.push_str("\nrole-499\nrole-500");
    let plan = Plan::from_selection(&s);
    assert_eq!(
        render(&plan, Output::IacCloudFormation),
        Part::NotApplicable(Inapplicable::TooManyResources(501))
    );
    assert!(
        matches!(render(&plan, Output::IacTerraform), Part::Ready(_)),
        "Terraform has no such limit"
    );
}
