using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// A place a constant reaches. <see cref="Name"/> is known from syntax, except for positional arguments
/// (<see cref="PositionalArgument"/> or <see cref="PositionalAttributeArgument"/> set), which need the semantic model.
/// </summary>
internal sealed class Sink
{
    public Sink(
        string? name,
        SinkKind kind,
        bool fixable,
        ArgumentSyntax? positionalArgument = null,
        AttributeArgumentSyntax? positionalAttributeArgument = null)
    {
        Name = name;
        Kind = kind;
        Fixable = fixable;
        PositionalArgument = positionalArgument;
        PositionalAttributeArgument = positionalAttributeArgument;
    }

    /// <summary>The name classified by the name rules (a member, parameter, local, method or configuration key).</summary>
    public string? Name { get; }

    public SinkKind Kind { get; }

    /// <summary>Whether a run-time read can replace the value (not a const, attribute argument or parameter default).</summary>
    public bool Fixable { get; }

    public ArgumentSyntax? PositionalArgument { get; }

    public AttributeArgumentSyntax? PositionalAttributeArgument { get; }

    public bool NeedsSemanticName => PositionalArgument is not null || PositionalAttributeArgument is not null;

    /// <summary>What the message shows when it differs from <see cref="Name"/> (<c>hfAppSecret.Value</c>, <c>Secrets["wx…"]</c>).</summary>
    public string? Display { get; set; }

    /// <summary>The assignment target or named member, bound for context when the name alone is not enough.</summary>
    public ExpressionSyntax? Target { get; set; }

    /// <summary>The WeChat app id or WeCom corp id the value is stored under (a dictionary key, a switch arm, a case label).</summary>
    public string? AppIdKey { get; set; }

    /// <summary>The key of the environment or configuration read the value is the <c>??</c> fallback of.</summary>
    public string? FallbackKey { get; set; }
}
