/**
 * Who the credentials of an open belong to, as aws-login learned it (the role it assumed), so the
 * providers that take `login: ${aws.login}` can name the role in their errors. Keyed by access key
 * ID, which names credentials without being their secret part.
 */
export class LoginDirectory {
  private readonly roles = new Map<string, string>();

  /** Records that `accessKeyId` was issued for `roleArn`. */
  remember(accessKeyId: string, roleArn: string): void {
    this.roles.delete(accessKeyId);
    this.roles.set(accessKeyId, roleArn);
    // A long-running host logs in many times: keep the recent ones.
    if (this.roles.size > 256) this.roles.delete(this.roles.keys().next().value!);
  }

  /** `role arn:aws:iam::...`, or what is known when aws-login did not issue them. */
  describe(accessKeyId: string): string {
    const role = this.roles.get(accessKeyId);
    return role === undefined ? 'the credentials given in login' : `role ${role}`;
  }
}
