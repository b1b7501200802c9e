using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using GenAuth.Hexagonal.Analyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>
/// <c>GAH001</c>: a string constant reaches an app-secret or access-key-secret sink: the library's own API
/// (<c>WechatAppCredentials(appId, appSecret)</c>, the options' <c>AppSecret</c> / <c>AccessKeySecret</c>), any
/// parameter, property, field, local, method, anonymous member or configuration key whose name says app secret or
/// access key secret, WeChat's own <c>secret</c> / <c>corpSecret</c> where the context says WeChat, the secret
/// parameter of a URL or query string, well-known WeChat SDK calls, maps keyed by WeChat app ids, and the fallback of
/// an environment or configuration read whose key names a secret.
/// </summary>
/// <remarks>
/// Cheap checks run first: the literal's shape (length, characters, placeholders), then the sink's name from syntax,
/// and only then the semantic model (constant folding, overload resolution for positional arguments) and the
/// WeChat context (see <see cref="WechatContext"/>).
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
            // when such a field exists, and then found by their names in each file's text (one pass over its characters)
            // rather than by a callback for every identifier of the compilation.
            var index = DeclarationIndex.Get(start.Compilation);
            if (index.CandidateConstants.Count > 0)
            {
                var scanner = index.CandidateConstantScanner;
                start.RegisterSemanticModelAction(context => analysis.AnalyzeConstantReferences(context, index.CandidateConstants, scanner));
            }
        });
    }

    private sealed class CompilationAnalysis
    {
        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly ConcurrentDictionary<(string, string), AnalyzerSettings> _settingsCache = new();
        private static readonly Func<string, bool> MentionsSecret = QueryStrings.MayHoldSecret;
        private static readonly Func<string, bool> HoldsNonSecretCharacter = HasNonSecretCharacter;

        private readonly WechatContext _context = new();

        public CompilationAnalysis(AnalyzerConfigOptionsProvider options) => _options = options;

        [MethodImpl(Hot.AggressiveOptimization)]
        public void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            var value = literal.Token.ValueText;
            if (IsOperandOfConcatenation(literal))
            {
                return;
            }

            // 1. A URL, query string or body holding WeChat's secret parameter (secret=, appsecret=, corpsecret=).
            AnalyzerSettings? settings = null;
            if (value.Length > 8 && QueryStrings.MayHoldSecret(value))
            {
                settings = GetSettings(literal.SyntaxTree);
                if (QueryStrings.FindSecret(value, settings) is { } parameter)
                {
                    ReportQueryParameter(context, literal, parameter);
                    return;
                }
            }

            // 2. Shape of the literal: the great majority of strings stop here.
            if (!SecretValues.HasSecretShape(value))
            {
                return;
            }

            // 3. Names, from syntax.
            settings ??= GetSettings(literal.SyntaxTree);
            if (SecretValues.MatchesExtraPlaceholder(value, settings))
            {
                return;
            }

            var sink = SinkFinder.Find(literal, settings);
            if (sink is null || !MayHoldSecret(sink, settings, out var kind) || SecretNames.IsNameValue(value, settings) || IsOwnName(value, sink))
            {
                return;
            }

            // 4. Semantics and context, only for what the names left open.
            var display = Judge(sink, kind, literal, value, context.SemanticModel, settings, context.CancellationToken, out var fixable);
            if (display is not null)
            {
                Report(context.ReportDiagnostic, literal, sink, display, fixable && !literal.IsKind(SyntaxKind.Utf8StringLiteralExpression));
            }
        }

        [MethodImpl(Hot.AggressiveOptimization)]
        public void AnalyzeComposite(SyntaxNodeAnalysisContext context)
        {
            var expression = (ExpressionSyntax)context.Node;
            if (IsOperandOfConcatenation(expression) || !DeclarationIndex.ContainsStringLiteral(expression))
            {
                return;
            }

            var settings = GetSettings(expression.SyntaxTree);
            if (PartsMentionSecret(expression) && ReportQueryParameters(context, expression, settings))
            {
                return;
            }

            // A literal part with a space or a character outside printable ASCII is in the constant value too, which then
            // cannot have a secret's shape: no need to fold it (the semantic model binds the whole statement for that).
            if (LiteralPartRulesOutSecret(expression))
            {
                return;
            }

            var sink = SinkFinder.Find(expression, settings);
            if (sink is null || !MayHoldSecret(sink, settings, out var kind) || ContainsNameof(expression))
            {
                return;
            }

            var constant = context.SemanticModel.GetConstantValue(expression, context.CancellationToken);
            if (!constant.HasValue || constant.Value is not string value
                || !SecretValues.IsSecret(value, settings) || SecretNames.IsNameValue(value, settings) || IsOwnName(value, sink))
            {
                return;
            }

            var display = Judge(sink, kind, expression, value, context.SemanticModel, settings, context.CancellationToken, out var fixable);
            if (display is not null)
            {
                Report(context.ReportDiagnostic, expression, sink, display, fixable);
            }
        }

        /// <summary>Each use of a candidate constant in a file (an identifier naming one), analyzed as it would be at its node.</summary>
        [MethodImpl(Hot.AggressiveOptimization)]
        public void AnalyzeConstantReferences(SemanticModelAnalysisContext context, HashSet<string> constants, NameScanner scanner)
        {
            var model = context.SemanticModel;
            var tree = model.SyntaxTree;
            var cancellationToken = context.CancellationToken;
            Action<Diagnostic> report = context.ReportDiagnostic;
            var positions = new List<int>();
            if (scanner.TryFind(tree.GetText(cancellationToken), positions))
            {
                if (positions.Count == 0)
                {
                    return;
                }

                var root = tree.GetRoot(cancellationToken);
                foreach (var position in positions)
                {
                    var token = root.FindToken(position);
                    if (token.IsKind(SyntaxKind.IdentifierToken)
                        && token.Span.Contains(position)
                        && token.Parent is IdentifierNameSyntax identifier)
                    {
                        AnalyzeConstantReference(identifier, constants, model, report, cancellationToken);
                    }
                }

                return;
            }

            // Unicode escapes or formatting characters: identifiers may read differently from their text.
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier)
                {
                    AnalyzeConstantReference(identifier, constants, model, report, cancellationToken);
                }
            }
        }

        private void AnalyzeConstantReference(
            IdentifierNameSyntax identifier,
            HashSet<string> constants,
            SemanticModel model,
            Action<Diagnostic> report,
            CancellationToken cancellationToken)
        {
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
            if (sink is null || !MayHoldSecret(sink, settings, out var kind))
            {
                return;
            }

            var symbol = model.GetSymbolInfo(value, cancellationToken).Symbol;
            if (symbol is not IFieldSymbol { IsConst: true, ConstantValue: string constantValue } field
                || SecretNames.Classify(field.Name, settings) != SecretNameKind.None
                || !SecretValues.IsSecret(constantValue, settings)
                || SecretNames.IsNameValue(constantValue, settings)
                || IsOwnName(constantValue, sink))
            {
                return;
            }

            var display = Judge(sink, kind, value, constantValue, model, settings, cancellationToken, out var fixable);
            if (display is not null)
            {
                Report(report, value, sink, display, fixable);
            }
        }

        /// <summary>The cheap, syntax-only test: can this sink hold a secret at all, before any binding.</summary>
        [MethodImpl(Hot.AggressiveOptimization)]
        private static bool MayHoldSecret(Sink sink, AnalyzerSettings settings, out SecretNameKind kind)
        {
            kind = Classify(sink, settings);
            return kind != SecretNameKind.None || sink.NeedsSemanticName || sink.AppIdKey is not null || sink.FallbackKey is not null;
        }

        [MethodImpl(Hot.AggressiveOptimization)]
        private static SecretNameKind Classify(Sink sink, AnalyzerSettings settings)
        {
            if (sink.Name is null)
            {
                return SecretNameKind.None;
            }

            return sink.Kind switch
            {
                SinkKind.ConfigurationKey => SecretNames.ClassifyKey(sink.Name, settings),
                SinkKind.ReturnedBy => SecretNames.ClassifyMethod(sink.Name, settings),
                SinkKind.KnownSdkArgument or SinkKind.QueryParameter => SecretNameKind.Secret,
                _ => SecretNames.Classify(sink.Name, settings),
            };
        }

        /// <summary>A value equal to the name it is stored under (<c>CorpSecret = "CorpSecret"</c>) is a placeholder.</summary>
        private static bool IsOwnName(string value, Sink sink) => sink.Name is not null && SecretNames.SameName(value, sink.Name);

        /// <summary>
        /// The name shown in the message, or <see langword="null"/> when the value is not a secret: by the sink's own name
        /// (with the WeChat context for <c>secret</c>), then by the app id it is stored under, then by the key of the
        /// configuration read it is the fallback of.
        /// </summary>
        private string? Judge(
            Sink sink,
            SecretNameKind kind,
            ExpressionSyntax value,
            string constant,
            SemanticModel model,
            AnalyzerSettings settings,
            CancellationToken cancellationToken,
            out bool fixable)
        {
            fixable = sink.Fixable;
            if (sink.NeedsSemanticName)
            {
                if (ResolveName(sink, value, model, settings, cancellationToken) is { } parameter)
                {
                    return parameter;
                }
            }
            else if (kind == SecretNameKind.Secret
                     || (kind == SecretNameKind.Contextual && _context.Holds(value, sink.Target, model, cancellationToken)))
            {
                return sink.Display ?? sink.Name;
            }

            if (sink.AppIdKey is { } appId && SecretValues.HasWechatSecretFormat(constant, corp: appId[1] == 'w'))
            {
                return sink.Display ?? sink.Name + "[\"" + appId + "\"]";
            }

            if (sink.FallbackKey is { } key)
            {
                var keyKind = SecretNames.ClassifyKey(key, settings);
                if (keyKind == SecretNameKind.Secret
                    || (keyKind == SecretNameKind.Contextual && _context.Holds(value, null, null, cancellationToken)))
                {
                    // The code fix would read the same key again: leave the fix to the reader.
                    fixable = false;
                    return key;
                }
            }

            return null;
        }

        /// <summary>The parameter a positional argument binds to, shown as <c>Method(parameter)</c>, when it holds a secret.</summary>
        private string? ResolveName(Sink sink, ExpressionSyntax value, SemanticModel model, AnalyzerSettings settings, CancellationToken cancellationToken)
        {
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

            if (parameter is null)
            {
                return null;
            }

            var kind = SecretNames.Classify(parameter.Name, settings);
            if (kind == SecretNameKind.None
                || (kind == SecretNameKind.Contextual
                    && !(symbol!.ContainingType is { } type && WechatContext.TypeSaysWechat(type))
                    && !_context.Holds(value, null, null, cancellationToken)))
            {
                return null;
            }

            var owner = symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                ? constructor.ContainingType.Name
                : symbol!.Name;
            return owner + "(" + parameter.Name + ")";
        }

        /// <summary>Reports the secret parameters held by the parts of a concatenation or interpolation; whether any was.</summary>
        private static bool ReportQueryParameters(SyntaxNodeAnalysisContext context, ExpressionSyntax expression, AnalyzerSettings settings)
        {
            var parts = new List<ExpressionSyntax>();
            Flatten(expression, parts);
            var reported = false;
            string? pending = null; // the previous text ended with "secret="
            foreach (var part in parts)
            {
                switch (part)
                {
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                        reported |= CheckText(context, literal, literal.Token.ValueText, ref pending, settings);
                        break;
                    case InterpolatedStringExpressionSyntax interpolated:
                        foreach (var content in interpolated.Contents)
                        {
                            if (content is InterpolatedStringTextSyntax text)
                            {
                                reported |= CheckText(context, text, text.TextToken.ValueText, ref pending, settings);
                            }
                            else if (content is InterpolationSyntax { Expression: LiteralExpressionSyntax hole } && hole.IsKind(SyntaxKind.StringLiteralExpression))
                            {
                                reported |= CheckText(context, hole, hole.Token.ValueText, ref pending, settings);
                            }
                            else
                            {
                                pending = null;
                            }
                        }

                        break;
                    default:
                        pending = null;
                        break;
                }
            }

            return reported;
        }

        private static bool CheckText(SyntaxNodeAnalysisContext context, SyntaxNode node, string text, ref string? pending, AnalyzerSettings settings)
        {
            var parameter = pending is not null && QueryStrings.IsSecretValue(QueryStrings.LeadingValue(text), settings)
                ? pending
                : QueryStrings.FindSecret(text, settings);
            pending = QueryStrings.EndsWithSecretParameter(text);
            if (parameter is null)
            {
                return false;
            }

            ReportQueryParameter(context, node, parameter);
            return true;
        }

        private static void Flatten(ExpressionSyntax expression, List<ExpressionSyntax> parts)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    Flatten(parenthesized.Expression, parts);
                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    Flatten(binary.Left, parts);
                    Flatten(binary.Right, parts);
                    break;
                default:
                    parts.Add(expression);
                    break;
            }
        }

        private static void ReportQueryParameter(SyntaxNodeAnalysisContext context, SyntaxNode node, string parameter)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[SecretPropertyNames.ConfigurationKey] = "Wechat:AppSecret";
            properties[SecretPropertyNames.Fixable] = "false";
            context.ReportDiagnostic(Diagnostic.Create(Rules.HardcodedSecretInCode, node.GetLocation(), properties.ToImmutable(), parameter));
        }

        private static void Report(Action<Diagnostic> report, ExpressionSyntax value, Sink sink, string display, bool fixable)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[SecretPropertyNames.ConfigurationKey] = sink switch
            {
                // The library's layout for a named app: Wechat:Apps:{name}:AppSecret, the app id as the name.
                { AppIdKey: { } appId } => "Wechat:Apps:" + appId + ":AppSecret",
                { Kind: SinkKind.KnownSdkArgument } => "Wechat:AppSecret",
                _ => SecretNames.SuggestConfigurationKey(sink.Name ?? display, sink.Kind == SinkKind.ConfigurationKey),
            };
            if (!fixable)
            {
                properties[SecretPropertyNames.Fixable] = "false";
            }

            report(Diagnostic.Create(Rules.HardcodedSecretInCode, value.GetLocation(), properties.ToImmutable(), display));
        }

        [MethodImpl(Hot.AggressiveOptimization)]
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

        /// <summary>Whether a literal part of a concatenation or interpolation says "secret" (the framework's search, no copies).</summary>
        private static bool PartsMentionSecret(ExpressionSyntax expression) =>
            AnyLiteralPart(expression, MentionsSecret, rawInterpolations: true);

        /// <summary>
        /// Whether a literal part of a concatenation or interpolation holds a character no secret has (whitespace, control
        /// characters, anything outside printable ASCII, as <see cref="SecretValues.HasSecretShape"/> rejects): every
        /// literal part is in the folded value. Raw interpolated strings are left to the semantic model (their text parts
        /// still carry the indentation that the compiler removes).
        /// </summary>
        private static bool LiteralPartRulesOutSecret(ExpressionSyntax expression) =>
            AnyLiteralPart(expression, HoldsNonSecretCharacter, rawInterpolations: false);

        /// <summary>
        /// Whether <paramref name="test"/> holds for the text of a string literal or of an interpolated string's text part
        /// among the operands of a concatenation (through parentheses); the text parts of raw interpolated strings count
        /// only when <paramref name="rawInterpolations"/>.
        /// </summary>
        [MethodImpl(Hot.AggressiveOptimization)]
        private static bool AnyLiteralPart(ExpressionSyntax expression, Func<string, bool> test, bool rawInterpolations)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return AnyLiteralPart(parenthesized.Expression, test, rawInterpolations);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    return AnyLiteralPart(binary.Left, test, rawInterpolations) || AnyLiteralPart(binary.Right, test, rawInterpolations);
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return test(literal.Token.ValueText);
                case InterpolatedStringExpressionSyntax interpolated
                    when rawInterpolations
                         || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken)
                         || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken):
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is InterpolatedStringTextSyntax text && test(text.TextToken.ValueText))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool HasNonSecretCharacter(string text)
        {
            foreach (var c in text)
            {
                if (c <= ' ' || c > '~')
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
            AnalyzerSettings.For(_options, tree, _settingsCache);
    }
}
