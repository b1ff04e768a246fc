
# The static part of step 4. Expects, set above: stack_name; template (a file holding the
# stack's template; removed when the script ends); parameters (the --parameters words of the
# stack); config_rules (the names of the stack's two AWS Config rules).
#
# The rules see only what AWS Config records, and IAM roles, users and groups are global
# resource types that a recorder leaves out unless told otherwise; without them the stack
# would deploy and never flag anything. So it deploys only when a recorder in this Region
# records all three and is recording. A service-linked recorder records for its own service
# only, so it does not count.
# https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html
# https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html

err=$(mktemp)
trap 'rm -f "$template" "$err"' EXIT

# has LIST ITEM: whether ITEM is one of the lines of LIST
has() {
  printf '%s\n' "$1" | grep -qxF -- "$2"
}

# A JMESPath filter for a recorder of all three IAM types: all types with the global ones, all
# types but some, none of them IAM, or a list of types that has the three.
group=recordingGroup
all_types="$group.allSupported && $group.includeGlobalResourceTypes"
all_but="$group.recordingStrategy.useOnly == 'EXCLUSION_BY_RESOURCE_TYPES'"
listed="$group.allSupported != \`true\`"
for type in AWS::IAM::Role AWS::IAM::User AWS::IAM::Group; do
  all_but="$all_but && !contains($group.exclusionByResourceTypes.resourceTypes || \`[]\`, '$type')"
  listed="$listed && contains($group.resourceTypes || \`[]\`, '$type')"
done
iam_recorders=$(aws configservice describe-configuration-recorders \
  --query "ConfigurationRecorders[?!servicePrincipal && (($all_types) || ($all_but) || ($listed))].[name]" \
  --output text)
recording=$(aws configservice describe-configuration-recorder-status \
  --query 'ConfigurationRecordersStatus[?recording].[name]' --output text)
ready=""
stopped=""
while IFS= read -r name; do
  if [ -z "$name" ]; then continue; fi
  if has "$recording" "$name"; then ready=$name; else stopped=$name; fi
done <<< "$iam_recorders"
if [ -z "$ready" ]; then
  echo "not deployed: no configuration recorder in this Region is recording IAM roles, users and groups, so the rules would never flag anything." >&2
  if [ -n "$stopped" ]; then
    echo "The recorder '$stopped' records them but is stopped; start it:" >&2
    echo "  aws configservice start-configuration-recorder --configuration-recorder-name '$stopped'" >&2
  else
    cat >&2 <<'HELP'
Record them first, in this Region: in the AWS Config console, Settings, choose to record all
resource types and include the global ones (IAM), or add AWS::IAM::Role, AWS::IAM::User and
AWS::IAM::Group to the recorded types; then start recording. AWS records the global IAM types
only in Regions where AWS Config was available before February 2022; deploy in one of those.
HELP
  fi
  echo "See https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html" >&2
  exit 1
fi
echo "configuration recorder '$ready' is recording IAM roles, users and groups"

# stack VERB: create-stack or update-stack with the template and parameters
stack() {
  aws cloudformation "$1" --stack-name "$stack_name" --template-body "file://$template" \
    --capabilities CAPABILITY_IAM --parameters "${parameters[@]}"
}

# why_failed: the reasons CloudFormation gives for the resources that failed
why_failed() {
  aws cloudformation describe-stack-events --stack-name "$stack_name" \
    --query "StackEvents[?ends_with(ResourceStatus, '_FAILED')].[LogicalResourceId, ResourceStatus, ResourceStatusReason]" \
    --output text >&2 || true
}

create() {
  stack create-stack >/dev/null
  if ! aws cloudformation wait stack-create-complete --stack-name "$stack_name"; then
    echo "stack $stack_name was not created:" >&2
    why_failed
    exit 1
  fi
  echo "created stack $stack_name"
}

# Which state the stack is in decides what can be done with it.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
if status=$(aws cloudformation describe-stacks --stack-name "$stack_name" \
  --query 'Stacks[0].StackStatus' --output text 2>"$err"); then
  :
elif grep -q 'does not exist' "$err"; then
  status=NONE
else
  cat "$err" >&2
  exit 1
fi
case "$status" in
  NONE)
    create
    ;;
  ROLLBACK_COMPLETE)
    # Its first create failed and CloudFormation removed what it had made; such a stack can
    # only be deleted.
    echo "stack $stack_name is in ROLLBACK_COMPLETE: its first create failed, for this reason:" >&2
    why_failed
    echo "deleting it and creating it again" >&2
    if ! aws cloudformation delete-stack --stack-name "$stack_name" ||
      ! aws cloudformation wait stack-delete-complete --stack-name "$stack_name"; then
      echo "stack $stack_name could not be deleted; delete it in the CloudFormation console, then run this script again" >&2
      exit 1
    fi
    create
    ;;
  CREATE_COMPLETE | UPDATE_COMPLETE | UPDATE_ROLLBACK_COMPLETE | IMPORT_COMPLETE | IMPORT_ROLLBACK_COMPLETE)
    if stack update-stack >/dev/null 2>"$err"; then
      if ! aws cloudformation wait stack-update-complete --stack-name "$stack_name"; then
        echo "stack $stack_name was not updated (CloudFormation rolled it back):" >&2
        why_failed
        exit 1
      fi
      echo "updated stack $stack_name"
    elif grep -q 'No updates are to be performed' "$err"; then
      echo "stack $stack_name is up to date"
    else
      cat "$err" >&2
      exit 1
    fi
    ;;
  REVIEW_IN_PROGRESS)
    # A change set made this stack and waits to be executed; it does not finish on its own.
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
    echo "stack $stack_name is in REVIEW_IN_PROGRESS: a change set created it and waits to be executed or deleted; execute or delete that change set (or delete the stack), then run this script again" >&2
    exit 1
    ;;
  *_IN_PROGRESS)
    echo "stack $stack_name is busy ($status); run this script again when that has finished" >&2
    exit 1
    ;;
  *)
    echo "stack $stack_name is in $status, which this script does not repair; see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html" >&2
    exit 1
    ;;
esac

# AWS Config evaluates a new rule on its own and runs one on-demand evaluation at a time, at
# most one a minute; a request meanwhile meets LimitExceededException, which is no failure here.
# https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigRulesEvaluation.html
if aws configservice start-config-rules-evaluation --config-rule-names "${config_rules[@]}" \
  >/dev/null 2>"$err"; then
  echo "evaluation started"
elif grep -q '(LimitExceededException)' "$err"; then
  echo "evaluation already running (AWS Config evaluates new rules on their own): its results come when it ends"
else
  cat "$err" >&2
  exit 1
fi
echo "roles the rule ${config_rules[0]} marks non-compliant can be remediated from the AWS Config console (choose Remediate)"
