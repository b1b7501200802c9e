using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using GenAuth.Hexagonal.Analyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>
/// Fixes <c>GAH003</c> where the value is a <c>WechatAccessToken</c>'s: <c>token.Value</c> (or <c>token?.Value</c>) becomes
/// <c>token.RedactedValue</c>, its first characters and its length. Not offered for secrets, which have no redacted form.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretInLogCodeFixProvider))]
[Shared]
public sealed class SecretInLogCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key, so Fix All replaces every occurrence.</summary>
    public const string EquivalenceKey = "GAH003.UseRedactedValue";

    private const string RedactedValue = "RedactedValue";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SecretInLog);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SecretPropertyNames.Fix, out var fix) || fix != SecretPropertyNames.RedactedValueFix)
            {
                continue;
            }

            // Through a local, the token's read is the additional location; otherwise it is the diagnostic's own.
            var read = diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : diagnostic.Location;
            var name = root.FindNode(read.SourceSpan, getInnermostNodeForTie: true) switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
                ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } => binding.Name,
                _ => null,
            };
            if (name is not IdentifierNameSyntax { Identifier.ValueText: "Value" } identifier)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Write the redacted token (RedactedValue)",
                    cancellationToken => ReplaceAsync(context.Document, identifier, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, IdentifierNameSyntax name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : document.WithSyntaxRoot(root.ReplaceNode(name, SyntaxFactory.IdentifierName(RedactedValue).WithTriviaFrom(name)));
    }
}
