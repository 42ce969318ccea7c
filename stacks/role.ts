// One role per function, holding only what that function does; logs go to the function's own log group.

export interface Grant {
  actions: string[];
  resources: $util.Input<string>[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

export function functionRole(name: string, functionName: string, grants: Grant[]): aws.iam.Role {
  const logGroup = $interpolate`arn:aws:logs:${aws.getRegionOutput().name}:${aws.getCallerIdentityOutput().accountId}:log-group:/aws/lambda/${functionName}`;
  return new aws.iam.Role(`${name}Role`, {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: 'lambda.amazonaws.com' }),
    inlinePolicies: [
      {
        name: 'least-privilege',
        policy: aws.iam.getPolicyDocumentOutput({
          statements: [
            {
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup, $interpolate`${logGroup}:*`],
            },
            ...grants,
          ],
        }).json,
      },
    ],
  });
}

/** Object-level access under the given prefixes of the bucket, and listing limited to them. */
export function bucketGrants(
  bucketArn: $util.Output<string>,
  access: { read?: string[]; write?: string[]; list?: string[] },
): Grant[] {
  const objects = (prefixes: string[]) => prefixes.map((prefix) => $interpolate`${bucketArn}/${prefix}*`);
  const grants: Grant[] = [];
  if (access.read?.length) grants.push({ actions: ['s3:GetObject'], resources: objects(access.read) });
  if (access.write?.length) {
    grants.push({
      actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: objects(access.write),
    });
  }
  if (access.list?.length) {
    grants.push({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: [{ test: 'StringLike', variable: 's3:prefix', values: access.list.map((p) => `${p}*`) }],
    });
  }
  return grants;
}
