import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export class FleetStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    new iam.Role(this, 'Web', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'),
      ],
    });
    const legacy = iam.ManagedPolicy.fromManagedPolicyArn(this, 'Old', 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM');
    const batch = new iam.Role(this, 'Batch', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    batch.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'Legacy', 'arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM')); // attached at launch
  }
}
