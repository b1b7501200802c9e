namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>How strongly a name says that it holds a secret.</summary>
internal enum SecretNameKind
{
    /// <summary>Not a secret's name.</summary>
    None,

    /// <summary>
    /// WeChat's own parameter name (<c>secret</c>, <c>corpSecret</c>, <c>in_secret</c>, <c>agentSecret</c>, ...): a secret
    /// only where the context says WeChat, WeCom, GenAuth or Authing.
    /// </summary>
    Contextual,

    /// <summary>
    /// A secret wherever it appears: <c>appSecret</c>, <c>AccessKeySecret</c>, <c>WxSecret</c>, <c>AppSercet</c>, a
    /// name from <c>genauth_hexagonal.extra_secret_names</c>.
    /// </summary>
    Secret,
}
