"""The hybrid script, run unchanged with bash against moto in each partition after step 1: the
activations' service role ends with the plan's set and the AWS-owned buckets policy, without
the old policy, and with the planned trust policy; a second run changes nothing; a missing
role changes nothing at all."""

import json

import pytest

import mock_aws
import plans
from test_scripts import OLD_NAME, aws_managed_arn, ok, run_script, state

ROLE = "OnPremSsmRole"
SSM_PRINCIPAL = {"aws": "ssm.amazonaws.com", "aws-cn": "ssm.amazonaws.com.cn", "aws-us-gov": "ssm.amazonaws.com"}


def trust(*services):
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": list(services)}, "Action": "sts:AssumeRole"}]}
    )


def create_role(aws, name, policies, services=("ssm.amazonaws.com",)):
    """A role as the set-up guide makes it: trusted by Systems Manager."""
    aws.cli("iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust(*services))
    for arn in policies:
        aws.cli("iam", "attach-role-policy", "--role-name", name, "--policy-arn", arn)


def hybrid_plan(partition, out):
    selection = {
        "features": ["core", "session-manager"],
        "partition": partition,
        "account-id": plans.ACCOUNT,
        "regions": plans.REGION[partition],
        "hybrid": "on",
        "hybrid-role-name": ROLE,
    }
    plan = plans.write_all(selection, out)
    files = {o: out / v["file"] for o, v in plan["outputs"].items() if v["status"] == "ready"}
    assert {"cli-define", "cli-hybrid", "hybrid-service-role"} <= set(files)
    return plan, files


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_hybrid_moves_the_service_role_and_a_second_run_changes_nothing(partition, moto, workdir):
    moto.reset()
    plan, files = hybrid_plan(partition, workdir / f"hybrid-{partition}")
    aws = mock_aws.Aws(moto, partition, workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    create_role(aws, ROLE, [old], services=(SSM_PRINCIPAL[partition],))
    ok(run_script(aws, files["cli-define"]), "define")
    ok(run_script(aws, files["cli-hybrid"]), "hybrid")

    trust_file = json.loads(files["hybrid-service-role"].read_text())
    role = iam.get_role(RoleName=ROLE)["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust == trust_file
    condition = trust["Statement"][0]["Condition"]
    assert condition["StringEquals"]["aws:SourceAccount"] == plans.ACCOUNT
    attached = sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"])
    buckets = f"arn:{partition}:iam::{plans.ACCOUNT}:policy/SSMInstanceAwsOwnedBuckets"
    assert attached == sorted([*plan["policies-to-add"], buckets])
    assert old not in attached

    moved = state(iam)
    again = run_script(aws, files["cli-hybrid"])
    ok(again, "hybrid, second run")
    assert f"{ROLE}: already as planned" in again.stdout
    assert state(iam) == moved


def test_hybrid_before_define_or_without_the_role_changes_nothing(moto, workdir):
    moto.reset()
    _, files = hybrid_plan("aws", workdir / "hybrid-missing")
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    done = run_script(aws, files["cli-hybrid"])
    assert done.returncode != 0
    assert f"role does not exist: {ROLE}" in done.stderr
    assert "policy does not exist" in done.stderr, "step 1 not run: the buckets policy is missing"

    create_role(aws, ROLE, [old])
    before = state(iam)
    trust_before = iam.get_role(RoleName=ROLE)["Role"]["AssumeRolePolicyDocument"]
    done = run_script(aws, files["cli-hybrid"])
    assert done.returncode != 0
    assert state(iam) == before
    assert iam.get_role(RoleName=ROLE)["Role"]["AssumeRolePolicyDocument"] == trust_before


def test_hybrid_refuses_a_role_that_others_may_assume_and_changes_nothing(moto, workdir):
    """Its trust policy is replaced as a whole: a role an EC2 instance also assumes would lose that."""
    moto.reset()
    _, files = hybrid_plan("aws", workdir / "hybrid-shared")
    aws = mock_aws.Aws(moto, "aws", workdir)
    iam = aws.iam()
    old = aws_managed_arn(aws, OLD_NAME)
    create_role(aws, ROLE, [old], services=("ssm.amazonaws.com", "ec2.amazonaws.com"))
    ok(run_script(aws, files["cli-define"]), "define")
    before = state(iam)
    trust_before = iam.get_role(RoleName=ROLE)["Role"]["AssumeRolePolicyDocument"]
    done = run_script(aws, files["cli-hybrid"])
    assert done.returncode != 0
    assert "may also be assumed by:\n  ec2.amazonaws.com" in done.stderr
    assert state(iam) == before
    assert iam.get_role(RoleName=ROLE)["Role"]["AssumeRolePolicyDocument"] == trust_before
    assert not iam.list_role_tags(RoleName=ROLE)["Tags"], "no record either"
