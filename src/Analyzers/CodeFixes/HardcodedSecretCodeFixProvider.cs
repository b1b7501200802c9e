using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// Fixes <c>GAH001</c> by replacing the hard-coded value with a run-time read: from an <c>IConfiguration</c> in scope
/// (<c>configuration["Wechat:AppSecret"] ?? throw ...</c>), otherwise from an environment variable
/// (<c>Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? throw ...</c>). Not offered for a <c>const</c>, an
/// attribute argument, a parameter default or a UTF-8 literal, where a run-time read cannot stand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardcodedSecretCodeFixProvider))]
[Shared]
public sealed class HardcodedSecretCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key shared by both variants, so Fix All replaces every occurrence.</summary>
    public const string EquivalenceKey = "GAH001.ReadSecretAtRunTime";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.HardcodedSecretInCode);

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

        SemanticModel? model = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(SecretPropertyNames.Fixable, out var fixable) && fixable == "false"
                || !diagnostic.Properties.TryGetValue(SecretPropertyNames.ConfigurationKey, out var key)
                || string.IsNullOrEmpty(key)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                continue;
            }

            model ??= await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return;
            }

            var configuration = ConfigurationLocator.Find(model, value, context.CancellationToken);
            var environmentVariable = ToEnvironmentVariableName(key!);
            var title = configuration is null
                ? string.Format(CultureInfo.InvariantCulture, "Read the secret from environment variable '{0}'", environmentVariable)
                : string.Format(CultureInfo.InvariantCulture, "Read the secret from configuration key '{0}'", key);
            var exception = SystemTypeName(model, value.SpanStart, "InvalidOperationException");
            var replacement = configuration is null
                ? ReadEnvironmentVariable(SystemTypeName(model, value.SpanStart, "Environment"), environmentVariable, exception)
                : ReadConfiguration(configuration, key!, exception);

            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => ReplaceAsync(context.Document, value, replacement, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary><c>Wechat:Apps:mini:AppSecret</c> becomes <c>WECHAT__APPS__MINI__APPSECRET</c> (the environment configuration provider's form).</summary>
    internal static string ToEnvironmentVariableName(string key)
    {
        var builder = new System.Text.StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            if (c == ':')
            {
                builder.Append("__");
            }
            else if (char.IsLetterOrDigit(c) && c < 128)
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else
            {
                builder.Append('_');
            }
        }

        return builder.ToString();
    }

    /// <summary>The short name when <c>using System;</c> (or a global using) makes it resolve, else the qualified one.</summary>
    private static string SystemTypeName(SemanticModel model, int position, string name)
    {
        var symbols = model.LookupNamespacesAndTypes(position, name: name);
        return symbols.Length == 1
               && symbols[0] is INamedTypeSymbol type
               && type.ContainingNamespace?.ToDisplayString() == "System"
            ? name
            : "System." + name;
    }

    private static ExpressionSyntax ReadConfiguration(string configuration, string key, string exception)
    {
        var keyLiteral = SymbolDisplay.FormatLiteral(key, quote: true);
        var message = SymbolDisplay.FormatLiteral(
            "Configuration value '" + key + "' is missing. Set it in user secrets, an environment variable or a vault.",
            quote: true);
        return SyntaxFactory.ParseExpression(
            configuration + "[" + keyLiteral + "] ?? throw new " + exception + "(" + message + ")");
    }

    private static ExpressionSyntax ReadEnvironmentVariable(string environment, string name, string exception)
    {
        var nameLiteral = SymbolDisplay.FormatLiteral(name, quote: true);
        var message = SymbolDisplay.FormatLiteral("Environment variable '" + name + "' is not set.", quote: true);
        return SyntaxFactory.ParseExpression(
            environment + ".GetEnvironmentVariable(" + nameLiteral + ") ?? throw new " + exception + "(" + message + ")");
    }

    private static async Task<Document> ReplaceAsync(
        Document document, ExpressionSyntax value, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax newValue = NeedsParentheses(value)
            ? SyntaxFactory.ParenthesizedExpression(replacement)
            : replacement;
        newValue = newValue.WithTriviaFrom(value);
        return document.WithSyntaxRoot(root.ReplaceNode(value, newValue));
    }

    /// <summary>A <c>?? throw</c> expression stands alone only where an ordinary expression list or assignment takes it.</summary>
    private static bool NeedsParentheses(ExpressionSyntax value) => value.Parent switch
    {
        ArgumentSyntax or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax or ReturnStatementSyntax
            or AnonymousObjectMemberDeclaratorSyntax or InitializerExpressionSyntax or ParenthesizedExpressionSyntax => false,
        AssignmentExpressionSyntax assignment => assignment.Right != value,
        BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression) => coalesce.Right != value,
        _ => true,
    };
}
