"""Step 4, the audit deploy script, run end to end with bash against the `aws` stand-in
(standin/aws), which answers CloudFormation and AWS Config as their documentation says:
moto has no model of Config rules or remediation, nor of a stack left in ROLLBACK_COMPLETE.

- configuration recorders and their status:
  https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
  https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
- an evaluation already running:
  https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigRulesEvaluation.html
- ROLLBACK_COMPLETE: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
"""

import pytest

import cfn
import mock_aws
import plans
import standin

STACK = "ssm-managed-policy-audit"
SELECTION = {"features": ["core", "cloudwatch-agent"], "partition": "aws"}
RECORDER_ROLE = f"arn:aws:iam::{plans.ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
IAM_TYPES = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"]


def recorder(group, recording=True, name="default"):
    return {
        "recorders": [{"name": name, "roleARN": RECORDER_ROLE, "recordingGroup": group}],
        "status": [{"name": name, "recording": recording, "lastStatus": "SUCCESS" if recording else "PENDING"}],
    }


ALL_WITH_GLOBAL = {"allSupported": True, "includeGlobalResourceTypes": True, "resourceTypes": []}


@pytest.fixture(scope="module")
def generated(workdir):
    out = workdir / "audit-script"
    plan = plans.write_all(SELECTION, out)
    return plan, out / plan["outputs"]["cli-audit"]["file"], (out / plan["outputs"]["audit-template"]["file"]).read_text()


def stand_in(moto, workdir, name, state):
    moto.reset()
    aws = mock_aws.Aws(moto, "aws", workdir)
    return standin.StandIn(aws, workdir, name, state)


def run(stand, script):
    return stand.bash(script)


def parameters(plan):
    return [
        {"ParameterKey": "policiesToAdd", "ParameterValue": ",".join(plan["policies-to-add"])},
        {"ParameterKey": "policyToRemove", "ParameterValue": plan["policy-to-remove"]},
    ]


def test_fresh_deploy_creates_the_stack_and_reports_the_first_evaluation(generated, moto, workdir):
    """AWS evaluates a new rule on its own, so asking for an evaluation right after the create
    meets LimitExceededException: that is reported, not a failure."""
    plan, script, template = generated
    stand = stand_in(moto, workdir, "fresh", {"config": recorder(ALL_WITH_GLOBAL)})
    done = run(stand, script)
    assert done.returncode == 0, done.stdout + done.stderr
    stack = stand.state()["stacks"][STACK]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["TemplateBody"].rstrip("\n") == template.rstrip("\n")
    assert stack["Parameters"] == parameters(plan)
    assert "already running" in done.stdout, done.stdout

    again = run(stand, script)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "up to date" in again.stdout and "already running" in again.stdout, again.stdout


@pytest.mark.parametrize(
    "name,config",
    [
        ("no recorder", {"recorders": [], "status": []}),
        ("all types without the global ones", recorder({"allSupported": True, "includeGlobalResourceTypes": False})),
        ("roles only", recorder({"allSupported": False, "resourceTypes": ["AWS::IAM::Role", "AWS::EC2::Instance"]})),
        ("recording stopped", recorder(ALL_WITH_GLOBAL, recording=False)),
        (
            "users excluded",
            recorder(
                {
                    "allSupported": False,
                    "exclusionByResourceTypes": {"resourceTypes": ["AWS::IAM::User"]},
                    "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
                }
            ),
        ),
    ],
)
def test_refuses_to_deploy_while_iam_roles_users_and_groups_are_not_recorded(generated, moto, workdir, name, config):
    _, script, _ = generated
    stand = stand_in(moto, workdir, "no-recording", {"config": config})
    done = run(stand, script)
    assert done.returncode != 0, f"{name}: {done.stdout}"
    assert "https://docs.aws.amazon.com/config/" in done.stderr, done.stderr
    made = [c for c in stand.calls() if c[0] == "cloudformation" and c[1] != "describe-stacks"]
    assert made == [] and stand.state()["stacks"] == {}, f"{name}: {made}"
    if name == "recording stopped":
        assert "start-configuration-recorder" in done.stderr, done.stderr


@pytest.mark.parametrize(
    "group",
    [
        {"allSupported": False, "resourceTypes": [*IAM_TYPES, "AWS::EC2::Instance"]},
        {
            "allSupported": False,
            "exclusionByResourceTypes": {"resourceTypes": ["AWS::EC2::Instance"]},
            "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
        },
    ],
    ids=["listed types", "exclusions that spare IAM"],
)
def test_deploys_with_any_recorder_of_iam_types(generated, moto, workdir, group):
    _, script, _ = generated
    stand = stand_in(moto, workdir, "recording", {"config": recorder(group)})
    done = run(stand, script)
    assert done.returncode == 0, done.stdout + done.stderr
    assert stand.state()["stacks"][STACK]["StackStatus"] == "CREATE_COMPLETE"


def test_a_stack_left_in_rollback_complete_is_deleted_and_created_again(generated, moto, workdir):
    plan, script, template = generated
    failed = {
        "StackName": STACK,
        "StackId": f"arn:aws:cloudformation:us-east-1:{plans.ACCOUNT}:stack/{STACK}/first",
        "StackStatus": "ROLLBACK_COMPLETE",
        "Events": [
            {
                "LogicalResourceId": "RemediationDocument",
                "ResourceStatus": "CREATE_FAILED",
                "ResourceStatusReason": "Document with name ReplaceDeprecatedEC2RoleforSSM already exists",
            }
        ],
    }
    stand = stand_in(moto, workdir, "rollback-complete", {"config": recorder(ALL_WITH_GLOBAL), "stacks": {STACK: failed}})
    done = run(stand, script)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = [c[1] for c in stand.calls() if c[0] == "cloudformation"]
    assert calls.index("delete-stack") < calls.index("create-stack"), calls
    assert "update-stack" not in calls, calls
    stack = stand.state()["stacks"][STACK]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["TemplateBody"].rstrip("\n") == template.rstrip("\n")
    assert "already exists" in done.stderr + done.stdout, "the reason of the failed create is not shown"


def test_an_evaluation_already_running_is_reported_and_the_script_succeeds(generated, moto, workdir):
    plan, script, template = generated
    deployed = {
        "StackName": STACK,
        "StackId": f"arn:aws:cloudformation:us-east-1:{plans.ACCOUNT}:stack/{STACK}/1",
        "StackStatus": "UPDATE_COMPLETE",
        "TemplateBody": template,
        "Parameters": parameters(plan),
    }
    config = recorder(ALL_WITH_GLOBAL)
    config["rules"] = {name: {"evaluating": True} for name in ("Iam-Roles-Deprecated-AmazonEC2RoleforSSM", "Iam-UsersGroups-Deprecated-AmazonEC2RoleforSSM")}
    stand = stand_in(moto, workdir, "evaluating", {"config": config, "stacks": {STACK: deployed}})
    done = run(stand, script)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "already running" in done.stdout, done.stdout

    for rule in config["rules"].values():
        rule["evaluating"] = False
    stand.update(config=config)
    done = run(stand, script)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "evaluation started" in done.stdout, done.stdout


def test_a_changed_remediation_document_updates_in_place(generated, moto, workdir):
    """The document has a fixed name, so CloudFormation can only update it in place, which
    needs UpdateMethod NewVersion; the stand-in fails the update otherwise, as AWS does."""
    plan, script, template = generated
    doc = cfn.load(template)["Resources"]["RemediationDocument"]["Properties"]
    assert "Name" in doc
    stand = stand_in(moto, workdir, "new-version", {"config": recorder(ALL_WITH_GLOBAL)})
    assert run(stand, script).returncode == 0
    # A later planner that changes the remediation script, deployed over this stack.
    changed = workdir / "audit-script-changed.sh"
    text = script.read_text()
    marker = "    iam = boto3.client('iam')"
    assert marker in text
    changed.write_text(text.replace(marker, marker + "  # changed"))
    done = run(stand, changed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert stand.state()["stacks"][STACK]["StackStatus"] == "UPDATE_COMPLETE"


def test_a_stack_waiting_for_its_change_set_is_explained_and_left_alone(generated, moto, workdir):
    """A stack a change set created waits in REVIEW_IN_PROGRESS until the change set is
    executed or deleted; it does not finish by waiting:
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html"""
    _, script, _ = generated
    waiting = {"StackName": STACK, "StackId": "x", "StackStatus": "REVIEW_IN_PROGRESS"}
    stand = stand_in(moto, workdir, "review", {"config": recorder(ALL_WITH_GLOBAL), "stacks": {STACK: waiting}})
    done = run(stand, script)
    assert done.returncode != 0
    assert "change set" in done.stderr and "run this script again when" not in done.stderr, done.stderr
    assert [c for c in stand.calls() if c[0] == "cloudformation" and c[1] != "describe-stacks"] == []


def test_a_stack_in_a_state_it_cannot_repair_is_left_alone(generated, moto, workdir):
    _, script, _ = generated
    stuck = {"StackName": STACK, "StackId": "x", "StackStatus": "UPDATE_ROLLBACK_FAILED"}
    stand = stand_in(moto, workdir, "stuck", {"config": recorder(ALL_WITH_GLOBAL), "stacks": {STACK: stuck}})
    done = run(stand, script)
    assert done.returncode != 0
    assert "UPDATE_ROLLBACK_FAILED" in done.stderr, done.stderr
    assert [c for c in stand.calls() if c[0] == "cloudformation" and c[1] != "describe-stacks"] == []
