"""The Default Host Management script, run unchanged with bash in each partition: the role and
its policy against moto, the service setting with the `aws` stand-in (moto has no service
settings; the stand-in answers as GetServiceSetting and UpdateServiceSetting document it)."""

import json

import pytest

import mock_aws
import plans
import standin
from test_scripts import aws_managed_arn, ok

ROLE = "AWSSystemsManagerDefaultEC2InstanceManagementRole"
SETTING = "/ssm/managed-instance/default-ec2-instance-management-role"
VALUE = f"service-role/{ROLE}"
REGIONS = {
    "aws": ["us-east-1", "eu-west-1"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
    "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
}
CHANGES = {("iam", "create-role"), ("iam", "attach-role-policy"), ("ssm", "update-service-setting")}


def dhmc_script(partition, out):
    selection = {
        "features": ["core", "session-manager", "cloudwatch-agent"],
        "partition": partition,
        "target": "dhmc",
        "regions": "\n".join(REGIONS[partition]),
    }
    plan = plans.write_all(selection, out)
    assert plan["outputs"]["cli-dhmc"]["status"] == "ready"
    return plan, out / plan["outputs"]["cli-dhmc"]["file"]


def settings(fake):
    return {region: values.get(SETTING) for region, values in fake.state().get("service_settings", {}).items()}


@pytest.mark.parametrize("partition", list(REGIONS))
def test_dhmc_creates_its_role_turns_the_setting_on_and_a_second_run_changes_nothing(partition, moto, workdir):
    moto.reset()
    plan, script = dhmc_script(partition, workdir / f"dhmc-{partition}")
    aws = mock_aws.Aws(moto, partition, workdir)
    fake = standin.StandIn(aws, workdir, f"dhmc-{partition}")
    iam = aws.iam()

    ok(fake.bash(script), "dhmc")
    role = iam.get_role(RoleName=ROLE)["Role"]
    assert role["Path"] == "/service-role/"
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust == plan["dhmc"]["trust-policy"]
    attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"]]
    assert attached == [aws_managed_arn(aws, "AmazonSSMManagedEC2InstanceDefaultPolicy")]
    assert settings(fake) == {region: VALUE for region in REGIONS[partition]}

    fake.update(calls=[])
    again = fake.bash(script)
    ok(again, "dhmc, second run")
    assert CHANGES.isdisjoint(fake.calls()), fake.calls()
    assert "already uses" in again.stdout


def test_dhmc_leaves_a_region_that_names_another_role_unless_told_to_replace_it(moto, workdir):
    moto.reset()
    _, script = dhmc_script("aws", workdir / "dhmc-takeover")
    aws = mock_aws.Aws(moto, "aws", workdir)
    fake = standin.StandIn(aws, workdir, "dhmc-takeover", {"service_settings": {"eu-west-1": {SETTING: "OldDhmcRole"}}})
    done = fake.bash(script)
    assert done.returncode != 0
    assert "eu-west-1: the setting names OldDhmcRole; set REPLACE_DHMC_ROLE=1 to replace it" in done.stderr
    assert CHANGES.isdisjoint(fake.calls()), "checked first: nothing changed, the role not created either"
    assert settings(fake) == {"us-east-1": None, "eu-west-1": "OldDhmcRole"}

    done = fake.bash(script, {"REPLACE_DHMC_ROLE": "1"})
    ok(done, "dhmc, told to replace")
    assert "eu-west-1: Default Host Management turned on" in done.stdout
    assert settings(fake) == {"us-east-1": VALUE, "eu-west-1": VALUE}


def test_dhmc_refuses_a_role_of_that_name_under_another_path_and_changes_nothing(moto, workdir):
    moto.reset()
    _, script = dhmc_script("aws-us-gov", workdir / "dhmc-path")
    aws = mock_aws.Aws(moto, "aws-us-gov", workdir)
    aws.cli(
        "iam", "create-role", "--role-name", ROLE, "--assume-role-policy-document",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )
    fake = standin.StandIn(aws, workdir, "dhmc-path")
    done = fake.bash(script)
    assert done.returncode != 0
    assert "role AWSSystemsManagerDefaultEC2InstanceManagementRole exists under path /, but the setting names it under /service-role/" in done.stderr
    assert CHANGES.isdisjoint(fake.calls()), fake.calls()
    assert aws.iam().list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"] == []


def test_dhmc_refuses_a_role_that_does_not_trust_systems_manager(moto, workdir):
    moto.reset()
    _, script = dhmc_script("aws", workdir / "dhmc-trust")
    aws = mock_aws.Aws(moto, "aws", workdir)
    aws.cli(
        "iam", "create-role", "--role-name", ROLE, "--path", "/service-role/", "--assume-role-policy-document",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )
    fake = standin.StandIn(aws, workdir, "dhmc-trust")
    done = fake.bash(script)
    assert done.returncode != 0
    assert "does not trust ssm.amazonaws.com" in done.stderr
    assert CHANGES.isdisjoint(fake.calls()), fake.calls()
