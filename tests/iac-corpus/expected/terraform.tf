# Instance roles that still carry AmazonEC2RoleforSSM.
data "aws_partition" "current" {}

resource "aws_iam_role" "app" {
  name = "app-servers"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = [
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:${data.aws_partition.current.partition}:iam::111122223333:policy/SSMInstanceS3OutputAccess",
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
  ]
}

resource "aws_iam_role" "joined" {
  name               = "joined-servers"
  assume_role_policy = aws_iam_role.app.assume_role_policy
  managed_policy_arns = [
    join("", ["arn:", data.aws_partition.current.partition, ":iam::aws:policy/AmazonSSMManagedInstanceCore"]),
    join("", ["arn:", data.aws_partition.current.partition, ":iam::aws:policy/CloudWatchAgentServerPolicy"]),
    join("", ["arn:", data.aws_partition.current.partition, ":iam::111122223333:policy/SSMInstanceS3OutputAccess"]),
  ]
}

resource "aws_iam_role_policy_attachment" "batch_ssm" {
  role       = "batch-workers"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
}

data "aws_iam_policy" "old" {
  name = "AmazonEC2RoleforSSM"
}
