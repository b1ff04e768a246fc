
# The static part of the organization script. Expects, set above: home_region, regions and
# ou_ids (arrays), policies_stack_set and policies_template (a file; empty when the plan has
# no customer managed policy), audit_stack_set and audit_template (a file), parameters
# (array), aggregator_name, aggregator_role, aggregator_role_path, aggregator_trust,
# aggregator_policy, aggregator_regions (JSON list).
#
# Run it with the management account's credentials, or a delegated administrator's for
# StackSets and AWS Config. Safe to run again: StackSets and the aggregator are updated in
# place, and deploying to units already deployed to changes nothing.

err=$(mktemp)
trap 'rm -f "$err" "$audit_template" ${policies_template:+"$policies_template"}' EXIT

# cfn OPERATION [OPTION...]: a CloudFormation call in the home Region.
cfn() {
  local operation="$1"
  shift
  aws cloudformation "$operation" --region "$home_region" "$@"
}

# 1. The organization, and trusted access between StackSets and AWS Organizations.
if ! org=$(aws organizations describe-organization --query Organization.Id --output text 2>"$err"); then
  cat "$err" >&2
  echo "no organization could be read: run this with the management account's credentials, or a delegated administrator's" >&2
  exit 1
fi
cfn activate-organizations-access
echo "organization $org: StackSets trusted access is on"
targets="OrganizationalUnitIds=$(IFS=,; echo "${ou_ids[*]}")"

# wait_for STACK_SET OPERATION: waits for a StackSet operation to end; fails unless it succeeded.
wait_for() {
  local status
  while :; do
    status=$(cfn describe-stack-set-operation --stack-set-name "$1" --operation-id "$2" \
      --query StackSetOperation.Status --output text) || return 1
    case "$status" in
      SUCCEEDED) return 0 ;;
      FAILED | STOPPED)
        echo "StackSet $1: operation $2 ended $status; its results:" >&2
        echo "  aws cloudformation list-stack-set-operation-results --region $home_region --stack-set-name $1 --operation-id $2" >&2
        return 1
        ;;
      *) sleep 10 ;;
    esac
  done
}

# deploy STACK_SET TEMPLATE [OPTION...]: creates the StackSet, or brings its template and
# options up to date, then deploys it to every account of the units in the home Region (the
# stacks hold IAM and global-resource rules, which belong in one Region). Accounts that join
# the units later get it too; accounts that leave lose it.
deploy() {
  local name="$1" template="$2" op
  shift 2
  local options=(--template-body "file://$template" --capabilities CAPABILITY_NAMED_IAM
    --permission-model SERVICE_MANAGED
    --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false "$@")
  if cfn describe-stack-set --stack-set-name "$name" >/dev/null 2>"$err"; then
    op=$(cfn update-stack-set --stack-set-name "$name" "${options[@]}" \
      --query OperationId --output text) || return 1
    wait_for "$name" "$op" || return 1
    echo "StackSet $name: brought up to date"
  elif grep -q 'StackSetNotFoundException' "$err"; then
    cfn create-stack-set --stack-set-name "$name" "${options[@]}" >/dev/null || return 1
    echo "StackSet $name: created"
  else
    cat "$err" >&2
    return 1
  fi
  op=$(cfn create-stack-instances --stack-set-name "$name" --deployment-targets "$targets" \
    --regions "$home_region" --query OperationId --output text) || return 1
  wait_for "$name" "$op" || return 1
  echo "StackSet $name: in every account of ${ou_ids[*]}, Region $home_region"
}

# 2. The customer managed policies first: the audit stack's remediation attaches them.
if [ -n "$policies_template" ]; then
  deploy "$policies_stack_set" "$policies_template"
fi
# 3. The audit and remediation stack.
deploy "$audit_stack_set" "$audit_template" --parameters "${parameters[@]}"

# 4. An aggregator in this account that sees every account's compliance, through a role that
# lets AWS Config read the organization.
if role_arn=$(aws iam get-role --role-name "$aggregator_role" --query Role.Arn --output text 2>"$err"); then
  echo "role $aggregator_role: exists"
elif grep -q '(NoSuchEntity)' "$err"; then
  role_arn=$(aws iam create-role --role-name "$aggregator_role" --path "$aggregator_role_path" \
    --assume-role-policy-document "$aggregator_trust" --query Role.Arn --output text)
  echo "role $aggregator_role: created"
else
  cat "$err" >&2
  exit 1
fi
attached=$(aws iam list-attached-role-policies --role-name "$aggregator_role" \
  --query 'AttachedPolicies[].[PolicyArn]' --output text)
if ! printf '%s\n' "$attached" | grep -qxF -- "$aggregator_policy"; then
  aws iam attach-role-policy --role-name "$aggregator_role" --policy-arn "$aggregator_policy"
  echo "role $aggregator_role: attached $aggregator_policy"
fi
aws configservice put-configuration-aggregator --region "$home_region" \
  --configuration-aggregator-name "$aggregator_name" \
  --organization-aggregation-source "{\"RoleArn\":\"$role_arn\",\"AwsRegions\":$aggregator_regions}" >/dev/null
echo "aggregator $aggregator_name: collects from ${regions[*]}"

cat <<EOT

How remediation runs: in each account, the audit stack's rule flags every role that still has
the old policy, and remediating a role (AWS Config console, or start-remediation-execution in
that account) attaches the planned policies before it detaches the old one. The management
account gets no stack from a StackSet: move its roles with the runbook. Compliance across the
organization:
  aws configservice describe-aggregate-compliance-by-config-rules --region $home_region --configuration-aggregator-name $aggregator_name
EOT
