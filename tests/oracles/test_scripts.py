"""The generated AWS CLI scripts, run unchanged with bash against moto, as a user would run
them against their account: define the custom policies, find what carries the old policy,
update the roles; then again, to see that a second run changes nothing."""

import json

import pytest

import iamcheck
import mock_aws
import plans
import report
import standin

OLD_NAME = "AmazonEC2RoleforSSM"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
USER = "ops-person"
GROUP = "ops-team"


def aws_managed_arn(aws, name):
    """The ARN moto's copy of AWS gives the managed policy `name` in this partition."""
    arns = aws.cli(
        "iam", "list-policies", "--scope", "AWS", "--query", f"Policies[?PolicyName=='{name}'].Arn", "--output", "text"
    ).split()
    assert len(arns) == 1, f"moto has {arns} for {name}"
    return arns[0]


def create_role(aws, name, policies):
    aws.cli("iam", "create-role", "--role-name", name, "--assume-role-policy-document", TRUST)
    for arn in policies:
        aws.cli("iam", "attach-role-policy", "--role-name", name, "--policy-arn", arn)


def create_user_and_group(aws, old):
    aws.cli("iam", "create-user", "--user-name", USER)
    aws.cli("iam", "attach-user-policy", "--user-name", USER, "--policy-arn", old)
    aws.cli("iam", "create-group", "--group-name", GROUP)
    aws.cli("iam", "attach-group-policy", "--group-name", GROUP, "--policy-arn", old)


def state(iam):
    """Everything the scripts could change: attached policies of every role, user and group,
    and the customer managed policies with their versions."""
    roles = {
        r["RoleName"]: sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=r["RoleName"])["AttachedPolicies"])
        for r in iam.list_roles()["Roles"]
    }
    users = {
        u["UserName"]: sorted(p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=u["UserName"])["AttachedPolicies"])
        for u in iam.list_users()["Users"]
    }
    groups = {
        g["GroupName"]: sorted(p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=g["GroupName"])["AttachedPolicies"])
        for g in iam.list_groups()["Groups"]
    }
    local = {}
    for p in iam.list_policies(Scope="Local")["Policies"]:
        versions = iam.list_policy_versions(PolicyArn=p["Arn"])["Versions"]
        local[p["Arn"]] = (p["DefaultVersionId"], sorted(v["VersionId"] for v in versions))
    return {"roles": roles, "users": users, "groups": groups, "policies": local}


def run_script(aws, path, extra_env=None):
    done = aws.bash(path, extra_env)
    report.add("scripts run against moto")
    return done


def ok(done, what):
    assert done.returncode == 0, f"{what} exited {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"


@pytest.mark.parametrize("name", list(plans.SCENARIOS))
def test_scripts_move_the_roles_and_a_second_run_changes_nothing(name, moto, workdir):
    moto.reset()
    out = workdir / f"scenario-{name}"
    plan = plans.write_all(plans.SCENARIOS[name], out)
    partition = plan["partition"]
    aws = mock_aws.Aws(moto, partition, workdir)
    iam = aws.iam()
    script = {o: out / v["file"] for o, v in plan["outputs"].items() if v["status"] == "ready"}

    old = aws_managed_arn(aws, OLD_NAME)
    assert plan["policy-to-remove"] == old, "the plan removes a policy AWS does not have"
    to_add = plan["policies-to-add"]
    assert old not in to_add

    targets = plan["roles"] or plans.DISCOVERED_ROLES
    others = {"not-listed": [old]} if plan["roles"] else {}
    others["no-old-policy"] = []
    for role in targets:
        create_role(aws, role, [old])
    for role, policies in others.items():
        create_role(aws, role, policies)
    create_user_and_group(aws, old)
    role_arn = iam.get_role(RoleName=targets[0])["Role"]["Arn"]
    assert role_arn == f"arn:{partition}:iam::{plans.ACCOUNT}:role/{targets[0]}", "moto ignored the partition"
    report.notes.append(
        f"moto serves {partition} in {aws.region}: role {role_arn}, AWS managed {old}"
    )

    if "cli-define" in script:
        ok(run_script(aws, script["cli-define"]), "define")
        for custom in plan["custom-policies"]:
            policy = iam.get_policy(PolicyArn=custom["arn"])["Policy"]
            assert policy["PolicyName"] == custom["name"]
            assert policy["Description"] == custom["description"]
            stored = iam.get_policy_version(PolicyArn=custom["arn"], VersionId=policy["DefaultVersionId"])
            differences = iamcheck.statement_differences(
                custom["name"], custom["document"], stored["PolicyVersion"]["Document"]
            )
            assert differences == [], "\n".join(differences)
    else:
        assert plan["custom-policies"] == []

    # moto ignores find's --policy-usage-filter: the stand-in answers that call as IAM does.
    find = standin.StandIn(aws, workdir, f"find-{name}")
    carriers = [f"role\t{r}" for r in [*targets, *[r for r, p in others.items() if old in p]]]
    found = find.bash(script["cli-find"])
    ok(found, "find")
    assert sorted(found.stdout.splitlines()) == sorted([*carriers, f"user\t{USER}", f"group\t{GROUP}"])

    before = state(iam)
    ok(run_script(aws, script["cli-update-roles"]), "update roles")
    after = state(iam)
    for role in targets:
        assert after["roles"][role] == sorted(to_add), role
        report.add("roles checked")
    for role in others:
        assert after["roles"][role] == before["roles"][role], f"{role} should not change"
        report.add("roles checked")
    assert after["users"] == before["users"] == {USER: [old]}
    assert after["groups"] == before["groups"] == {GROUP: [old]}
    report.add("users and groups checked untouched", 2)

    if "cli-define" in script:
        ok(run_script(aws, script["cli-define"]), "define, second run")
    ok(run_script(aws, script["cli-update-roles"]), "update roles, second run")
    assert state(iam) == after, "a second run changed something"

    found = find.bash(script["cli-find"])
    ok(found, "find, after the update")
    remaining = [c for c in carriers if c.split("\t")[1] in others]
    assert sorted(found.stdout.splitlines()) == sorted([*remaining, f"user\t{USER}", f"group\t{GROUP}"])


def test_a_role_without_room_for_old_and_new_is_reported_and_left_unchanged(moto, workdir):
    moto.reset()
    selection = {"features": ["core", "domain-join"], "partition": "aws"}
    out = workdir / "quota"
    plan = plans.write_all(selection, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    to_add = plan["policies-to-add"]
    assert len(to_add) == 2
    fillers = []
    for i in range(9):
        name = f"Filler{i}"
        document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]})
        aws.cli("iam", "create-policy", "--policy-name", name, "--policy-document", document)
        fillers.append(f"arn:aws:iam::{plans.ACCOUNT}:policy/{name}")
    # 9 others + old = 10: adding 2 before detaching would need 12.
    create_role(aws, "quota-full", [*fillers, old])
    # 7 others + old + 2 new = 10: fits the default quota exactly.
    create_role(aws, "quota-fits", [*fillers[:7], old])
    create_role(aws, "plain", [old])
    update = out / plan["outputs"]["cli-update-roles"]["file"]

    done = run_script(aws, update)
    assert done.returncode != 0, done.stdout
    assert "quota-full: not changed" in done.stderr, done.stderr
    roles = state(iam)["roles"]
    assert roles["quota-full"] == sorted([*fillers, old])
    assert roles["quota-fits"] == sorted([*fillers[:7], *to_add])
    assert roles["plain"] == sorted(to_add)
    report.add("roles checked", 3)

    done = run_script(aws, update, {"MANAGED_POLICIES_PER_ROLE": "12"})
    ok(done, "update roles with a raised quota")
    assert state(iam)["roles"]["quota-full"] == sorted([*fillers, *to_add])
    report.add("roles checked")


def test_update_before_define_keeps_the_old_policy_and_a_rerun_recovers(moto, workdir):
    """Attach before detach: when an attach fails (here the custom policies do not exist yet),
    the role must still hold the old policy, so the instance keeps working; running the steps
    in order afterwards completes the move."""
    moto.reset()
    name = "everything-aws-custom-vss"
    out = workdir / "out-of-order"
    plan = plans.write_all(plans.SCENARIOS[name], out)
    aws = mock_aws.Aws(moto, plan["partition"], workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    for role in plan["roles"]:
        create_role(aws, role, [old])
    update = out / plan["outputs"]["cli-update-roles"]["file"]

    done = run_script(aws, update)
    assert done.returncode != 0, "attaching a policy that does not exist should fail the script"
    for role in plan["roles"]:
        assert old in state(iam)["roles"][role], f"{role} lost the old policy before it had the new ones\n{done.stdout}{done.stderr}"
        report.add("roles checked")

    ok(run_script(aws, out / plan["outputs"]["cli-define"]["file"]), "define")
    ok(run_script(aws, update), "update roles after define")
    for role in plan["roles"]:
        assert state(iam)["roles"][role] == sorted(plan["policies-to-add"]), role
        report.add("roles checked")


def default_document(iam, arn):
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    return iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]


def versions(iam, arn):
    """(default version, every version) of a customer managed policy."""
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    default = next(v["VersionId"] for v in listed if v["IsDefaultVersion"])
    return default, sorted((v["VersionId"] for v in listed), key=lambda v: int(v[1:]))


def test_define_brings_a_changed_policy_up_to_date_within_the_version_limit(moto, workdir):
    """A changed bucket must reach the policy step 3 attaches, even when the policy already
    has the 5 versions IAM allows (moto enforces that limit as IAM does)."""
    moto.reset()
    first = {"features": ["core", "s3-output"], "partition": "aws", "account-id": plans.ACCOUNT, "bucket": "ssm-output-first"}
    second = {**first, "bucket": "ssm-output-second", "bucket-prefix": "moved"}
    plan1 = plans.write_all(first, workdir / "define-first")
    plan2 = plans.write_all(second, workdir / "define-second")
    define1 = workdir / "define-first" / plan1["outputs"]["cli-define"]["file"]
    define2 = workdir / "define-second" / plan2["outputs"]["cli-define"]["file"]
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    (custom1,) = plan1["custom-policies"]
    (custom2,) = plan2["custom-policies"]
    arn = custom1["arn"]
    assert custom2["arn"] == arn and custom1["document"] != custom2["document"]

    ok(run_script(aws, define1), "define")
    assert versions(iam, arn) == ("v1", ["v1"])
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(custom1["document"]))
    assert versions(iam, arn) == ("v1", ["v1", "v2", "v3", "v4", "v5"])

    done = run_script(aws, define2)
    ok(done, "define with a changed bucket")
    assert iamcheck.statement_differences(arn, custom2["document"], default_document(iam, arn)) == [], done.stdout
    # The oldest version that is not the default made room for the new default.
    assert versions(iam, arn) == ("v6", ["v1", "v3", "v4", "v5", "v6"])

    unchanged = state(iam)
    ok(run_script(aws, define2), "define, unchanged input")
    assert state(iam) == unchanged, "an unchanged plan changed the policy"

    ok(run_script(aws, define1), "define, back to the first bucket")
    assert iamcheck.statement_differences(arn, custom1["document"], default_document(iam, arn)) == []
    assert versions(iam, arn) == ("v7", ["v3", "v4", "v5", "v6", "v7"])


def test_define_refuses_a_plan_for_another_account(moto, workdir):
    """The policies must be created at the ARNs step 3 attaches; credentials for another
    account would create them where no role looks."""
    moto.reset()
    selection = {"features": ["core", "s3-output"], "partition": "aws", "account-id": "999988887777", "bucket": "ssm-output"}
    out = workdir / "define-other-account"
    plan = plans.write_all(selection, out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    done = run_script(aws, out / plan["outputs"]["cli-define"]["file"])
    assert done.returncode != 0, done.stdout
    assert "999988887777" in done.stderr and plans.ACCOUNT in done.stderr, done.stderr
    assert state(aws.iam())["policies"] == {}, "a policy was created in the credentials' account"


def test_update_changes_no_role_while_a_policy_or_a_role_is_missing(moto, workdir):
    """Check first, then change: a missing policy (step 1 not run) or a misspelt role name
    stops the script before it touches any role, and the message names what is missing."""
    moto.reset()
    name = "everything-aws-custom-vss"
    out = workdir / "check-first"
    plan = plans.write_all(plans.SCENARIOS[name], out)
    aws = mock_aws.Aws(moto, plan["partition"], workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    for role in plan["roles"]:
        create_role(aws, role, [old])
    update = out / plan["outputs"]["cli-update-roles"]["file"]

    before = state(iam)
    done = run_script(aws, update)
    assert done.returncode != 0, done.stdout
    assert state(iam) == before, f"a role changed although policies are missing\n{done.stdout}"
    for custom in plan["custom-policies"]:
        assert custom["arn"] in done.stderr, done.stderr
    report.add("roles checked", len(plan["roles"]))

    ok(run_script(aws, out / plan["outputs"]["cli-define"]["file"]), "define")
    misspelt = {**plans.SCENARIOS[name], "role-names": [*plan["roles"], "app-typo"]}
    out2 = workdir / "check-first-role"
    plan2 = plans.write_all(misspelt, out2)
    before = state(iam)
    done = run_script(aws, out2 / plan2["outputs"]["cli-update-roles"]["file"])
    assert done.returncode != 0, done.stdout
    assert "app-typo" in done.stderr, done.stderr
    assert state(iam) == before, f"a role changed although a listed role is missing\n{done.stdout}"
    report.add("roles checked", len(plan["roles"]))


def test_find_and_update_leave_roles_that_use_the_old_policy_only_as_a_boundary(moto, workdir):
    """IAM lists permissions-boundary use with permissions-policy use unless asked for one of
    them; moto ignores that filter, so the stand-in answers as IAM documents it:
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
    (PolicyUsageFilter)."""
    moto.reset()
    out = workdir / "boundary"
    plan = plans.write_all(plans.SCENARIOS["page-default-aws-discovered"], out)
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    create_role(aws, "carrier", [old])
    aws.cli("iam", "create-role", "--role-name", "bounded", "--assume-role-policy-document", TRUST, "--permissions-boundary", old)
    aws.cli("iam", "create-user", "--user-name", "bounded-person")
    stand = standin.StandIn(aws, workdir, "boundary", {"user_boundaries": {old: ["bounded-person"]}})

    found = stand.bash(out / plan["outputs"]["cli-find"]["file"])
    ok(found, "find")
    assert sorted(found.stdout.splitlines()) == ["role\tcarrier", "role-boundary\tbounded", "user-boundary\tbounded-person"]
    assert "review" in found.stderr and "boundary" in found.stderr, found.stderr

    done = stand.bash(out / plan["outputs"]["cli-update-roles"]["file"])
    ok(done, "update roles")
    roles = state(iam)["roles"]
    assert roles["carrier"] == sorted(plan["policies-to-add"])
    assert roles["bounded"] == [], f"a boundary-only role was changed\n{done.stdout}"
    assert iam.get_role(RoleName="bounded")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == old
    report.add("roles checked", 2)
