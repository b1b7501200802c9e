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
using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>
/// <c>GAH003</c>: <c>WechatAppCredentials.AppSecret</c>, <c>WechatAccessToken.Value</c>, GenAuth's <c>AccessKeySecret</c> or
/// any member the GAH001 name rules call a secret reaches a log call (<c>ILogger</c>, <c>[LoggerMessage]</c> methods),
/// console output (<c>Console</c>, <c>Console.Out</c>/<c>Error</c>, a <c>stdout</c>/<c>stderr</c> writer), <c>Debug</c> /
/// <c>Trace</c> output or an exception's message, directly, through interpolation or concatenation, or through a local.
/// </summary>
/// <remarks>
/// Calls are picked by name from syntax (<c>Log*</c>, <c>Write*</c> on the console, the <c>[LoggerMessage]</c> methods the
/// compilation declares, exception constructors); their arguments are searched from syntax for secret-named members,
/// <c>.Value</c> and locals; only then are the symbols bound.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInLogAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.SecretInLog);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // Nothing is looked up here: the [LoggerMessage] methods and whether WechatAccessToken exists are read on first
            // need, so this start never waits for GAH001's start, which builds the declaration index the two share.
            var analysis = new CompilationAnalysis(start.Options.AnalyzerConfigOptionsProvider, start.Compilation);
            start.RegisterSyntaxNodeAction(analysis.AnalyzeInvocation, SyntaxKind.InvocationExpression);
            start.RegisterSyntaxNodeAction(analysis.AnalyzeObjectCreation, SyntaxKind.ObjectCreationExpression);
        });
    }

    private sealed class CompilationAnalysis
    {
        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly Compilation _compilation;
        private HashSet<string>? _loggerMessageMethods;
        private int _knowsAccessToken; // 0: not looked up yet, 1: no, 2: yes
        private readonly ConcurrentDictionary<(string, string), AnalyzerSettings> _settingsCache = new();
        private readonly WechatContext _context = new();

        // Whether the member last examined on this thread names a secret (or reads .Value where WechatAccessToken exists):
        // the first test for every sink in it, from one pass over the member's characters. The sinks of a member are
        // analyzed one after another on one thread, so one entry per thread is enough (and needs no lock).
        [ThreadStatic]
        private static LastAnswer<bool>? t_lastMember;

        // What each local of a member is given, by name (built on demand, shared by the sinks of the member).
        private readonly ConcurrentDictionary<SyntaxNode, Dictionary<string, List<ExpressionSyntax>>> _localSources = new();

        public CompilationAnalysis(AnalyzerConfigOptionsProvider options, Compilation compilation)
        {
            _options = options;
            _compilation = compilation;
        }

        /// <summary>The names of the compilation's <c>[LoggerMessage]</c> methods (the shared index, read on first need).</summary>
        private HashSet<string> LoggerMessageMethods =>
            Volatile.Read(ref _loggerMessageMethods) ?? (_loggerMessageMethods = DeclarationIndex.Get(_compilation).LoggerMessageMethods);

        /// <summary>Whether the compilation knows <c>GenAuth.Hexagonal.WechatAccessToken</c> (looked up on first need).</summary>
        private bool KnowsAccessToken
        {
            get
            {
                var known = Volatile.Read(ref _knowsAccessToken);
                if (known == 0)
                {
                    known = _compilation.GetTypeByMetadataName("GenAuth.Hexagonal.WechatAccessToken") is null ? 1 : 2;
                    Volatile.Write(ref _knowsAccessToken, known);
                }

                return known == 2;
            }
        }

        [MethodImpl(Hot.AggressiveOptimization)]
        public void AnalyzeInvocation(SyntaxNodeAnalysisContext context)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (invocation.ArgumentList.Arguments.Count == 0
                || !LogSinks.IsCandidate(invocation, LoggerMessageMethods, out var standardStream)
                || !MemberNamesSecret(context))
            {
                return;
            }

            var flow = CreateFlow(context);
            var candidates = new List<ExpressionSyntax>();
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                flow.Collect(argument.Expression, candidates);
            }

            if (candidates.Count == 0
                || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
                || LogSinks.Describe(method, standardStream) is not { } sink)
            {
                return;
            }

            var reported = new HashSet<(TextSpan, string)>();
            foreach (var candidate in candidates)
            {
                flow.Check(candidate, reference => Report(context, reference, sink, reported));
            }
        }

        [MethodImpl(Hot.AggressiveOptimization)]
        public void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context)
        {
            var creation = (ObjectCreationExpressionSyntax)context.Node;
            if (!LogSinks.IsExceptionCandidate(creation) || !MemberNamesSecret(context))
            {
                return;
            }

            var flow = CreateFlow(context);
            var arguments = creation.ArgumentList!.Arguments;
            List<(int Index, ExpressionSyntax Candidate)>? candidates = null;
            var found = new List<ExpressionSyntax>();
            for (var i = 0; i < arguments.Count; i++)
            {
                found.Clear();
                flow.Collect(arguments[i].Expression, found);
                foreach (var candidate in found)
                {
                    (candidates ??= new()).Add((i, candidate));
                }
            }

            if (candidates is null
                || context.SemanticModel.GetSymbolInfo(creation, context.CancellationToken).Symbol is not IMethodSymbol constructor
                || !LogSinks.IsException(constructor.ContainingType))
            {
                return;
            }

            var reported = new HashSet<(TextSpan, string)>();
            foreach (var (index, candidate) in candidates)
            {
                // The message, not the parameter name (new ArgumentException(message, paramName)) nor the inner exception.
                var parameter = arguments[index].NameColon is { } named
                    ? FindParameter(constructor, named.Name.Identifier.ValueText)
                    : index < constructor.Parameters.Length ? constructor.Parameters[index] : null;
                if (parameter is { Type.SpecialType: SpecialType.System_String } && parameter.Name != "paramName")
                {
                    flow.Check(candidate, reference => Report(context, reference, LogSinks.ExceptionMessage, reported));
                }
            }
        }

        /// <summary>
        /// Whether the member around the node (method, property, field, constructor, top-level code) names a secret in an
        /// identifier or a string (a configuration key), or reads a <c>.Value</c> where <c>WechatAccessToken</c> exists:
        /// every flow GAH003 follows starts at such a word inside the same member.
        /// </summary>
        [MethodImpl(Hot.AggressiveOptimization)]
        private bool MemberNamesSecret(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode member = context.Node;
            for (var current = context.Node.Parent; current is not null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax
                    || current is CompilationUnitSyntax)
                {
                    member = current;
                    break;
                }
            }

            var last = t_lastMember;
            if (LastAnswer<bool>.IsFor(last, member, this))
            {
                return last!.Value;
            }

            // Characters, not tokens: a scan of the member's text is much cheaper than a walk of its syntax.
            var names = !GetSettings(context).ExtraSecretNames.IsEmpty
                        || SecretTail.NamesSecret(member.SyntaxTree.GetText(context.CancellationToken), member.Span, KnowsAccessToken);
            t_lastMember = new LastAnswer<bool>(member, this, names);
            return names;
        }

        private static IParameterSymbol? FindParameter(IMethodSymbol method, string name)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name)
                {
                    return parameter;
                }
            }

            return null;
        }

        private AnalyzerSettings GetSettings(SyntaxNodeAnalysisContext context) =>
            AnalyzerSettings.For(_options, context.Node.SyntaxTree, _settingsCache);

        private SecretFlow CreateFlow(SyntaxNodeAnalysisContext context) =>
            new(
                GetSettings(context),
                _context,
                context.SemanticModel,
                KnowsAccessToken,
                _localSources,
                context.CancellationToken);

        /// <summary>
        /// Reports at the secret's read when it is in the sink's argument; otherwise at the local in the argument that
        /// carries it, with the read as an additional location (where the code fix applies). Once per place and member.
        /// </summary>
        private static void Report(SyntaxNodeAnalysisContext context, SecretReference reference, string sink, HashSet<(TextSpan, string)> reported)
        {
            var location = reference.Via ?? (SyntaxNode)reference.Expression;
            if (!reported.Add((location.Span, reference.Member)))
            {
                return;
            }

            var properties = reference.Redactable
                ? ImmutableDictionary<string, string?>.Empty.Add(SecretPropertyNames.Fix, SecretPropertyNames.RedactedValueFix)
                : ImmutableDictionary<string, string?>.Empty;
            var additional = reference.Via is null ? null : new[] { reference.Expression.GetLocation() };
            var description = reference.Via is null ? sink : sink + " through '" + reference.Via.Identifier.ValueText + "'";
            context.ReportDiagnostic(Diagnostic.Create(
                Rules.SecretInLog, location.GetLocation(), additional, properties, reference.Member, description));
        }
    }
}
