
# The static part of step 1. Expects, set above: the parallel arrays policy_names,
# policy_arns, policy_descriptions and policy_documents, one element per customer managed
# policy of the plan.
#
# It converges: a policy that does not exist is created; a policy whose default version
# differs from the planned document gets the planned one as a new default version; a policy
# that matches is left alone, so an unchanged plan changes nothing. IAM keeps at most 5
# versions of a policy, so when all 5 exist the oldest one that is not the default goes first.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
# A policy it cannot bring to the plan is reported and the script ends with a non-zero status;
# step 3 checks the policies again before it changes any role.

max_versions=5
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# The plan's ARNs name an account; policies created with credentials for another account
# would land where step 3 does not look for them.
account=$(aws sts get-caller-identity --query Account --output text)

# same_document ARN VERSION DOCUMENT: prints True when that version holds DOCUMENT. The CLI
# decodes the stored document, and its --query compares it with the planned one as JSON values:
# key order and white space do not count, every name and value does. In a JMESPath literal a
# backquote must be escaped.
same_document() {
  local literal=${3//\`/\\\`}
  aws iam get-policy-version --policy-arn "$1" --version-id "$2" \
    --query "PolicyVersion.Document == \`$literal\`" --output text
}

# make_room ARN: when the policy has the most versions IAM allows, deletes the oldest one that
# is not the default. Version ids count up (v1, v2, ...), so the oldest has the lowest number.
make_room() {
  local others v oldest="" count=1
  others=$(aws iam list-policy-versions --policy-arn "$1" \
    --query 'Versions[?!IsDefaultVersion].VersionId' --output text) || return 1
  for v in $others; do
    count=$((count + 1))
    if [ -z "$oldest" ] || [ "${v#v}" -lt "${oldest#v}" ]; then oldest=$v; fi
  done
  if [ "$count" -ge "$max_versions" ]; then
    aws iam delete-policy-version --policy-arn "$1" --version-id "$oldest" || return 1
    echo "deleted version $oldest of $1 to make room (IAM keeps at most $max_versions versions)"
  fi
}

# define_policy NAME ARN DESCRIPTION DOCUMENT. Called as `define_policy ... || failed=1`, where
# bash ignores `set -e`, so every step that can fail returns at once.
define_policy() {
  local name="$1" arn="$2" description="$3" document="$4" info default attachable same version
  local arn_account=${arn#arn:*:iam::}
  arn_account=${arn_account%%:*}
  if [ "$arn_account" != "$account" ]; then
    echo "$name: not defined: the plan puts it in account $arn_account ($arn), but these credentials are for account $account; correct the plan's account id or use credentials for $arn_account" >&2
    return 1
  fi
  if info=$(aws iam get-policy --policy-arn "$arn" \
    --query 'Policy.[DefaultVersionId, IsAttachable]' --output text 2>"$err"); then
    :
  elif grep -q '(NoSuchEntity)' "$err"; then
    if aws iam create-policy --policy-name "$name" --description "$description" \
      --policy-document "$document" >/dev/null 2>"$err"; then
      echo "created: $arn"
      return 0
    fi
    cat "$err" >&2
    if grep -q '(EntityAlreadyExists)' "$err"; then
      echo "$name: not defined: the account has a policy of that name under another path, and IAM allows a name once per account; rename one of them (the plan's policy name field) and run again" >&2
    fi
    return 1
  else
    cat "$err" >&2
    return 1
  fi
  read -r default attachable <<< "$info"
  if [ "$attachable" != True ]; then
    echo "$name: $arn exists but cannot be attached to a role; delete it or choose another name, then run again" >&2
    return 1
  fi
  same=$(same_document "$arn" "$default" "$document") || return 1
  if [ "$same" = True ]; then
    echo "up to date: $arn ($default)"
    return 0
  fi
  make_room "$arn" || return 1
  version=$(aws iam create-policy-version --policy-arn "$arn" --policy-document "$document" \
    --set-as-default --query PolicyVersion.VersionId --output text) || return 1
  echo "updated: $arn: $version is the default now, with the planned document (was $default)"
}

failed=0
i=0
while [ "$i" -lt "${#policy_arns[@]}" ]; do
  define_policy "${policy_names[$i]}" "${policy_arns[$i]}" "${policy_descriptions[$i]}" \
    "${policy_documents[$i]}" || failed=1
  i=$((i + 1))
done
exit "$failed"
