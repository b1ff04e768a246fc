
# The static part of the Default Host Management script. Expects, set above: role_name,
# role_path, policy_arn, trust_policy, ssm_principal, role_description, setting_id,
# setting_value, regions (array), min_agent_version.
#
# Checks everything first and changes nothing unless all is well; safe to run again: it
# creates only what is missing and turns the setting on only where it is off. A Region whose
# setting names another role is left alone unless REPLACE_DHMC_ROLE=1 is set: that role may
# carry policies the instances there rely on.

err=$(mktemp)
trap 'rm -f "$err"' EXIT
problems=""
problem() {
  problems="$problems  $*"$'\n'
}

# 1. Checks: the policy, the role if it exists, the setting in each Region.
if ! aws iam get-policy --policy-arn "$policy_arn" >/dev/null 2>"$err"; then
  problem "policy cannot be read: $policy_arn: $(tr '\n' ' ' < "$err")"
fi
role_exists=no
if path=$(aws iam get-role --role-name "$role_name" --query Role.Path --output text 2>"$err"); then
  role_exists=yes
  if [ "$path" != "$role_path" ]; then
    problem "role $role_name exists under path $path, but the setting names it under $role_path"
  fi
  principals=$(aws iam get-role --role-name "$role_name" \
    --query 'Role.AssumeRolePolicyDocument.Statement[].Principal.Service[]' --output text)
  if ! printf '%s\n' "$principals" | tr '\t' '\n' | grep -qxF -- "$ssm_principal"; then
    problem "role $role_name does not trust $ssm_principal, so Systems Manager cannot use it"
  fi
elif ! grep -q '(NoSuchEntity)' "$err"; then
  problem "role $role_name cannot be read: $(tr '\n' ' ' < "$err")"
fi
turn_on=()
for region in "${regions[@]}"; do
  if ! current=$(aws ssm get-service-setting --region "$region" --setting-id "$setting_id" \
    --query 'ServiceSetting.[SettingValue, Status]' --output text 2>"$err"); then
    problem "$region: the setting cannot be read: $(tr '\n' ' ' < "$err")"
    continue
  fi
  value=${current%%$'\t'*}
  status=${current##*$'\t'}
  if [ "$value" = "$setting_value" ]; then
    echo "$region: Default Host Management already uses $setting_value"
  elif [ "$status" = Default ] || [ "${REPLACE_DHMC_ROLE:-}" = 1 ]; then
    turn_on+=("$region")
  else
    problem "$region: the setting names $value; set REPLACE_DHMC_ROLE=1 to replace it"
  fi
done
if [ -n "$problems" ]; then
  printf 'nothing was changed:\n%s' "$problems" >&2
  exit 1
fi

# 2. The role, under the path the setting names, with its policy.
if [ "$role_exists" = no ]; then
  aws iam create-role --role-name "$role_name" --path "$role_path" \
    --assume-role-policy-document "$trust_policy" --description "$role_description" >/dev/null
  echo "role $role_name: created"
fi
attached=$(aws iam list-attached-role-policies --role-name "$role_name" \
  --query 'AttachedPolicies[].[PolicyArn]' --output text)
if printf '%s\n' "$attached" | grep -qxF -- "$policy_arn"; then
  echo "role $role_name: $policy_arn attached"
else
  aws iam attach-role-policy --role-name "$role_name" --policy-arn "$policy_arn"
  echo "role $role_name: attached $policy_arn"
fi

# 3. The setting, then read back in every Region.
for region in ${turn_on[@]+"${turn_on[@]}"}; do
  aws ssm update-service-setting --region "$region" --setting-id "$setting_id" \
    --setting-value "$setting_value"
  echo "$region: Default Host Management turned on"
done
failed=0
for region in "${regions[@]}"; do
  if [ "$(aws ssm get-service-setting --region "$region" --setting-id "$setting_id" \
    --query ServiceSetting.SettingValue --output text)" != "$setting_value" ]; then
    echo "$region: the setting does not name $setting_value" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then exit 1; fi

echo "Instances with IMDSv2 and SSM Agent $min_agent_version or later, and no instance profile that"
echo "lets the agent register, become managed within about 30 minutes. To check a Region:"
echo "  aws ssm describe-instance-information --region REGION --query 'InstanceInformationList[].[InstanceId,PingStatus,AgentVersion]' --output text"
