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

    public string? Name { get; }

    public SinkKind Kind { get; }

    /// <summary>Whether a run-time read can replace the value (not a const, attribute argument or parameter default).</summary>
    public bool Fixable { get; }

    public ArgumentSyntax? PositionalArgument { get; }

    public AttributeArgumentSyntax? PositionalAttributeArgument { get; }

    public bool NeedsSemanticName => PositionalArgument is not null || PositionalAttributeArgument is not null;
}
