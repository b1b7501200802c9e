using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>An expression that carries a secret or a whole token into a sink, and what the message calls it.</summary>
internal readonly struct SecretReference
{
    public SecretReference(ExpressionSyntax expression, string member, bool redactable, IdentifierNameSyntax? via = null)
    {
        Expression = expression;
        Member = member;
        Redactable = redactable;
        Via = via;
    }

    /// <summary>Where the secret is read (the code fix's place).</summary>
    public ExpressionSyntax Expression { get; }

    /// <summary>The local, in the sink's argument, that the secret reached the sink through (the diagnostic's place then).</summary>
    public IdentifierNameSyntax? Via { get; }

    /// <summary>The member, parameter, local or method, e.g. <c>WechatAccessToken.Value</c>, <c>WechatAppCredentials.AppSecret</c>.</summary>
    public string Member { get; }

    /// <summary>Whether <c>.Value</c> of a <c>WechatAccessToken</c> can become <c>.RedactedValue</c> (the code fix).</summary>
    public bool Redactable { get; }
}
