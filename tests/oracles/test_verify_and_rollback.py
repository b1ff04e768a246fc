"""Step 5 (verify) and the rollback, run unchanged with bash: the rollback against moto, which
models attachments and role tags as IAM does; verify with the `aws` stand-in answering
describe-instance-information, which moto does not serve."""

import mock_aws
import plans
import report
import standin
from test_scripts import OLD_NAME, aws_managed_arn, create_role, ok, run_script, state

RECORD = "ssm-policy-planner:"


def record_tags(iam, role):
    return [t for t in iam.list_role_tags(RoleName=role)["Tags"] if t["Key"].startswith(RECORD)]


def files(plan, out):
    return {o: out / v["file"] for o, v in plan["outputs"].items() if v["status"] == "ready"}


def test_rollback_restores_each_role_as_it_was_before_step_3(moto, workdir):
    """Only what step 3 attached goes, the old policy comes back only where step 3 detached it,
    and a policy a role had before the move stays. A second run changes nothing."""
    moto.reset()
    out = workdir / "rollback"
    selection = {**plans.SCENARIOS["everything-aws-custom-vss"], "role-names": ["plain", "had-core", "without-old"]}
    plan = plans.write_all(selection, out)
    script = files(plan, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    to_add = plan["policies-to-add"]
    core = next(a for a in to_add if a.endswith("/AmazonSSMManagedInstanceCore"))
    create_role(aws, "plain", [old])
    create_role(aws, "had-core", [old, core])
    create_role(aws, "without-old", [core])
    create_role(aws, "not-listed", [old])
    ok(run_script(aws, script["cli-define"]), "define")
    before = state(iam)

    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    ok(run_script(aws, script["cli-update-roles"]), "update roles, second run")
    moved = state(iam)
    for role in selection["role-names"]:
        assert moved["roles"][role] == sorted(to_add), role
    # The record lives on the role, so a rollback run elsewhere reads the same thing.
    assert {t["Value"] for t in record_tags(iam, "had-core")} == set(to_add) - {core} | {old}
    assert {t["Value"] for t in record_tags(iam, "without-old")} == set(to_add) - {core}

    done = run_script(aws, script["cli-rollback"])
    ok(done, "rollback")
    assert state(iam) == before, done.stdout
    for role in [*selection["role-names"], "not-listed"]:
        assert record_tags(iam, role) == [], role
    report.add("roles checked", 4)

    ok(run_script(aws, script["cli-rollback"]), "rollback, second run")
    assert state(iam) == before, "a second rollback changed something"

    ok(run_script(aws, script["cli-update-roles"]), "update roles after the rollback")
    assert state(iam) == moved


def test_rollback_finds_the_roles_step_3_discovered(moto, workdir):
    moto.reset()
    out = workdir / "rollback-discovered"
    plan = plans.write_all(plans.SCENARIOS["page-default-aws-discovered"], out)
    script = files(plan, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    core = next(a for a in plan["policies-to-add"] if a.endswith("/AmazonSSMManagedInstanceCore"))
    create_role(aws, "fleet-a", [old])
    create_role(aws, "fleet-b", [old, core])
    create_role(aws, "elsewhere", [core])
    before = state(iam)
    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    assert state(iam)["roles"]["fleet-a"] == sorted(plan["policies-to-add"])
    ok(run_script(aws, script["cli-rollback"]), "rollback")
    assert state(iam) == before
    report.add("roles checked", 3)


def test_rollback_keeps_the_new_policies_when_the_old_one_cannot_come_back(moto, workdir):
    """Re-attach before detach: a role with no room for the old policy keeps the new ones."""
    import json

    moto.reset()
    out = workdir / "rollback-quota"
    selection = {"features": ["core"], "partition": "aws", "role-names": ["full"]}
    plan = plans.write_all(selection, out)
    script = files(plan, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    create_role(aws, "full", [old])
    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]})
    for i in range(9):
        arn = iam.create_policy(PolicyName=f"Filler{i}", PolicyDocument=document)["Policy"]["Arn"]
        iam.attach_role_policy(RoleName="full", PolicyArn=arn)
    before = state(iam)
    done = run_script(aws, script["cli-rollback"])
    assert done.returncode != 0, done.stdout
    assert "full" in done.stderr, done.stderr
    assert state(iam) == before
    assert record_tags(iam, "full") != [], "the record went although the role was not restored"


NODES = [
    {"InstanceId": "i-0123456789abcdef0", "PingStatus": "Online", "AgentVersion": "3.3.1142.0", "PlatformType": "Linux"},
    {"InstanceId": "i-0fedcba9876543210", "PingStatus": "ConnectionLost", "AgentVersion": "2.3.68.0", "PlatformType": "Windows"},
    {"InstanceId": "mi-0aaaabbbbccccdddd", "PingStatus": "Inactive", "AgentVersion": "3.1.1004.0", "PlatformType": "Linux"},
]


def test_verify_compares_roles_with_the_plan_and_lists_nodes_not_online(moto, workdir):
    moto.reset()
    out = workdir / "verify"
    plan = plans.write_all(plans.SCENARIOS["everything-aws-custom-vss"], out)
    script = files(plan, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    for role in plan["roles"]:
        create_role(aws, role, [old])
    stand = standin.StandIn(aws, workdir, "verify", {"instances": NODES})

    done = stand.bash(script["cli-verify"])
    assert done.returncode != 0, done.stdout
    for role in plan["roles"]:
        assert role in done.stderr, done.stderr

    ok(run_script(aws, script["cli-define"]), "define")
    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    done = stand.bash(script["cli-verify"])
    ok(done, "verify after the update")
    assert "i-0fedcba9876543210" in done.stdout and "2.3.68.0" in done.stdout, done.stdout
    assert "mi-0aaaabbbbccccdddd" in done.stdout and "Inactive" in done.stdout, done.stdout
    assert "i-0123456789abcdef0" not in done.stdout, done.stdout

    core = next(a for a in plan["policies-to-add"] if a.endswith("/AmazonSSMManagedInstanceCore"))
    broken = plan["roles"][0]
    iam.detach_role_policy(RoleName=broken, PolicyArn=core)
    done = stand.bash(script["cli-verify"])
    assert done.returncode != 0, done.stdout
    assert broken in done.stderr and core in done.stderr, done.stderr
    assert plan["roles"][1] not in done.stderr, done.stderr
    report.add("roles checked", 2)


def test_verify_finds_the_roles_step_3_changed_and_those_it_has_not_reached(moto, workdir):
    moto.reset()
    out = workdir / "verify-discovered"
    plan = plans.write_all(plans.SCENARIOS["page-default-aws-discovered"], out)
    script = files(plan, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    old = aws_managed_arn(aws, OLD_NAME)
    create_role(aws, "fleet-a", [old])
    stand = standin.StandIn(aws, workdir, "verify-discovered", {"instances": NODES[:1]})
    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    create_role(aws, "late-comer", [old])
    done = stand.bash(script["cli-verify"])
    assert done.returncode != 0, done.stdout
    assert "late-comer" in done.stderr and "fleet-a" in done.stdout, done.stdout + done.stderr
    aws.cli("iam", "detach-role-policy", "--role-name", "late-comer", "--policy-arn", old)
    aws.cli("iam", "delete-role", "--role-name", "late-comer")
    ok(stand.bash(script["cli-verify"]), "verify once every role is moved")
