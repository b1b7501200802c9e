using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using GenAuth.Hexagonal.Analyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>
/// <c>GAH001</c>: a string constant reaches an app-secret or access-key-secret sink: the library's own API
/// (<c>WechatAppCredentials(appId, appSecret)</c>, the options' <c>AppSecret</c> / <c>AccessKeySecret</c>) and any
/// parameter, property, field, local, anonymous member or configuration key whose name says app secret or
/// access key secret.
/// </summary>
/// <remarks>
/// Cheap checks run first: the literal's shape (length, characters, placeholders), then the sink's name from syntax,
/// and only then the semantic model (constant folding, overload resolution for positional arguments).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedSecretAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.HardcodedSecretInCode);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var analysis = new CompilationAnalysis(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterSyntaxNodeAction(
                analysis.AnalyzeLiteral,
                SyntaxKind.StringLiteralExpression,
                SyntaxKind.Utf8StringLiteralExpression);
            start.RegisterSyntaxNodeAction(
                analysis.AnalyzeComposite,
                SyntaxKind.AddExpression,
                SyntaxKind.InterpolatedStringExpression);

            // `const` fields with a secret-looking value and a harmless name, used later at a sink. Only looked for
            // when such a field exists, so ordinary code pays nothing per identifier.
            var constants = analysis.FindCandidateConstants(start.Compilation, start.CancellationToken);
            if (constants.Count > 0)
            {
                start.RegisterSyntaxNodeAction(
                    context => analysis.AnalyzeConstantReference(context, constants),
                    SyntaxKind.IdentifierName);
            }
        });
    }

    private sealed class CompilationAnalysis
    {
        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly ConcurrentDictionary<(string, string), AnalyzerSettings> _settingsCache = new();

        public CompilationAnalysis(AnalyzerConfigOptionsProvider options) => _options = options;

        public void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            var value = literal.Token.ValueText;

            // 1. Shape of the literal: the great majority of strings stop here.
            if (!SecretValues.HasSecretShape(value) || IsOperandOfConcatenation(literal))
            {
                return;
            }

            // 2. Names, from syntax.
            var settings = GetSettings(literal.SyntaxTree);
            if (SecretValues.MatchesExtraPlaceholder(value, settings) || SecretNames.IsSecretName(value, settings))
            {
                return;
            }

            var sink = SinkFinder.Find(literal, settings);
            if (sink is null || (!sink.NeedsSemanticName && !IsSecretSink(sink, settings)))
            {
                return;
            }

            // 3. Semantics, only for positional arguments.
            var display = ResolveName(sink, context.SemanticModel, settings, context.CancellationToken);
            if (display is null)
            {
                return;
            }

            var fixable = sink.Fixable && !literal.IsKind(SyntaxKind.Utf8StringLiteralExpression);
            Report(context, literal, sink, display, fixable);
        }

        public void AnalyzeComposite(SyntaxNodeAnalysisContext context)
        {
            var expression = (ExpressionSyntax)context.Node;
            if (IsOperandOfConcatenation(expression) || !ContainsStringLiteral(expression))
            {
                return;
            }

            var settings = GetSettings(expression.SyntaxTree);
            var sink = SinkFinder.Find(expression, settings);
            if (sink is null || (!sink.NeedsSemanticName && !IsSecretSink(sink, settings)) || ContainsNameof(expression))
            {
                return;
            }

            var constant = context.SemanticModel.GetConstantValue(expression, context.CancellationToken);
            if (!constant.HasValue || constant.Value is not string value
                || !SecretValues.IsSecret(value, settings) || SecretNames.IsSecretName(value, settings))
            {
                return;
            }

            var display = ResolveName(sink, context.SemanticModel, settings, context.CancellationToken);
            if (display is not null)
            {
                Report(context, expression, sink, display, sink.Fixable);
            }
        }

        public void AnalyzeConstantReference(SyntaxNodeAnalysisContext context, HashSet<string> constants)
        {
            var identifier = (IdentifierNameSyntax)context.Node;
            if (!constants.Contains(identifier.Identifier.ValueText))
            {
                return;
            }

            ExpressionSyntax value = identifier;
            if (identifier.Parent is MemberAccessExpressionSyntax memberAccess)
            {
                if (memberAccess.Name != identifier)
                {
                    return;
                }

                value = memberAccess;
            }

            var settings = GetSettings(identifier.SyntaxTree);
            var sink = SinkFinder.Find(value, settings);
            if (sink is null || (!sink.NeedsSemanticName && !IsSecretSink(sink, settings)))
            {
                return;
            }

            var symbol = context.SemanticModel.GetSymbolInfo(value, context.CancellationToken).Symbol;
            if (symbol is not IFieldSymbol { IsConst: true, ConstantValue: string constantValue } field
                || SecretNames.IsSecretName(field.Name, settings)
                || !SecretValues.IsSecret(constantValue, settings)
                || SecretNames.IsSecretName(constantValue, settings))
            {
                return;
            }

            var display = ResolveName(sink, context.SemanticModel, settings, context.CancellationToken);
            if (display is not null)
            {
                Report(context, value, sink, display, sink.Fixable);
            }
        }

        /// <summary>
        /// Names of <c>const</c> string fields whose value looks like a secret but whose own name does not say so
        /// (those are reported at their declaration). Reads declarations only, never method bodies.
        /// </summary>
        public HashSet<string> FindCandidateConstants(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax root)
                {
                    AddCandidateConstants(root.Members, tree, names);
                }
            }

            return names;
        }

        private void AddCandidateConstants(SyntaxList<MemberDeclarationSyntax> members, SyntaxTree tree, HashSet<string> names)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        AddCandidateConstants(ns.Members, tree, names);
                        break;
                    case TypeDeclarationSyntax type:
                        AddCandidateConstants(type.Members, tree, names);
                        break;
                    case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        foreach (var declarator in field.Declaration.Variables)
                        {
                            if (declarator.Initializer?.Value is { } initializer
                                && (initializer is LiteralExpressionSyntax literal
                                    ? SecretValues.HasSecretShape(literal.Token.ValueText)
                                    : ContainsStringLiteral(initializer))
                                && !SecretNames.IsSecretName(declarator.Identifier.ValueText, GetSettings(tree)))
                            {
                                names.Add(declarator.Identifier.ValueText);
                            }
                        }

                        break;
                }
            }
        }

        private static bool IsSecretSink(Sink sink, AnalyzerSettings settings) =>
            sink.Kind == SinkKind.ConfigurationKey || (sink.Name is not null && SecretNames.IsSecretName(sink.Name, settings));

        /// <summary>The name shown in the message, or <see langword="null"/> when the sink does not hold a secret.</summary>
        private static string? ResolveName(Sink sink, SemanticModel model, AnalyzerSettings settings, CancellationToken cancellationToken)
        {
            if (!sink.NeedsSemanticName)
            {
                return sink.Name;
            }

            SyntaxNode? invocation;
            int index;
            if (sink.PositionalArgument is { Parent: BaseArgumentListSyntax list } argument)
            {
                invocation = list.Parent;
                index = list.Arguments.IndexOf(argument);
            }
            else if (sink.PositionalAttributeArgument is { Parent: AttributeArgumentListSyntax attributeList } attributeArgument)
            {
                invocation = attributeList.Parent;
                index = attributeList.Arguments.IndexOf(attributeArgument);
            }
            else
            {
                return null;
            }

            if (invocation is null)
            {
                return null;
            }

            var info = model.GetSymbolInfo(invocation, cancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
            var parameters = symbol switch
            {
                IMethodSymbol method => method.Parameters,
                IPropertySymbol property => property.Parameters,
                _ => ImmutableArray<IParameterSymbol>.Empty,
            };

            IParameterSymbol? parameter = null;
            if (index >= 0 && index < parameters.Length)
            {
                parameter = parameters[index];
            }
            else if (parameters.Length > 0 && parameters[parameters.Length - 1].IsParams)
            {
                parameter = parameters[parameters.Length - 1];
            }

            if (parameter is null || !SecretNames.IsSecretName(parameter.Name, settings))
            {
                return null;
            }

            var owner = symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                ? constructor.ContainingType.Name
                : symbol!.Name;
            return owner + "(" + parameter.Name + ")";
        }

        private static void Report(SyntaxNodeAnalysisContext context, ExpressionSyntax value, Sink sink, string display, bool fixable)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[SecretPropertyNames.ConfigurationKey] =
                SecretNames.SuggestConfigurationKey(sink.Name ?? display, sink.Kind == SinkKind.ConfigurationKey);
            if (!fixable)
            {
                properties[SecretPropertyNames.Fixable] = "false";
            }

            context.ReportDiagnostic(Diagnostic.Create(Rules.HardcodedSecretInCode, value.GetLocation(), properties.ToImmutable(), display));
        }

        private static bool IsOperandOfConcatenation(ExpressionSyntax expression)
        {
            var parent = expression.Parent;
            while (parent is ParenthesizedExpressionSyntax)
            {
                parent = parent.Parent;
            }

            return parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression)
                || parent is InterpolationSyntax;
        }

        private static bool ContainsStringLiteral(ExpressionSyntax expression)
        {
            if (expression is InterpolatedStringExpressionSyntax)
            {
                return true;
            }

            foreach (var token in expression.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.StringLiteralToken)
                    || token.IsKind(SyntaxKind.InterpolatedStringStartToken)
                    || token.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken)
                    || token.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken)
                    || token.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken)
                    || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsNameof(ExpressionSyntax expression)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }

        private AnalyzerSettings GetSettings(SyntaxTree tree) =>
            AnalyzerSettings.Get(_options.GetOptions(tree), _options.GlobalOptions, _settingsCache);
    }
}
