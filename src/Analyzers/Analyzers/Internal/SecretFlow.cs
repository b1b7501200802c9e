using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Finds, in the argument of a sink, the secrets and whole tokens it carries: <c>WechatAccessToken.Value</c> and any
/// text-typed member, parameter, local or method whose name the GAH001 rules call a secret, directly or through
/// interpolation, concatenation, <c>string.Format</c>/<c>Concat</c>/<c>Join</c>, conditional branches, <c>??</c>,
/// <c>ToString()</c>/<c>Trim()</c>-like calls, <c>params</c> arrays and locals (their initializers and assignments).
/// Everything else stops the flow: <c>RedactedValue</c>, <c>Length</c>, comparisons, hashing or any other call.
/// </summary>
/// <remarks>
/// Cost: <c>Collect</c> is syntax only and keeps an expression only when a name in it says secret (or it is a
/// <c>.Value</c> and the compilation knows <c>WechatAccessToken</c>), following locals by name through their initializers and
/// assignments; only what it keeps is bound by <c>Check</c>. Ordinary log calls never reach the semantic model.
/// </remarks>
internal sealed class SecretFlow
{
    private const int MaxLocalDepth = 4;

    /// <summary>Calls whose result is the receiver's text, case or whitespace aside.</summary>
    private static readonly HashSet<string> SameTextCalls = new(StringComparer.Ordinal)
    {
        "ToString", "Trim", "TrimStart", "TrimEnd", "ToUpper", "ToLower", "ToUpperInvariant", "ToLowerInvariant",
        "PadLeft", "PadRight", "AsSpan", "AsMemory", "ToCharArray", "Normalize",
    };

    private readonly AnalyzerSettings _settings;
    private readonly WechatContext _context;
    private readonly SemanticModel _model;
    private readonly bool _knowsAccessToken;
    private readonly ConcurrentDictionary<SyntaxNode, Dictionary<string, List<ExpressionSyntax>>> _localSources;
    private readonly CancellationToken _cancellationToken;

    public SecretFlow(
        AnalyzerSettings settings,
        WechatContext context,
        SemanticModel model,
        bool knowsAccessToken,
        ConcurrentDictionary<SyntaxNode, Dictionary<string, List<ExpressionSyntax>>> localSources,
        CancellationToken cancellationToken)
    {
        _settings = settings;
        _context = context;
        _model = model;
        _knowsAccessToken = knowsAccessToken;
        _localSources = localSources;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The expressions in <paramref name="expression"/> that may carry a secret, from syntax alone.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public void Collect(ExpressionSyntax expression, List<ExpressionSyntax> into) => Collect(expression, into, 0, localDepth: 0);

    /// <summary>Reports, through <paramref name="report"/>, each secret a candidate carries (following locals).</summary>
    public void Check(ExpressionSyntax candidate, Action<SecretReference> report) =>
        Check(candidate, report, depth: 0, visited: null, via: null);

    [MethodImpl(Hot.AggressiveOptimization)]
    private void Collect(ExpressionSyntax expression, List<ExpressionSyntax> into, int depth, int localDepth)
    {
        if (depth > 24)
        {
            return;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                Collect(parenthesized.Expression, into, depth + 1, localDepth);
                break;
            case CastExpressionSyntax cast:
                Collect(cast.Expression, into, depth + 1, localDepth);
                break;
            case PostfixUnaryExpressionSyntax suppress when suppress.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                Collect(suppress.Operand, into, depth + 1, localDepth);
                break;
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolationSyntax interpolation)
                    {
                        Collect(interpolation.Expression, into, depth + 1, localDepth);
                    }
                }

                break;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.CoalesceExpression):
                Collect(binary.Left, into, depth + 1, localDepth);
                Collect(binary.Right, into, depth + 1, localDepth);
                break;
            case ConditionalExpressionSyntax conditional:
                Collect(conditional.WhenTrue, into, depth + 1, localDepth);
                Collect(conditional.WhenFalse, into, depth + 1, localDepth);
                break;
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                CollectAll(initializer.Expressions, into, depth, localDepth);
                break;
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                CollectAll(implicitArray.Initializer.Expressions, into, depth, localDepth);
                break;
            case InvocationExpressionSyntax invocation:
                CollectInvocation(invocation, into, depth, localDepth);
                break;
            case MemberAccessExpressionSyntax memberAccess when memberAccess.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                if (MayCarry(memberAccess.Name.Identifier.ValueText) || ReadsSecretKey(memberAccess))
                {
                    into.Add(memberAccess);
                }

                break;
            case ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } conditionalAccess:
                if (MayCarry(binding.Name.Identifier.ValueText))
                {
                    into.Add(conditionalAccess);
                }

                break;
            case IdentifierNameSyntax identifier:
                // A secret-named symbol; or a local whose initializer or assignments carry a candidate (bound later).
                if (SecretNames.Classify(identifier.Identifier.ValueText, _settings) != SecretNameKind.None
                    || (localDepth < MaxLocalDepth && LocalMayCarry(identifier, localDepth)))
                {
                    into.Add(expression);
                }

                break;
            case ElementAccessExpressionSyntax elementAccess:
                if ((LastName(elementAccess.Expression) is { } map && SecretNames.Classify(map, _settings) != SecretNameKind.None)
                    || ReadsSecretKey(elementAccess))
                {
                    into.Add(elementAccess);
                }

                break;
        }
    }

    private void CollectAll(SeparatedSyntaxList<ExpressionSyntax> expressions, List<ExpressionSyntax> into, int depth, int localDepth)
    {
        foreach (var element in expressions)
        {
            Collect(element, into, depth + 1, localDepth);
        }
    }

    /// <summary>Whether what a local of this name is given in its member (by name, from syntax) carries a candidate.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private bool LocalMayCarry(IdentifierNameSyntax identifier, int localDepth)
    {
        var body = EnclosingBody(identifier);
        var name = identifier.Identifier.ValueText;
        if (body is null || !SecretTail.Assigns(body, body.SyntaxTree.GetText(_cancellationToken), name))
        {
            // Not a local given anything in this member (a parameter, a field, ...): nothing to follow.
            return false;
        }

        if (!_localSources.TryGetValue(body, out var byName))
        {
            byName = IndexLocalSources(body);
            _localSources.TryAdd(body, byName);
        }

        if (!byName.TryGetValue(name, out var sources))
        {
            return false;
        }

        var nested = new List<ExpressionSyntax>();
        foreach (var source in sources)
        {
            Collect(source, nested, 0, localDepth + 1);
            if (nested.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Initializers of, and values assigned to, each local name of a member: one walk of its syntax.</summary>
    private static Dictionary<string, List<ExpressionSyntax>> IndexLocalSources(SyntaxNode body)
    {
        var byName = new Dictionary<string, List<ExpressionSyntax>>(StringComparer.Ordinal);
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator:
                    Add(byName, declarator.Identifier.ValueText, initializer);
                    break;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                    when !assignment.IsKind(SyntaxKind.SubtractAssignmentExpression):
                    Add(byName, target.Identifier.ValueText, assignment.Right);
                    break;
            }
        }

        return byName;

        static void Add(Dictionary<string, List<ExpressionSyntax>> byName, string name, ExpressionSyntax value)
        {
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = new List<ExpressionSyntax>(1);
            }

            list.Add(value);
        }
    }

    private void CollectInvocation(InvocationExpressionSyntax invocation, List<ExpressionSyntax> into, int depth, int localDepth)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax memberAccess)
        {
            if (invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: var local } && local != "nameof"
                && SecretNames.ClassifyMethod(local, _settings) != SecretNameKind.None)
            {
                into.Add(invocation);
            }

            return;
        }

        var name = memberAccess.Name.Identifier.ValueText;
        if (ReadsSecretKey(invocation))
        {
            into.Add(invocation);
        }
        else if (name is "Format" or "Concat" or "Join" && IsStringType(memberAccess.Expression))
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                Collect(argument.Expression, into, depth + 1, localDepth);
            }
        }
        else if (SameTextCalls.Contains(name))
        {
            Collect(memberAccess.Expression, into, depth + 1, localDepth);
        }
        else if (SecretNames.ClassifyMethod(name, _settings) != SecretNameKind.None)
        {
            into.Add(invocation);
        }
    }

    private void Check(
        ExpressionSyntax candidate, Action<SecretReference> report, int depth, HashSet<ILocalSymbol>? visited, IdentifierNameSyntax? via)
    {
        // A configuration or environment read under a secret's key: configuration["Wechat:AppSecret"],
        // GetEnvironmentVariable("WECHAT_APP_SECRET"). The key says it all; no symbol needed.
        if (SinkFinder.ConfigurationReadKey(candidate) is { } key)
        {
            var kind = SecretNames.ClassifyKey(key, _settings);
            if (kind == SecretNameKind.Secret || (kind == SecretNameKind.Contextual && _context.Holds(candidate, null, null, _cancellationToken)))
            {
                report(new SecretReference(candidate, key, redactable: false, via));
                return;
            }
        }

        var bound = candidate switch
        {
            ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } => binding,
            ElementAccessExpressionSyntax elementAccess => elementAccess.Expression,
            _ => candidate,
        };
        var symbol = _model.GetSymbolInfo(bound, _cancellationToken).Symbol;
        switch (symbol)
        {
            case IPropertySymbol { Name: "Value" } property when IsWechatAccessToken(property.ContainingType):
                report(new SecretReference(
                    candidate, "WechatAccessToken.Value", candidate is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax, via));
                break;
            case ILocalSymbol local when !local.IsConst:
                if (IsSecret(local, local.Type, candidate, method: false))
                {
                    report(new SecretReference(candidate, local.Name, redactable: false, via));
                }
                else if (candidate is IdentifierNameSyntax identifier
                         && depth < MaxLocalDepth
                         && (visited ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local))
                {
                    foreach (var source in Sources(local))
                    {
                        var nested = new List<ExpressionSyntax>();
                        Collect(source, nested, 0, localDepth: depth + 1);
                        foreach (var next in nested)
                        {
                            Check(next, report, depth + 1, visited, via ?? identifier);
                        }
                    }
                }

                break;
            case IParameterSymbol parameter:
                if (IsSecret(parameter, parameter.Type, candidate, method: false))
                {
                    report(new SecretReference(candidate, parameter.Name, redactable: false, via));
                }

                break;
            case IFieldSymbol { IsConst: false } field:
                if (IsSecret(field, ElementOrSelf(field.Type, candidate), candidate, method: false))
                {
                    report(new SecretReference(candidate, field.ContainingType.Name + "." + field.Name, redactable: false, via));
                }

                break;
            case IPropertySymbol property:
                if (IsSecret(property, ElementOrSelf(property.Type, candidate), candidate, method: false))
                {
                    report(new SecretReference(candidate, property.ContainingType.Name + "." + property.Name, redactable: false, via));
                }

                break;
            case IMethodSymbol method when candidate is InvocationExpressionSyntax:
                if (IsSecret(method, method.ReturnType, candidate, method: true))
                {
                    report(new SecretReference(candidate, method.ContainingType.Name + "." + method.Name + "()", redactable: false, via));
                }

                break;
        }
    }

    /// <summary>For an element access (<c>AppSecrets[appId]</c>), the element's type; otherwise the type itself.</summary>
    private ITypeSymbol? ElementOrSelf(ITypeSymbol type, ExpressionSyntax candidate) =>
        candidate is ElementAccessExpressionSyntax ? _model.GetTypeInfo(candidate, _cancellationToken).Type : type;

    /// <summary>
    /// Whether a text-typed symbol's name says secret. WeChat's bare <c>secret</c> counts where the context says WeChat:
    /// for a member, the type that declares it (its name, its namespace, the ids and URLs in it); for a local or parameter,
    /// the code around the reference.
    /// </summary>
    private bool IsSecret(ISymbol symbol, ITypeSymbol? type, ExpressionSyntax reference, bool method)
    {
        if (!IsText(type))
        {
            return false;
        }

        var kind = method ? SecretNames.ClassifyMethod(symbol.Name, _settings) : SecretNames.Classify(symbol.Name, _settings);
        if (kind != SecretNameKind.Contextual)
        {
            return kind == SecretNameKind.Secret;
        }

        if (symbol is ILocalSymbol or IParameterSymbol)
        {
            return _context.Holds(reference, null, null, _cancellationToken);
        }

        if (symbol.ContainingType is { } containingType && WechatContext.TypeSaysWechat(containingType))
        {
            return true;
        }

        var declarations = symbol.DeclaringSyntaxReferences;
        return declarations.Length > 0 && _context.Holds(declarations[0].GetSyntax(_cancellationToken), null, null, _cancellationToken);
    }

    /// <summary>What a local is given: its initializer and the right-hand sides of assignments to it in its member.</summary>
    private IEnumerable<ExpressionSyntax> Sources(ILocalSymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(_cancellationToken);
            if (declaration is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                yield return initializer;
            }

            var body = EnclosingBody(declaration);
            if (body is null)
            {
                continue;
            }

            foreach (var node in body.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                    && target.Identifier.ValueText == local.Name
                    && !assignment.IsKind(SyntaxKind.SubtractAssignmentExpression)
                    && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(target, _cancellationToken).Symbol, local))
                {
                    yield return assignment.Right;
                }
            }
        }
    }

    private static SyntaxNode? EnclosingBody(SyntaxNode declaration)
    {
        for (var current = declaration.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case MemberDeclarationSyntax and not GlobalStatementSyntax:
                case LocalFunctionStatementSyntax:
                case AnonymousFunctionExpressionSyntax:
                case CompilationUnitSyntax:
                    return current;
            }
        }

        return null;
    }

    /// <summary>Whether an expression reads configuration or the environment under a key that names a secret.</summary>
    private bool ReadsSecretKey(ExpressionSyntax read) =>
        SinkFinder.ConfigurationReadKey(read) is { } key && SecretNames.ClassifyKey(key, _settings) != SecretNameKind.None;

    /// <summary>A member read that may carry a secret: a secret's name, or <c>.Value</c> where <c>WechatAccessToken</c> exists.</summary>
    private bool MayCarry(string name) =>
        name == "Value" ? _knowsAccessToken : SecretNames.Classify(name, _settings) != SecretNameKind.None;

    private static bool IsWechatAccessToken(INamedTypeSymbol? type) =>
        type is { Name: "WechatAccessToken" } && type.ContainingNamespace?.ToDisplayString() == "GenAuth.Hexagonal";

    /// <summary>Text a secret can be written as: <c>string</c>, <c>char[]</c>, <c>byte[]</c>, spans and memories of them.</summary>
    private static bool IsText(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case { SpecialType: SpecialType.System_String }:
                return true;
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_Byte }:
                return true;
            case INamedTypeSymbol { Name: "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory", TypeArguments.Length: 1 } named:
                return named.TypeArguments[0].SpecialType is SpecialType.System_Char or SpecialType.System_Byte;
            default:
                return false;
        }
    }

    private static bool IsStringType(ExpressionSyntax expression) => expression switch
    {
        PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.StringKeyword),
        IdentifierNameSyntax { Identifier.ValueText: "String" } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "String" } => true,
        _ => false,
    };

    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        _ => null,
    };
}
