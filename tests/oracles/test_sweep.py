"""The sweep: every feature selection x partition x input variant, planned in one ssm-plan
process; every document generated goes through parliament, policy_sentry and the size limit."""

import json

import pytest

import iamcheck
import plans
import report

MAX_CHARS = 6144
REQUIRED_BUCKET = {"bucket": "bucket name is required for S3 command output"}


@pytest.fixture(scope="module")
def swept():
    selections = plans.sweep_selections()
    results = plans.batch([s for _, s in selections])
    report.add("plans swept", len(results))
    return [(label, selection, result) for (label, selection), result in zip(selections, results)]


def test_sweep_covers_every_selection(swept):
    assert len(swept) == 2**7 * 3 * 4 * 2
    assert {r["plan"]["partition"] for _, _, r in swept} == set(plans.PARTITIONS)


def test_only_a_missing_bucket_is_an_error(swept):
    for label, selection, result in swept:
        expected = REQUIRED_BUCKET if "s3-output" in selection["features"] and "bucket" not in selection else {}
        assert result["errors"] == expected, label


def test_every_arn_is_in_the_planned_partition(swept):
    for label, selection, result in swept:
        plan = result["plan"]
        prefix = f"arn:{selection['partition']}:"
        assert plan["policy-to-remove"] == f"{prefix}iam::aws:policy/service-role/AmazonEC2RoleforSSM", label
        for arn in plan["policies-to-add"] or []:
            assert arn.startswith(prefix), (label, arn)
        for custom in plan["custom-policies"] or []:
            for statement in custom["document"]["Statement"]:
                for resource in iamcheck.as_list(statement["Resource"]):
                    assert resource == "*" or resource.startswith(prefix), (label, resource)


def test_the_vpc_endpoint_route_plans_both_policies(swept):
    for label, selection, result in swept:
        plan = result["plan"]
        endpoint = selection.get("s3-route") == "vpc-endpoint"
        kinds = {c["output"] for c in (plan["custom-policies"] or [])}
        assert ("aws-buckets-policy" in kinds) == endpoint, label
        assert ("s3-endpoint-policy" in plan) == endpoint, label
        if endpoint:
            statements = plan["s3-endpoint-policy"]["Statement"]
            assert all(s["Principal"] == "*" for s in statements), label
            for region in selection["regions"].replace(",", "\n").split():
                arn = f"arn:{selection['partition']}:s3:::aws-ssm-{region.strip()}/*"
                assert any(arn in iamcheck.as_list(s["Resource"]) for s in statements), (label, arn)


def test_parliament_and_policy_sentry_pass_every_endpoint_policy(swept):
    unique = {}
    for label, _, result in swept:
        policy = result["plan"].get("s3-endpoint-policy")
        if policy:
            unique.setdefault(json.dumps(policy, sort_keys=True), (result["plan"]["partition"], label))
    assert unique
    failures = []
    for text, (partition, label) in unique.items():
        policy = json.loads(text)
        counted, _ = iamcheck.lint(policy, "resource")
        problems, _, _ = iamcheck.sentry_problems(policy, partition)
        report.add("endpoint policies linted by parliament and policy_sentry")
        if counted or problems:
            failures.append(f"{label}: parliament {counted}, policy_sentry {problems}")
    assert failures == [], "\n".join(failures)


def _documents(swept):
    """Unique documents: compact JSON -> (partition, first plan that generated it)."""
    unique = {}
    count = 0
    for label, _, result in swept:
        for custom in (result["plan"]["custom-policies"] or []):
            count += 1
            text = json.dumps(custom["document"], separators=(",", ":"), ensure_ascii=False)
            assert custom["size"] == len(text), label
            assert len(text) < MAX_CHARS, f"{label}: {custom['name']} is {len(text)} characters"
            unique.setdefault(text, (result["plan"]["partition"], label))
    return unique, count


def test_every_document_fits_the_size_limit(swept):
    unique, count = _documents(swept)
    report.add("documents checked for size", count)
    report.most("largest document (characters)", max(len(t) for t in unique))
    assert count > 0


def test_parliament_and_policy_sentry_pass_every_swept_document(swept):
    unique, _ = _documents(swept)
    failures = []
    for text, (partition, label) in unique.items():
        document = json.loads(text)
        counted, excused = iamcheck.lint(document)
        problems, excused, checked = iamcheck.sentry_problems(document, partition)
        report.add("documents linted by parliament")
        report.add("parliament findings", len(counted))
        report.add("parliament findings excused (documented false positives)", len(excused))
        report.add("documents checked against policy_sentry")
        report.add("actions checked against policy_sentry", checked)
        report.add("policy_sentry findings excused (allowances.py)", len(excused))
        failures += [f"{label}: parliament {c}" for c in counted]
        failures += [f"{label}: policy_sentry {p}" for p in problems]
    assert failures == [], "\n".join(failures)
