
# What step 3 changed on a role, recorded in the role's own tags, for the rollback:
#   ssm-policy-planner:attached:1, :2, ...  one tag per policy step 3 attached (the role did
#                                           not have it before), the policy ARN as its value
#   ssm-policy-planner:detached             the old policy's ARN, when step 3 detached it
# Tags go with the role: any machine with credentials for the account reads them, IAM keeps
# them globally like the role itself, nothing else has to be created for them (a bucket or a
# parameter would be), and they go when the role goes. The rollback removes them.
# A tag value holds up to 256 characters, enough for any ARN of the plan; a role holds at most
# 50 tags, and a role without room for the record is not changed.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
record_prefix='ssm-policy-planner:'

# has LIST ITEM: whether ITEM is one of the lines of LIST
has() {
  printf '%s\n' "$1" | grep -qxF -- "$2"
}

# read_record ROLE: sets record_keys, record_attached (lines) and record_detached from the
# role's tags; fails when the role cannot be read.
read_record() {
  local tags key value
  record_keys=()
  record_attached=""
  record_detached=""
  tags=$(aws iam list-role-tags --role-name "$1" \
    --query "Tags[?starts_with(Key, '$record_prefix')].[Key, Value]" --output text) || return 1
  while IFS=$'\t' read -r key value; do
    case "$key" in
      "${record_prefix}attached:"*) record_attached="$record_attached$value"$'\n' ;;
      "${record_prefix}detached") record_detached="$value" ;;
      *) continue ;;
    esac
    record_keys+=("$key")
  done <<< "$tags"
}

# recorded_roles: the roles that carry a record, one a line
recorded_roles() {
  aws iam get-account-authorization-details --filter Role \
    --query "RoleDetailList[?Tags[?starts_with(Key, '$record_prefix')]].[RoleName]" --output text
}
