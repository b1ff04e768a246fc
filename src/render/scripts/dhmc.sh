
# The static part of the Default Host Management script. Expects, set above: role_name,
# role_path, policy_arn, trust_policy, role_description, setting_id, setting_value, regions
# (array), min_agent_version.
#
# Safe to run again: it creates only what is missing and turns the setting on only where it
# names another role or none. It leaves an existing role's trust policy as it is.

err=$(mktemp)
trap 'rm -f "$err"' EXIT

# 1. The role, under the path the setting names.
if path=$(aws iam get-role --role-name "$role_name" --query Role.Path --output text 2>"$err"); then
  if [ "$path" != "$role_path" ]; then
    echo "role $role_name exists under path $path, but the setting names it under $role_path: nothing was changed" >&2
    exit 1
  fi
  echo "role $role_name: exists; its trust policy is left as it is"
elif grep -q '(NoSuchEntity)' "$err"; then
  aws iam create-role --role-name "$role_name" --path "$role_path" \
    --assume-role-policy-document "$trust_policy" --description "$role_description" >/dev/null
  echo "role $role_name: created"
else
  cat "$err" >&2
  exit 1
fi

# 2. Its policy.
attached=$(aws iam list-attached-role-policies --role-name "$role_name" \
  --query 'AttachedPolicies[].[PolicyArn]' --output text)
if printf '%s\n' "$attached" | grep -qxF -- "$policy_arn"; then
  echo "role $role_name: $policy_arn already attached"
else
  aws iam attach-role-policy --role-name "$role_name" --policy-arn "$policy_arn"
  echo "role $role_name: attached $policy_arn"
fi

# 3. The setting, Region by Region, then read back.
setting_in() {
  aws ssm get-service-setting --region "$1" --setting-id "$setting_id" \
    --query ServiceSetting.SettingValue --output text
}
failed=0
for region in "${regions[@]}"; do
  current=$(setting_in "$region") || { failed=1; continue; }
  if [ "$current" = "$setting_value" ]; then
    echo "$region: Default Host Management already uses $setting_value"
    continue
  fi
  if aws ssm update-service-setting --region "$region" --setting-id "$setting_id" \
    --setting-value "$setting_value"; then
    echo "$region: Default Host Management turned on (the setting was '$current')"
  else
    failed=1
  fi
done
for region in "${regions[@]}"; do
  if [ "$(setting_in "$region" 2>/dev/null)" != "$setting_value" ]; then
    echo "$region: the setting does not name $setting_value" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then exit 1; fi

echo "Instances with IMDSv2 and SSM Agent $min_agent_version or later, and no instance profile that"
echo "lets the agent register, become managed within about 30 minutes. To check a Region:"
echo "  aws ssm describe-instance-information --region REGION --query 'InstanceInformationList[].[InstanceId,PingStatus,AgentVersion]' --output text"
