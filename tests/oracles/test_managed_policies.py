"""Our embedded copy of each AWS managed policy against moto's copy of AWS's, read through the
IAM API (get-policy, get-policy-version) in every partition."""

import pytest

import iamcheck
import mock_aws
import plans
import report


@pytest.mark.parametrize("partition", plans.PARTITIONS)
def test_embedded_managed_policies_equal_the_default_versions(moto, workdir, partition):
    iam = mock_aws.Aws(moto, partition, workdir).iam()
    differences = []
    for ours in plans.managed_policies(partition):
        name = ours["name"]
        try:
            policy = iam.get_policy(PolicyArn=ours["arn"])["Policy"]
        except iam.exceptions.NoSuchEntityException:
            differences.append(f"{name}: no policy {ours['arn']} in {partition}")
            continue
        report.add("managed policies compared with moto")
        if policy["Path"] != ours["path"]:
            differences.append(f"{name}: path {ours['path']} but AWS's is {policy['Path']}")
        if policy["DefaultVersionId"] != ours["version"]:
            differences.append(
                f"{name}: embedded {ours['version']} but the default version is {policy['DefaultVersionId']}"
            )
        if policy["UpdateDate"].date().isoformat() != ours["version-date"]:
            differences.append(
                f"{name}: version date {ours['version-date']} but AWS's is {policy['UpdateDate'].date()}"
            )
        version = iam.get_policy_version(PolicyArn=ours["arn"], VersionId=policy["DefaultVersionId"])
        theirs = version["PolicyVersion"]["Document"]
        differences += iamcheck.statement_differences(name, ours["document"], theirs)
    assert differences == [], "\n".join(differences)
